/// Splits UTF-8 text into lines by its bytes, giving the lines that splitting its Characters would, without walking
/// graphemes.
///
/// `"\n"` is a Character of its own except in `"\r\n"` (grapheme clusters always break around line feeds, apart from
/// joining a carriage return to them), so a byte search for `"\n"` finds every candidate break.
enum LineSplitter {
  /// What a `"\r\n"` is.
  enum CarriageReturnLineFeed {
    /// A line break like `"\n"`, removed with it (as splitting at the Characters `"\n"` and `"\r\n"`).
    case lineBreak
    /// Part of the line (as splitting at the Character `"\n"` only).
    case text
  }

  /// The byte ranges of the lines of `bytes`, empty ones included (`omittingEmptySubsequences: false`).
  static func lineRanges(of bytes: [UInt8], carriageReturnLineFeed: CarriageReturnLineFeed) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var lineStart = 0
    for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
      if index == lineStart || bytes[index - 1] != UInt8(ascii: "\r") {
        ranges.append(lineStart..<index)
        lineStart = index + 1
      } else if carriageReturnLineFeed == .lineBreak {
        ranges.append(lineStart..<index - 1)
        lineStart = index + 1
      }
    }
    ranges.append(lineStart..<bytes.count)
    return ranges
  }
}
