import Foundation
import TestSupport
import Testing
import WasmBinary

/// `--source-map`: a wasm source map (generated columns are file offsets) made from a fixture's line table, rewritten
/// by a patch that moves code; every mapping must name the same instruction bytes in the output as in the input.
@Suite struct SourceMapRoundTripTests {
  /// A Base64 VLQ encoder of the test's own (the source map format, not wasm-threadify's code).
  static func vlq(_ value: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var rest = value < 0 ? ((-value) << 1) | 1 : value << 1
    var text = ""
    repeat {
      var digit = rest & 31
      rest >>= 5
      if rest > 0 { digit |= 32 }
      text.append(alphabet[digit])
    } while rest > 0
    return text
  }

  /// The generated columns of a one-line mappings string.
  static func columns(_ mappings: String) -> [Int] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var column = 0
    return mappings.split(separator: ",").map { segment in
      var value = 0
      var shift = 0
      for character in segment.utf8 {
        let digit = alphabet.firstIndex(of: character)!
        value |= (digit & 31) << shift
        shift += 5
        if digit & 32 == 0 { break }
      }
      column += value & 1 == 1 ? -(value >> 1) : value >> 1
      return column
    }
  }

  /// A source map with one mapping per line-table row of `module` (what emscripten's wasm-sourcemap.py writes).
  static func sourceMap(of module: [UInt8]) throws -> (json: String, columns: [Int]) {
    let read = try WasmModule(bytes: module)
    let code = try #require(read.sections.first { $0.kind == .code })
    let dump = try OutsideTool.llvmDwarfdump.run(["--debug-line"], onModule: module)
    var columns: [Int] = []
    var segments: [String] = []
    var previous = (column: 0, line: 0, sourceColumn: 0)
    for line in dump.output.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count >= 7, fields[0].hasPrefix("0x"), let address = Int(fields[0].dropFirst(2), radix: 16),
        address < code.content.count, !line.contains("end_sequence"), let row = Int(fields[1]),
        let rowColumn = Int(fields[2])
      else { continue }
      let column = code.content.lowerBound + address
      guard column > (columns.last ?? -1) else { continue }
      columns.append(column)
      segments.append(
        vlq(column - previous.column) + "A" + vlq(row - 1 - previous.line) + vlq(rowColumn - previous.sourceColumn))
      previous = (column, row - 1, rowColumn)
    }
    let json = #"{"version":3,"sources":["demo.c"],"names":[],"mappings":""# + segments.joined(separator: ",") + #""}"#
    return (json, columns)
  }

  static let cases: [(name: String, arguments: [String])] = [
    ("demo-c-dwarf5.wasm", []),
    ("demo-c-dwarf5.wasm", ["--set", "stack_guard=1"]),
    ("demo-c-many-functions-dwarf5.wasm", ["--set", "stack_guard=1"]),
  ]

  @Test(arguments: cases.indices)
  func everyMappingNamesTheSameInstructionAfterThePatch(_ index: Int) throws {
    let (name, arguments) = Self.cases[index]
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try Data(contentsOf: DebugInfoPatchTests.fixture(name)).map { $0 }
    try scratch.write(input, to: "in.wasm")
    let map = try Self.sourceMap(of: input)
    #expect(map.columns.count > 150)
    try scratch.write(Array(map.json.utf8), to: "in.wasm.map")
    let run = try scratch.run(
      ["patch", "in.wasm", "-o", "out.wasm", "--source-map", "in.wasm.map", "--output-source-map", "out.wasm.map"]
        + arguments)
    try #require(run.status == 0, "\(run)")
    #expect(run.standardError.isEmpty, "\(run.standardError)")
    let output = try scratch.bytes("out.wasm")
    let url = try #require(try WasmModule(bytes: output).customSections.first { $0.name == "sourceMappingURL" })
    #expect(Array(url.payload) == [UInt8("out.wasm.map".utf8.count)] + Array("out.wasm.map".utf8))
    let json = String(decoding: try scratch.bytes("out.wasm.map"), as: UTF8.self)
    let mappings = try #require(json.firstMatch(of: /"mappings":"([^"]*)"/)).output.1
    let moved = Self.columns(String(mappings))
    let stackGuard = !arguments.isEmpty
    #expect(moved.count == map.columns.count)
    #expect(try Self.correct(input, map.columns, output, moved, stackGuard) == map.columns.count - 1)
    // Control: the input's map read against the output is wrong for most mappings.
    #expect(try Self.correct(input, map.columns, output, map.columns, stackGuard) * 2 < map.columns.count)
  }

  /// How many mappings (all but the last, which has no next) name the same instructions: the bytes from each column
  /// to the next, or to the end of its function body.
  static func correct(_ input: [UInt8], _ before: [Int], _ output: [UInt8], _ after: [Int], _ stackGuard: Bool)
    throws -> Int
  {
    guard before.count == after.count else { return 0 }
    let inputEnds = try bodyEnds(input)
    let outputEnds = try bodyEnds(output)
    func span(_ module: [UInt8], _ ends: [Int], _ start: Int, _ next: Int) -> ArraySlice<UInt8>? {
      let end = min(next, ends.first { $0 > start } ?? next)
      return start < end && end <= module.count ? module[start..<end] : nil
    }
    return (0..<(before.count - 1)).filter { index in
      DWARFCheck.same(
        span(input, inputEnds, before[index], before[index + 1]),
        span(output, outputEnds, after[index], after[index + 1]), stackGuard)
    }.count
  }

  /// The file offset where each function body of `module` ends, in order (read from the code section's size fields).
  static func bodyEnds(_ module: [UInt8]) throws -> [Int] {
    let code = try #require(try WasmModule(bytes: module).sections.first { $0.kind == .code }).content
    var offset = code.lowerBound
    func leb() -> Int {
      var value = 0
      var shift = 0
      while offset < code.upperBound {
        let byte = Int(module[offset])
        offset += 1
        value |= (byte & 0x7f) << shift
        shift += 7
        if byte & 0x80 == 0 { break }
      }
      return value
    }
    return (0..<leb()).map { _ in
      let size = leb()
      offset += size
      return offset
    }
  }

  @Test func aMalformedSourceMapIsAUsageError() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    _ = try scratch.copy(DebugInfoPatchTests.fixture("demo-c-dwarf5.wasm"), as: "in.wasm")
    try scratch.write(Array(#"{"version":3,"mappings":"A!"}"#.utf8), to: "in.wasm.map")
    let run = try scratch.run(
      ["patch", "in.wasm", "-o", "out.wasm", "--source-map", "in.wasm.map", "--output-source-map", "out.wasm.map"])
    #expect(run.status == 2, "\(run)")
    #expect(run.standardError.contains("in.wasm.map: mappings at character"), "\(run.standardError)")
  }
}
