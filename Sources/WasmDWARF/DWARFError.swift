/// Why a DWARF section cannot be rewritten exactly: the section, the byte offset in it, and what is wrong there.
public struct DWARFError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The section's name, e.g. `.debug_line`.
  public let section: String
  /// The offset in the section's payload where the problem is.
  public let offset: Int
  /// What is wrong.
  public let message: String

  /// An error at `offset` of `section`.
  public init(_ section: String, offset: Int, _ message: String) {
    self.section = section
    self.offset = offset
    self.message = message
  }

  /// The error as one line.
  public var description: String { "\(section) at offset \(offset): \(message)" }
}
