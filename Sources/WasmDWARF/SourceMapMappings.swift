/// The `mappings` of a version 3 source map (Base64 VLQ), rewritten so that each segment's generated column — a file
/// offset, for WebAssembly — names the same byte of the patched module.
public enum SourceMapMappings {
  /// Why the mappings cannot be read.
  public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
    /// The character offset in the mappings string.
    public let offset: Int
    /// What is wrong there.
    public let message: String
    public var description: String { "mappings at character \(offset): \(message)" }
  }

  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  private static let values: [Int8] = {
    var table = [Int8](repeating: -1, count: 128)
    for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
    return table
  }()

  /// `mappings` with every generated column mapped by `column`; a segment whose column maps to `nil` (outside the
  /// code) is left out. Returns the new mappings and how many segments were kept and left out.
  public static func rewrite(_ mappings: String, column: (Int) -> Int?) throws(Malformed) -> (
    mappings: String, kept: Int, dropped: Int
  ) {
    let text = Array(mappings.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(text.count + 16)
    var kept = 0
    var dropped = 0
    // Source index, line, column and name index are relative across the whole string; the generated column
    // restarts at each line. `previous` holds the output's running values.
    var input = [0, 0, 0, 0]
    var previous = [0, 0, 0, 0]
    var index = 0
    var lines = text.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).makeIterator()
    var firstLine = true
    while let line = lines.next() {
      if !firstLine { output.append(UInt8(ascii: ";")) }
      firstLine = false
      var generated = 0
      var previousGenerated = 0
      var firstSegment = true
      for segment in line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
        var fields: [Int] = []
        var cursor = segment.startIndex
        while cursor < segment.endIndex {
          fields.append(try vlq(segment, &cursor, offset: index + cursor - line.startIndex))
        }
        guard [1, 4, 5].contains(fields.count) else {
          throw Malformed(offset: segment.startIndex, message: "a segment of \(fields.count) fields")
        }
        generated += fields[0]
        for field in 1..<fields.count { input[field - 1] += fields[field] }
        guard let mapped = column(generated), mapped >= previousGenerated else {
          dropped += 1
          continue
        }
        if !firstSegment { output.append(UInt8(ascii: ",")) }
        firstSegment = false
        encode(mapped - previousGenerated, into: &output)
        previousGenerated = mapped
        for field in 1..<fields.count {
          encode(input[field - 1] - previous[field - 1], into: &output)
          previous[field - 1] = input[field - 1]
        }
        kept += 1
      }
      index += line.count + 1
    }
    return (String(decoding: output, as: UTF8.self), kept, dropped)
  }

  private static func vlq(_ text: ArraySlice<UInt8>, _ cursor: inout Int, offset: Int) throws(Malformed) -> Int {
    var value = 0
    var shift = 0
    while true {
      guard cursor < text.endIndex else { throw Malformed(offset: offset, message: "a value is cut short") }
      let character = text[cursor]
      guard character < 128, values[Int(character)] >= 0 else {
        throw Malformed(offset: offset, message: "'\(Character(Unicode.Scalar(character)))' is no Base64 digit")
      }
      guard shift <= 30 else { throw Malformed(offset: offset, message: "a value longer than 32 bits") }
      let digit = Int(values[Int(character)])
      cursor += 1
      value |= (digit & 31) << shift
      shift += 5
      if digit & 32 == 0 { break }
    }
    return value & 1 == 1 ? -(value >> 1) : value >> 1
  }

  private static func encode(_ value: Int, into output: inout [UInt8]) {
    var rest = value < 0 ? ((-value) << 1) | 1 : value << 1
    repeat {
      var digit = rest & 31
      rest >>= 5
      if rest > 0 { digit |= 32 }
      output.append(alphabet[digit])
    } while rest > 0
  }
}
