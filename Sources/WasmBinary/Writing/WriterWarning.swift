/// Something the writer did that the user must know about: custom sections it dropped rather than leave stale.
public struct WriterWarning: Sendable, Equatable, CustomStringConvertible {
  /// The names of the custom sections dropped, in module order.
  public let droppedSections: [String]
  /// Why they were dropped.
  public let reason: String

  /// The warning as one line, without a `warning:` prefix.
  public var description: String {
    "dropped \(droppedSections.joined(separator: ", ")): \(reason)"
  }
}
