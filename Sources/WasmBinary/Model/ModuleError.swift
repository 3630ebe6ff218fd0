/// A malformed module: where and what.
public struct ModuleError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The byte offset in the file where the problem was found, when known.
  public let offset: Int?
  /// What is wrong, in words.
  public let message: String

  /// Creates an error at `offset` (nil when no single byte is to blame).
  public init(offset: Int?, _ message: String) {
    self.offset = offset
    self.message = message
  }

  /// `offset 0x1a (26): <message>`, or just the message when there is no offset.
  public var description: String {
    guard let offset else { return message }
    return "offset 0x\(String(offset, radix: 16)) (\(offset)): \(message)"
  }
}
