#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Reads rule files by path; a base named by `extends` is resolved relative to the extending file's path.
///
/// The loader never touches the file system itself, so that bundled rule sets and tests can supply their own texts.
public struct RuleFileReader: Sendable {
  /// Returns the text of the rule file at `path`; a thrown error's description is shown to the user.
  let read: @Sendable (_ path: String) throws -> String

  /// Creates a reader from a function returning a file's text.
  public init(read: @escaping @Sendable (_ path: String) throws -> String) {
    self.read = read
  }

  /// Reads UTF-8 files from the file system; a file larger than ``RuleLimits/maxFileBytes`` is refused after reading
  /// one byte more than that (so a device such as `/dev/zero` cannot exhaust memory). Errors keep the system's reason
  /// (`cannot read the file: Is a directory`).
  public static let fileSystem = RuleFileReader { path in
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let reason = errno
      throw ReadFailure(description: reason == ENOENT ? "no such file" : "cannot open the file: \(describe(reason))")
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= RuleLimits.maxFileBytes {
      let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, into: $0) }
      if count == 0 { break }
      if count < 0 {
        let reason = errno
        if reason == EINTR { continue }
        throw ReadFailure(description: "cannot read the file: \(describe(reason))")
      }
      bytes += chunk[..<count]
    }
    guard bytes.count <= RuleLimits.maxFileBytes else { throw ReadFailure(description: RuleLimits.fileTooLarge) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw ReadFailure(description: "the file is not UTF-8 text")
    }
    return text
  }

  private static func describe(_ error: Int32) -> String { String(cString: strerror(error)) }

  private struct ReadFailure: Error, CustomStringConvertible {
    let description: String
  }
}

/// `read(2)` (the name `read` is the reader's own property inside `RuleFileReader`).
private func readBytes(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
  read(descriptor, buffer.baseAddress, buffer.count)
}
