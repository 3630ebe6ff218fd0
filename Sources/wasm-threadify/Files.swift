import WasmBinary

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Reading the input and writing the output: the input is only ever read; the output appears whole or not at all.
/// Plain POSIX calls, so that every failure is reported with the system's reason.
enum Files {
  /// Writes `image` to `path` atomically and durably: a new temporary file in the same folder, flushed to the disk,
  /// then a rename over the target, then the folder flushed, so that even after a power loss the target holds either
  /// its old contents or the new ones. Before the rename, the file as written is mapped back and handed to `check`;
  /// if `check` throws, the target is left alone. A file that is replaced keeps its permission bits, and its owner
  /// and group where the system allows (set-user-ID and set-group-ID bits are kept only with the owner or group they
  /// belonged to); the temporary file never outlives a failure or a SIGINT, SIGTERM or SIGHUP. A symbolic link is
  /// written through (the link stays; a dangling one gets its target created); a device or pipe (`/dev/null`) is
  /// written directly, as it cannot be replaced, and so is `-` (standard output): those are assembled and checked in
  /// memory first.
  static func writeOutput(
    _ image: ModuleImage, to path: String, check: (ModuleBytes) throws(Failure) -> Void
  ) throws(Failure) {
    if path == "-" {
      return try writeChecked(image, to: STDOUT_FILENO, what: "standard output", check: check)
    }
    guard !path.isEmpty else { throw .usage("cannot write to an empty path") }
    let target = try resolvingLinks(path)
    var info = stat()
    let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
    guard stat(folder, &info) == 0 else {
      let reason = errno == ENOENT ? "folder \(folder) does not exist" : "\(folder): \(systemError())"
      throw .usage("cannot write \(path): \(reason)")
    }
    guard info.st_mode & S_IFMT == S_IFDIR else { throw .usage("cannot write \(path): \(folder) is not a folder") }
    var replaced: stat?
    if stat(target, &info) == 0 {
      switch info.st_mode & S_IFMT {
      case S_IFDIR: throw .usage("cannot write \(path): it is a folder")
      case S_IFREG: replaced = info
      default: return try writeDirectly(image, to: path, check: check)
      }
    }

    let (temporary, descriptor) = try TemporaryFileGuard.arm { () throws(Failure) in
      try createTemporaryFile(for: target, in: folder)
    }
    var isOpen = true
    do throws(Failure) {
      if let replaced { try keepOwnerAndMode(of: replaced, on: descriptor, path: path) }
      try writeAll(image, to: descriptor, what: path)
      guard let written = ModuleBytes.mapping(fileDescriptor: descriptor, count: image.count) else {
        throw .usage("cannot read back \(path): \(systemError())")
      }
      try check(written)
      guard fsync(descriptor) == 0 else { throw .usage("cannot write \(path): \(systemError())") }
      isOpen = false
      guard close(descriptor) == 0 else { throw .usage("cannot write \(path): \(systemError())") }
      var renamed = true
      TemporaryFileGuard.disarm { renamed = rename(temporary, target) == 0 }
      guard renamed else { throw .usage("cannot write \(path): \(systemError())") }
    } catch {
      if isOpen { close(descriptor) }
      TemporaryFileGuard.disarm { unlink(temporary) }
      throw error
    }
    try flushFolder(folder, of: path)
  }

  /// Writes `bytes` (a small file beside the output, such as a source map) to `path` atomically: a temporary file
  /// beside it, flushed, then renamed over it.
  static func writeFile(_ bytes: [UInt8], to path: String) throws(Failure) {
    guard !path.isEmpty else { throw .usage("cannot write to an empty path") }
    let target = try resolvingLinks(path)
    let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
    let (temporary, descriptor) = try TemporaryFileGuard.arm { () throws(Failure) in
      try createTemporaryFile(for: target, in: folder)
    }
    do throws(Failure) {
      // `Array.withUnsafeBytes` rethrows untyped errors; carry the typed one out in a `Result`.
      try bytes.withUnsafeBytes { run in
        Result { () throws(Failure) in try writeAll(run, to: descriptor, what: path) }
      }.get()
      guard fsync(descriptor) == 0 else { throw .usage("cannot write \(path): \(systemError())") }
    } catch {
      close(descriptor)
      TemporaryFileGuard.disarm { unlink(temporary) }
      throw error
    }
    close(descriptor)
    var renamed = true
    TemporaryFileGuard.disarm { renamed = rename(temporary, target) == 0 }
    guard renamed else { throw .usage("cannot write \(path): \(systemError())") }
    try flushFolder(folder, of: path)
  }

  /// Follows symbolic links from `path` (relative ones from the link's folder) to what they finally name, which may
  /// not exist yet: a dangling link is written through, creating its target.
  private static func resolvingLinks(_ path: String) throws(Failure) -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &buffer, buffer.count - 1)
      guard length >= 0 else { throw .usage("cannot write \(path): \(systemError())") }
      let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        destination.hasPrefix("/")
        ? destination
        : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
    }
    throw .usage("cannot write \(path): \(String(cString: strerror(ELOOP)))")
  }

  /// Gives the temporary file the replaced file's owner and group where the system allows (root may; anyone may
  /// keep their own), then its mode, without the set-user-ID or set-group-ID bit whose owner or group it could not
  /// keep: a set-user-ID file of another user must not come back set-user-ID with a new owner.
  private static func keepOwnerAndMode(of replaced: stat, on descriptor: Int32, path: String) throws(Failure) {
    _ = fchown(descriptor, replaced.st_uid, replaced.st_gid)
    var now = stat()
    guard fstat(descriptor, &now) == 0 else { throw .usage("cannot write \(path): \(systemError())") }
    var mode = replaced.st_mode & 0o7777
    if now.st_uid != replaced.st_uid { mode &= ~S_ISUID }
    if now.st_gid != replaced.st_gid { mode &= ~S_ISGID }
    guard fchmod(descriptor, mode) == 0 else { throw .usage("cannot write \(path): \(systemError())") }
  }

  /// Flushes the folder after the rename, so that the new name survives a power loss.
  private static func flushFolder(_ folder: String, of path: String) throws(Failure) {
    let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot write \(path): \(folder): \(systemError())") }
    defer { close(descriptor) }
    // Some file systems cannot flush a folder (EINVAL); the file itself is on the disk already.
    guard fsync(descriptor) == 0 || errno == EINVAL else {
      throw .usage("cannot write \(path): \(folder): \(systemError())")
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

  /// Creates `.NAME.RANDOM.tmp` beside the target, exclusively: a file already there is never reused. A long NAME is
  /// shortened so that the temporary name stays within the system's 255-byte limit.
  private static func createTemporaryFile(for path: String, in folder: String) throws(Failure) -> (String, Int32) {
    let name = shortened(
      URL(fileURLWithPath: path).lastPathComponent, toBytes: 255 - ".".count - ".".count - 13 - ".tmp".count)
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

  /// The longest prefix of `name` that has at most `limit` bytes of UTF-8 (whole characters only).
  private static func shortened(_ name: String, toBytes limit: Int) -> String {
    var result = ""
    var count = 0
    for character in name {
      count += character.utf8.count
      guard count <= limit else { break }
      result.append(character)
    }
    return result
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
  static func systemError() -> String {
    String(cString: strerror(errno))
  }
}
