import Yams

/// The text of one rule file, kept to locate YAML marks and template lines.
struct SourceText {
  /// The file's path as given (or as resolved from `extends`), used in every location.
  let path: String
  /// The file's text as UTF-8.
  private let bytes: [UInt8]
  /// The byte ranges of the file's lines, without their line breaks (`\n` or `\r\n`).
  private let lineRanges: [Range<Int>]

  init(path: String, text: String) {
    self.path = path
    self.bytes = Array(text.utf8)
    self.lineRanges = LineSplitter.lineRanges(of: bytes, carriageReturnLineFeed: .lineBreak)
  }

  /// The number of lines.
  var lineCount: Int { lineRanges.count }

  /// A location in this file.
  func location(line: Int, column: Int) -> SourceLocation {
    SourceLocation(file: path, line: line, column: column)
  }

  /// The location of a YAML mark (the start of the file when Yams gives none).
  func location(_ mark: Mark?) -> SourceLocation {
    location(line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  /// Line `number` (1-based) as UTF-8; empty past the end.
  func utf8(ofLine number: Int) -> ArraySlice<UInt8> {
    lineRanges.indices.contains(number - 1) ? bytes[lineRanges[number - 1]] : []
  }

  /// Line `number` (1-based) as unicode scalars, the unit YAML columns count in; empty past the end.
  func scalars(ofLine number: Int) -> [Unicode.Scalar] {
    Array(String(decoding: utf8(ofLine: number), as: UTF8.self).unicodeScalars)
  }
}
