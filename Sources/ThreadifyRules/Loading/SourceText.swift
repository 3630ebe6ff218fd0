import Yams

/// The text of one rule file, kept to locate YAML marks and template lines.
struct SourceText {
  /// The file's path as given (or as resolved from `extends`), used in every location.
  let path: String
  /// The file's lines without their line breaks.
  let lines: [Substring]

  init(path: String, text: String) {
    self.path = path
    // "\r\n" is one Character in Swift, so both line breaks are separators.
    self.lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
  }

  /// A location in this file.
  func location(line: Int, column: Int) -> SourceLocation {
    SourceLocation(file: path, line: line, column: column)
  }

  /// The location of a YAML mark (the start of the file when Yams gives none).
  func location(_ mark: Mark?) -> SourceLocation {
    location(line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  /// Line `number` (1-based) as unicode scalars, the unit YAML columns count in; empty past the end.
  func scalars(ofLine number: Int) -> [Unicode.Scalar] {
    lines.indices.contains(number - 1) ? Array(lines[number - 1].unicodeScalars) : []
  }
}
