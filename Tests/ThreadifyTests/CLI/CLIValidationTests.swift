import Foundation
import TestSupport
import Testing

/// Issue 16: an invalid input exits with status 1 and the offset of what is wrong, from `patch` (nothing is written)
/// and from `inspect`; `--validate full` also catches an invalid function body, which the default mode copies.
@Suite struct CLIValidationTests {
  /// A one-byte corruption of `Tests/Fixtures/real/minimal_test.wasm` and what the error must say.
  struct Corruption: Sendable, CustomTestStringConvertible {
    let name: String
    let offset: Int
    let value: UInt8
    let expected: String

    var testDescription: String { name }

    func bytes() throws -> [UInt8] {
      var bytes = Array(try Data(contentsOf: CLIPaths.real("minimal_test.wasm")))
      bytes[offset] = value
      return bytes
    }
  }

  static let corruptions: [Corruption] = [
    Corruption(
      name: "type index out of range in the function section", offset: 0xE0, value: 0x10,
      expected: "offset 0xe0 (224): unknown type 16 in the type of defined function 0"),
    Corruption(
      name: "bad element segment flags", offset: 0x2DD, value: 0x08,
      expected: "offset 0x2dd (733): element segment 0: invalid flags 8"),
    Corruption(
      name: "short element section", offset: 0x2E1, value: 0x1D,
      expected: "offset 0x2e1 (737): 29 elements of element segment 0 declared, but only 28 bytes remain"),
    Corruption(
      name: "malformed name section", offset: 0x8C4F, value: 0x7F,
      expected: "offset 0x8c50 (35920): malformed name section: the module name needs 127 bytes"),
  ]

  @Test(arguments: corruptions) func invalidInputExitsWithStatus1AndItsOffset(_ corruption: Corruption) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try corruption.bytes(), to: "in.wasm")
    for arguments in [
      ["in.wasm", "-o", "out.wasm"], ["in.wasm", "-o", "out.wasm", "--validate", "full"], ["in.wasm", "--dry-run"],
      ["inspect", "in.wasm"], ["inspect", "in.wasm", "--json"],
    ] {
      let result = try scratch.run(arguments)
      #expect(result.status == 1, "\(arguments): \(result)")
      #expect(
        result.standardError.contains("in.wasm: malformed module: \(corruption.expected)"), "\(arguments): \(result)")
    }
    #expect(try scratch.listing() == ["in.wasm"])
  }

  /// The control: the unmodified fixture validates and patches in both modes, to the same valid output.
  @Test func unmodifiedFixturePatchesInBothModes() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(CLIPaths.real("minimal_test.wasm"))
    let module = try scratch.run([input, "-o", "module.wasm", "--validate", "module"])
    let full = try scratch.run([input, "-o", "full.wasm"])
    #expect(module.status == 0 && full.status == 0, "\(module) / \(full)")
    let output = Array(try Data(contentsOf: scratch.url("module.wasm")))
    #expect(output == Array(try Data(contentsOf: scratch.url("full.wasm"))))
    let tools = try Validators.wasmTools(output)
    #expect(tools.status == 0, "wasm-tools: \(tools.output)")
    #expect(try scratch.run(["inspect", input, "--validate", "full"]).status == 0)
  }

  /// A corrupted function body: the default (full) validation refuses the module at the instruction's offset, as does
  /// `inspect`; `--validate module` copies it, and its output is as invalid as the input (what the README says that
  /// mode trusts).
  @Test func invalidBodyIsCaughtByFullValidationOnly() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    var bytes = Array(try Data(contentsOf: CLIPaths.real("minimal_test.wasm")))
    bytes[0x1437] = 0x20  // an i32.const's immediate ends early: the next instruction finds an i32 for an i64
    try scratch.write(bytes, to: "in.wasm")
    let full = try scratch.run(["in.wasm", "-o", "full.wasm"])
    #expect(full.status == 1, "\(full)")
    #expect(
      full.standardError.contains(
        "in.wasm: malformed module: offset 0x1438 (5176): function 15: i64.div_u: type mismatch"),
      "\(full)")
    #expect(try scratch.run(["inspect", "in.wasm"]).status == 1)
    let module = try scratch.run(["in.wasm", "-o", "module.wasm", "--validate", "module"])
    #expect(module.status == 0, "\(module)")
    let tools = try Validators.wasmTools(Array(try Data(contentsOf: scratch.url("module.wasm"))))
    #expect(tools.status != 0, "the copied body should still be invalid: \(tools.output)")
    #expect(try scratch.listing() == ["in.wasm", "module.wasm"])
  }

  @Test func unknownValidationLevelIsAUsageError() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(CLIPaths.real("minimal_test.wasm"))
    let result = try scratch.run([input, "-o", "out.wasm", "--validate", "bodies"])
    #expect(result.status == 2, "\(result)")
    #expect(result.standardError.contains("--validate"), "\(result)")
  }
}
