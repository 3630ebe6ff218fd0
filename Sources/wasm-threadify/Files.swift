import Foundation

/// Reading the input and writing the output: the input is only ever read; the output appears whole or not at all.
/// Plain POSIX calls, so that every failure is reported with the system's reason.
enum Files {
  /// Reads a whole file (`-` reads standard input).
  static func readInput(_ path: String) throws(Failure) -> [UInt8] {
    if path == "-" {
      return try readAll(STDIN_FILENO, what: "standard input")
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot read \(path): \(systemError())") }
    defer { close(descriptor) }
    if fileType(descriptor: descriptor) == S_IFDIR {
      throw .usage("cannot read \(path): it is a folder")
    }
    return try readAll(descriptor, what: path)
  }

  /// Writes `bytes` to `path` atomically: a new temporary file in the same folder, then a rename over the target.
  /// A file that is replaced keeps its permission bits; the temporary file never outlives a failure. A symbolic link
  /// is written through (the link stays); a device or pipe (`/dev/null`) is written directly, as it cannot be
  /// replaced. `-` writes to standard output.
  static func writeOutput(_ bytes: [UInt8], to path: String) throws(Failure) {
    if path == "-" {
      try writeAll(bytes, to: STDOUT_FILENO, what: "standard output")
      return
    }
    guard !path.isEmpty else { throw .usage("cannot write to an empty path") }
    var info = stat()
    var target = path
    if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
      target = String(cString: resolved)
      free(resolved)
    }
    let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
    guard stat(folder, &info) == 0 else {
      let reason = errno == ENOENT ? "folder \(folder) does not exist" : "\(folder): \(systemError())"
      throw .usage("cannot write \(path): \(reason)")
    }
    guard info.st_mode & S_IFMT == S_IFDIR else { throw .usage("cannot write \(path): \(folder) is not a folder") }
    var replaced: mode_t?
    if stat(target, &info) == 0 {
      switch info.st_mode & S_IFMT {
      case S_IFDIR: throw .usage("cannot write \(path): it is a folder")
      case S_IFREG: replaced = info.st_mode & 0o7777
      default: return try writeDirectly(bytes, to: path)
      }
    }

    let (temporary, descriptor) = try createTemporaryFile(for: target, in: folder)
    var isOpen = true
    do throws(Failure) {
      if let replaced, fchmod(descriptor, replaced) != 0 { throw .usage("cannot write \(path): \(systemError())") }
      try writeAll(bytes, to: descriptor, what: path)
      isOpen = false
      guard close(descriptor) == 0 else { throw .usage("cannot write \(path): \(systemError())") }
      guard rename(temporary, target) == 0 else { throw .usage("cannot write \(path): \(systemError())") }
    } catch {
      if isOpen { close(descriptor) }
      unlink(temporary)
      throw error
    }
  }

  /// Writes text to standard output, reporting a failure (a full disk, a closed descriptor) instead of ignoring it.
  static func writeStandardOutput(_ text: String) throws(Failure) {
    try writeAll(Array(text.utf8), to: STDOUT_FILENO, what: "standard output")
  }

  /// Whether two paths name the same existing file (through symbolic or hard links), so that the input is never
  /// overwritten by accident.
  static func sameFile(_ first: String, _ second: String) -> Bool {
    guard first != "-", second != "-" else { return false }
    var one = stat()
    var other = stat()
    guard stat(first, &one) == 0, stat(second, &other) == 0 else { return false }
    return one.st_dev == other.st_dev && one.st_ino == other.st_ino
  }

  /// Writes to something that is not a regular file, such as a device or a named pipe.
  private static func writeDirectly(_ bytes: [UInt8], to path: String) throws(Failure) {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot write \(path): \(systemError())") }
    defer { close(descriptor) }
    try writeAll(bytes, to: descriptor, what: path)
  }

  /// Creates `.NAME.RANDOM.tmp` beside the target, exclusively: a file already there is never reused.
  private static func createTemporaryFile(for path: String, in folder: String) throws(Failure) -> (String, Int32) {
    let name = URL(fileURLWithPath: path).lastPathComponent
    for _ in 0..<16 {
      let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
      let temporary = URL(fileURLWithPath: folder).appendingPathComponent(".\(name).\(suffix).tmp").path
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if descriptor >= 0 { return (temporary, descriptor) }
      guard errno == EEXIST else {
        throw .usage("cannot write \(path): cannot create a file in \(folder): \(systemError())")
      }
    }
    throw .usage("cannot write \(path): cannot create a temporary file in \(folder)")
  }

  /// Reads until end of file straight into one buffer, sized from the file's size when it has one (so a large
  /// module is read with one allocation and no copy), grown by doubling otherwise (standard input, pipes).
  private static func readAll(_ descriptor: Int32, what: String) throws(Failure) -> [UInt8] {
    var info = stat()
    let sizeHint = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : 0
    // One byte more than the size, so that the read that finds the end of the file needs no growth.
    var bytes = [UInt8](repeating: 0, count: max(sizeHint + 1, 1 << 16))
    var filled = 0
    while true {
      if filled == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
      let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
      if count == 0 {
        bytes.removeSubrange(filled...)
        return bytes
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw .usage("cannot read \(what): \(systemError())")
      }
      filled += count
    }
  }

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, what: String) throws(Failure) {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .usage("cannot write \(what): \(systemError())")
      }
      written += count
    }
  }

  private static func fileType(descriptor: Int32) -> mode_t? {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  /// The system's text for the current `errno`, e.g. "No such file or directory".
  private static func systemError() -> String {
    String(cString: strerror(errno))
  }
}
