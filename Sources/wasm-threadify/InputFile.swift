import WasmBinary

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Reading the input in bounded memory, whatever it is: a regular file is mapped (never copied); anything else (a
/// pipe, a device such as `/dev/zero`, standard input) is read only after its first 8 bytes are a module header, and
/// no more than ``maximumSize`` bytes of it.
extension Files {
  /// The largest input accepted: 4 GiB less one byte. No engine loads a module that large (V8 stops at 1 GiB), a
  /// 32-bit memory cannot hold one, and section sizes are 32-bit.
  static let maximumSize = Int(UInt32.max)

  /// Reads a whole file (`-` reads standard input). A regular file is mapped into memory rather than copied.
  static func readInput(_ path: String) throws(Failure) -> ModuleBytes {
    if path == "-" { return try readInput(STDIN_FILENO, what: "standard input") }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot read \(path): \(systemError())") }
    defer { close(descriptor) }
    return try readInput(descriptor, what: path)
  }

  private static func readInput(_ descriptor: Int32, what: String) throws(Failure) -> ModuleBytes {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .usage("cannot read \(what): \(systemError())") }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: throw .usage("cannot read \(what): it is a folder")
    // A file that reports no size (as some in /proc do) is read to its end instead. Standard input redirected from a
    // file is mapped too, when it is read from the start.
    case S_IFREG where info.st_size > 0 && lseek(descriptor, 0, SEEK_CUR) <= 0:
      guard info.st_size <= maximumSize else { throw tooLarge(what, size: "\(info.st_size) bytes") }
      guard let mapped = ModuleBytes.mapping(fileDescriptor: descriptor, count: Int(info.st_size)) else {
        throw .usage("cannot read \(what): \(systemError())")
      }
      return mapped
    default: return ModuleBytes(try readStream(descriptor, what: what))
    }
  }

  /// Reads until end of file: first the 8-byte header, which must be a module's (so that `/dev/zero` or a stream of
  /// text is rejected at once), then the rest into a buffer grown by doubling, up to ``maximumSize``.
  private static func readStream(_ descriptor: Int32, what: String) throws(Failure) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 8)
    var filled = try fill(&bytes, from: 0, descriptor, what: what)
    if filled < 8 || !bytes.elementsEqual(ModuleHeader.bytes) {
      // Not a module: let the reader name the problem (an 8-byte prefix is enough for it to do so).
      let prefix = Array(bytes[..<filled])
      do { _ = try WasmModule(bytes: prefix) } catch { throw .refused("\(what): malformed module: \(error)") }
      return prefix  // exactly a header and nothing else: an empty module
    }
    bytes += [UInt8](repeating: 0, count: (1 << 16) - 8)
    while true {
      filled = try fill(&bytes, from: filled, descriptor, what: what)
      if filled < bytes.count {
        bytes.removeSubrange(filled...)
        return bytes
      }
      guard bytes.count < maximumSize else { throw tooLarge(what, size: "more than \(maximumSize) bytes") }
      bytes += [UInt8](repeating: 0, count: min(bytes.count, maximumSize + 1 - bytes.count))
    }
  }

  /// Reads into `bytes` from `start` until it is full or the input ends; returns how many bytes `bytes` holds.
  private static func fill(_ bytes: inout [UInt8], from start: Int, _ descriptor: Int32, what: String) throws(Failure)
    -> Int
  {
    var filled = start
    while filled < bytes.count {
      let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw .usage("cannot read \(what): \(systemError())")
      }
      filled += count
    }
    return filled
  }

  private static func tooLarge(_ what: String, size: String) -> Failure {
    .refused("\(what): refused: \(size) is larger than any module with a 32-bit memory (at most 4 GiB - 1)")
  }
}

/// The 8-byte header every core module starts with: `\0asm`, version 1.
enum ModuleHeader {
  static let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
}
