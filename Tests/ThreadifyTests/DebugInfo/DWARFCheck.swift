import Foundation
import TestSupport
import Testing
import WasmBinary

/// A test tool that checks a patched module's DWARF against its input's, by what `llvm-dwarfdump` reads from both:
/// each line-table row must keep its line, column and file and name the same instruction bytes (the bytes up to the
/// next row of its sequence), and each `DW_AT_low_pc`/`DW_AT_high_pc` pair and range the same bytes.
struct DWARFCheck {
  /// How many rows and address ranges of the input its output describes correctly.
  struct Tally: Equatable, CustomStringConvertible {
    var rows = 0
    var rowsCorrect = 0
    var ranges = 0
    var rangesCorrect = 0

    var allCorrect: Bool { rows == rowsCorrect && ranges == rangesCorrect }
    var description: String { "rows \(rowsCorrect)/\(rows), addresses \(rangesCorrect)/\(ranges)" }
  }

  /// One line-table row: its code address and source position.
  private struct Row {
    let address: Int
    let position: String
    let endsSequence: Bool
  }

  /// `llvm-dwarfdump --verify` of `module`: its status and output.
  static func verify(_ module: [UInt8]) throws -> ProcessResult {
    try OutsideTool.llvmDwarfdump.run(["--verify"], onModule: module)
  }

  /// Compares every row and address range of `input`'s DWARF with `output`'s; with `stackGuard`, the output's code
  /// is compared with its stack guards undone (``StackGuardUndo``).
  static func compare(input: [UInt8], output: [UInt8], stackGuard: Bool = false) throws -> Tally {
    let inputRows = try rows(of: input)
    let outputRows = try rows(of: output)
    let inputRanges = try ranges(of: input)
    let outputRanges = try ranges(of: output)
    let inputCode = try code(of: input)
    let outputCode = try code(of: output)
    var tally = Tally()
    for (index, row) in inputRows.enumerated() where !row.endsSequence {
      let next = inputRows[index + 1]
      tally.rows += 1
      guard index + 1 < outputRows.count else { continue }
      let found = outputRows[index]
      let foundNext = outputRows[index + 1]
      if found.position == row.position, found.endsSequence == row.endsSequence,
        same(
          bytes(inputCode, row.address..<next.address), bytes(outputCode, found.address..<foundNext.address),
          stackGuard)
      {
        tally.rowsCorrect += 1
      }
    }
    for (index, range) in inputRanges.enumerated() {
      tally.ranges += 1
      if index < outputRanges.count, same(bytes(inputCode, range), bytes(outputCode, outputRanges[index]), stackGuard) {
        tally.rangesCorrect += 1
      }
    }
    return tally
  }

  /// A module's code and the addresses of its line-table rows: what names the instructions at an address.
  struct Spans {
    let code: ArraySlice<UInt8>
    let rowAddresses: [Int]

    init(_ module: [UInt8]) throws {
      code = try DWARFCheck.code(of: module)
      rowAddresses = Array(Set(try DWARFCheck.rows(of: module).map(\.address))).sorted()
    }

    /// The bytes from `address` up to the next row.
    func span(at address: Int) -> ArraySlice<UInt8>? {
      let next = rowAddresses.first { $0 > address } ?? address
      return DWARFCheck.bytes(code, address..<next)
    }
  }

  /// Whether two runs of code are the same instructions: equal bytes, or with `stackGuard` equal once the output's
  /// guards are undone (and, for a run that starts a body, its local declarations set aside).
  static func same(_ input: ArraySlice<UInt8>?, _ output: ArraySlice<UInt8>?, _ stackGuard: Bool) -> Bool {
    if input == output { return true }
    guard stackGuard, let input, let output else { return false }
    return [false, true].contains { padded in
      let undone = StackGuardUndo.undo(output, padded: padded)
      if undone == Array(input) { return true }
      guard let inputCode = StackGuardUndo.withoutLocals(Array(input)),
        let outputCode = StackGuardUndo.withoutLocals(undone)
      else { return false }
      return inputCode == outputCode
    }
  }

  /// The code section's payload of `module`.
  private static func code(of module: [UInt8]) throws -> ArraySlice<UInt8> {
    let read = try WasmModule(bytes: module)
    let section = try #require(read.sections.first { $0.kind == .code }, "the module has a code section")
    return module[section.content]
  }

  /// The bytes at code offsets `range` (`nil` when they lie outside the code, e.g. a dead function's tombstone).
  private static func bytes(_ code: ArraySlice<UInt8>, _ range: Range<Int>) -> ArraySlice<UInt8>? {
    guard range.lowerBound >= 0, range.upperBound <= code.count, !range.isEmpty else { return nil }
    return code[(code.startIndex + range.lowerBound)..<(code.startIndex + range.upperBound)]
  }

  /// The rows of every line table, in order.
  private static func rows(of module: [UInt8]) throws -> [Row] {
    let dump = try OutsideTool.llvmDwarfdump.run(["--debug-line"], onModule: module)
    try #require(dump.status == 0, "llvm-dwarfdump --debug-line: \(dump.output)")
    return dump.output.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ")
      guard fields.count >= 7, fields[0].hasPrefix("0x"), let address = Int(fields[0].dropFirst(2), radix: 16)
      else { return nil }
      return Row(
        address: address, position: fields[1...3].joined(separator: " "), endsSequence: fields.contains("end_sequence"))
    }
  }

  /// Every `DW_AT_low_pc`..`DW_AT_high_pc` pair and every range list entry of `.debug_info`, in order.
  private static func ranges(of module: [UInt8]) throws -> [Range<Int>] {
    let dump = try OutsideTool.llvmDwarfdump.run(["--debug-info"], onModule: module)
    try #require(dump.status == 0, "llvm-dwarfdump --debug-info: \(dump.output)")
    var ranges: [Range<Int>] = []
    var lowPC: Int?
    for line in dump.output.split(separator: "\n") {
      let hexes = line.matches(of: /0x([0-9a-f]+)/).compactMap { Int($0.output.1, radix: 16) }
      if line.contains("DW_AT_low_pc") {
        lowPC = hexes.last
      } else if line.contains("DW_AT_high_pc"), let low = lowPC, let high = hexes.last, high > low {
        ranges.append(low..<high)
        lowPC = nil
      } else if line.contains("["), line.contains(")"), hexes.count == 2, hexes[1] > hexes[0],
        line.trimmingCharacters(in: .whitespaces).hasPrefix("[")
      {
        ranges.append(hexes[0]..<hexes[1])
      }
    }
    return ranges
  }

  /// `output` with the DWARF sections of `input` appended byte for byte: what a patch that copies them would write.
  static func withStaleDWARF(_ output: [UInt8], from input: [UInt8]) throws -> [UInt8] {
    let read = try WasmModule(bytes: input)
    var bytes = output
    for section in read.sections where section.customName?.hasPrefix(".debug_") == true {
      bytes += TestBytes.section(0, Array(input[section.payload]))
    }
    return bytes
  }
}
