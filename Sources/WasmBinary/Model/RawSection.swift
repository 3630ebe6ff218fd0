/// A section as found in the file: where its bytes are.
public struct RawSection: Sendable, Equatable {
  /// The section id byte (see ``SectionID``).
  public let id: UInt8
  /// The whole section: from the id byte through the end of the payload.
  public let range: Range<Int>
  /// The payload: everything after the size field (for a custom section this starts with the name).
  public let payload: Range<Int>
  /// The name of a custom section; nil for the other sections.
  public let customName: String?
  /// The section's content: the payload, minus the name for a custom section.
  public let content: Range<Int>

  /// The kind of section (the reader accepts known ids only, so this is never nil for a section it returned).
  public var kind: SectionID? { SectionID(rawValue: id) }
}
