/// A version 3 source map file (JSON) with its `mappings` rewritten (``SourceMapMappings``); every other byte of the
/// file is kept as it is. Reads only as much JSON as it takes to find the top-level `mappings` string.
public enum SourceMapFile {
  /// `json` with the generated columns of its mappings mapped by `column`, and how many segments were kept and left
  /// out.
  public static func rewrite(_ json: [UInt8], column: (Int) -> Int?) throws(SourceMapMappings.Malformed) -> (
    json: [UInt8], kept: Int, dropped: Int
  ) {
    var scanner = JSONScanner(bytes: json)
    let range = try scanner.topLevelString(named: "mappings")
    let mappings = String(decoding: json[range], as: UTF8.self)
    let rewritten = try SourceMapMappings.rewrite(mappings, column: column)
    return (
      Array(json[..<range.lowerBound]) + Array(rewritten.mappings.utf8) + Array(json[range.upperBound...]),
      rewritten.kept, rewritten.dropped
    )
  }
}

/// Just enough of a JSON reader to find a top-level string member: skips strings (with escapes), numbers,
/// literals, and nested arrays and objects (to a bounded depth).
private struct JSONScanner {
  let bytes: [UInt8]
  var offset = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  private func error(_ message: String) -> SourceMapMappings.Malformed {
    SourceMapMappings.Malformed(offset: offset, message: "source map JSON: \(message)")
  }

  private mutating func skipSpace() {
    while offset < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[offset]) { offset += 1 }
  }

  private mutating func expect(_ character: UInt8) throws(SourceMapMappings.Malformed) {
    skipSpace()
    guard offset < bytes.count, bytes[offset] == character else {
      throw error("expected '\(Character(Unicode.Scalar(character)))'")
    }
    offset += 1
  }

  /// The contents of the string at `offset`, without its quotes.
  private mutating func string() throws(SourceMapMappings.Malformed) -> Range<Int> {
    try expect(UInt8(ascii: "\""))
    let start = offset
    while offset < bytes.count {
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        defer { offset += 1 }
        return start..<offset
      case UInt8(ascii: "\\"): offset += 2
      default: offset += 1
      }
    }
    throw error("a string is not closed")
  }

  private mutating func skipValue(depth: Int) throws(SourceMapMappings.Malformed) {
    guard depth < 64 else { throw error("nested too deeply") }
    skipSpace()
    guard offset < bytes.count else { throw error("a value is missing") }
    switch bytes[offset] {
    case UInt8(ascii: "\""): _ = try string()
    case UInt8(ascii: "["), UInt8(ascii: "{"):
      let object = bytes[offset] == UInt8(ascii: "{")
      let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
      offset += 1
      skipSpace()
      if offset < bytes.count, bytes[offset] == close {
        offset += 1
        return
      }
      while true {
        if object {
          _ = try string()
          try expect(UInt8(ascii: ":"))
        }
        try skipValue(depth: depth + 1)
        skipSpace()
        guard offset < bytes.count else { throw error("an array or object is not closed") }
        let next = bytes[offset]
        offset += 1
        if next == close { return }
        guard next == UInt8(ascii: ",") else { throw error("expected ',' or the end of an array or object") }
      }
    default:
      let start = offset
      while offset < bytes.count,
        !(bytes[offset] == UInt8(ascii: ",") || bytes[offset] == UInt8(ascii: "}")
          || bytes[offset] == UInt8(ascii: "]") || [0x20, 0x09, 0x0a, 0x0d].contains(bytes[offset]))
      {
        offset += 1
      }
      guard offset > start else { throw error("a value is missing") }
    }
  }

  /// The range of the string value of top-level member `name`.
  mutating func topLevelString(named name: String) throws(SourceMapMappings.Malformed) -> Range<Int> {
    let key = Array(name.utf8)
    try expect(UInt8(ascii: "{"))
    while true {
      let member = try string()
      try expect(UInt8(ascii: ":"))
      if Array(bytes[member]) == key {
        let value = try string()
        guard !bytes[value].contains(UInt8(ascii: "\\")) else { throw error("escapes in \(name)") }
        return value
      }
      try skipValue(depth: 1)
      skipSpace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: ",") else { throw error("no \"\(name)\" member") }
      offset += 1
    }
  }
}
