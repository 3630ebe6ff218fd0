import Foundation
import WasmBinary

/// Reading the input and writing the output: the input is only ever read; the output appears whole or not at all.
/// Plain POSIX calls, so that every failure is reported with the system's reason.
enum Files {
  /// Reads a whole file (`-` reads standard input). A regular file is mapped into memory rather than copied.
  static func readInput(_ path: String) throws(Failure) -> ModuleBytes {
    if path == "-" {
      return ModuleBytes(try readAll(STDIN_FILENO, what: "standard input"))
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot read \(path): \(systemError())") }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .usage("cannot read \(path): \(systemError())") }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: throw .usage("cannot read \(path): it is a folder")
    // A file that reports no size (as some in /proc do) is read to its end instead.
    case S_IFREG where info.st_size > 0:
      guard let mapped = ModuleBytes.mapping(fileDescriptor: descriptor, count: Int(info.st_size)) else {
        throw .usage("cannot read \(path): \(systemError())")
      }
      return mapped
    default: return ModuleBytes(try readAll(descriptor, what: path))
    }
  }

  /// Writes `image` to `path` atomically: a new temporary file in the same folder, then a rename over the target.
  /// Before the rename, the file as written is mapped back and handed to `check`; if `check` throws, the target is
  /// left alone. A file that is replaced keeps its permission bits; the temporary file never outlives a failure. A
  /// symbolic link is written through (the link stays); a device or pipe (`/dev/null`) is written directly, as it
  /// cannot be replaced, and so is `-` (standard output): those are assembled and checked in memory first.
  static func writeOutput(
    _ image: ModuleImage, to path: String, check: (ModuleBytes) throws(Failure) -> Void
  ) throws(Failure) {
    if path == "-" {
      return try writeChecked(image, to: STDOUT_FILENO, what: "standard output", check: check)
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
      default: return try writeDirectly(image, to: path, check: check)
      }
    }

    let (temporary, descriptor) = try createTemporaryFile(for: target, in: folder)
    var isOpen = true
    do throws(Failure) {
      if let replaced, fchmod(descriptor, replaced) != 0 { throw .usage("cannot write \(path): \(systemError())") }
      reserveSpace(image.count, in: descriptor)
      try writeAll(image, to: descriptor, what: path)
      guard let written = ModuleBytes.mapping(fileDescriptor: descriptor, count: image.count) else {
        throw .usage("cannot read back \(path): \(systemError())")
      }
      try check(written)
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
    try ModuleBytes(text.utf8).withUnsafeBytes { (bytes) throws(Failure) in
      try writeAll(bytes, to: STDOUT_FILENO, what: "standard output")
    }
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
  private static func writeDirectly(
    _ image: ModuleImage, to path: String, check: (ModuleBytes) throws(Failure) -> Void
  ) throws(Failure) {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot write \(path): \(systemError())") }
    defer { close(descriptor) }
    try writeChecked(image, to: descriptor, what: path, check: check)
  }

  /// Assembles `image` in memory, checks it, then writes it: for outputs that cannot be read back.
  private static func writeChecked(
    _ image: ModuleImage, to descriptor: Int32, what: String, check: (ModuleBytes) throws(Failure) -> Void
  ) throws(Failure) {
    let assembled = ModuleBytes(image.bytes)
    try check(assembled)
    try assembled.withUnsafeBytes { (bytes) throws(Failure) in try writeAll(bytes, to: descriptor, what: what) }
  }

  /// Creates `.NAME.RANDOM.tmp` beside the target, exclusively: a file already there is never reused.
  private static func createTemporaryFile(for path: String, in folder: String) throws(Failure) -> (String, Int32) {
    let name = URL(fileURLWithPath: path).lastPathComponent
    for _ in 0..<16 {
      let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
      let temporary = URL(fileURLWithPath: folder).appendingPathComponent(".\(name).\(suffix).tmp").path
      // Read and write: the file is mapped back for the check before it is renamed.
      let descriptor = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
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

  /// Allocates the file's blocks before it is written. On ext4 this spares the write the delayed-allocation
  /// bookkeeping, and the rename over an existing file the writeback it would otherwise start (`auto_da_alloc`):
  /// 52 ms against 30 ms for writing and renaming 30 MB. Best effort: a failure here (a full disk) shows when writing.
  private static func reserveSpace(_ count: Int, in descriptor: Int32) {
    #if os(Linux)
      if count > 0 { _ = posix_fallocate(descriptor, 0, off_t(count)) }
    #endif
  }

  /// Writes every run of `image`; the original ranges go from the input's mapping straight to the file.
  private static func writeAll(_ image: ModuleImage, to descriptor: Int32, what: String) throws(Failure) {
    try image.forEachRun { (run) throws(Failure) in try writeAll(run, to: descriptor, what: what) }
  }

  private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, what: String) throws(Failure) {
    var written = 0
    while written < bytes.count {
      let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
      if count < 0 {
        if errno == EINTR { continue }
        throw .usage("cannot write \(what): \(systemError())")
      }
      written += count
    }
  }

  /// The system's text for the current `errno`, e.g. "No such file or directory".
  private static func systemError() -> String {
    String(cString: strerror(errno))
  }
}
