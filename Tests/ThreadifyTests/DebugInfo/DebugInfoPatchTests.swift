import Foundation
import TestSupport
import Testing
import WasmBinary

/// What a patch does with DWARF, on `-g` modules built by clang/wasm-ld 21 (Tests/Fixtures/debug-info): kept and still
/// true when no code moves, dropped with a warning naming every section when code moves — never stale.
@Suite struct DebugInfoPatchTests {
  static func fixture(_ name: String) -> URL {
    Repository.root.appending(path: "Tests/Fixtures/debug-info/\(name)")
  }

  /// Patches fixture `name` with `arguments`; returns the input, the output and the run.
  private static func patch(_ name: String, _ arguments: [String] = []) throws -> (
    input: [UInt8], output: [UInt8], run: CLIResult
  ) {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(fixture(name), as: "in.wasm")
    let run = try scratch.run(["patch", input, "-o", "out.wasm"] + arguments)
    try #require(run.status == 0, "\(run)")
    return (try scratch.bytes("in.wasm"), try scratch.bytes("out.wasm"), run)
  }

  private static func dwarfSections(_ module: [UInt8]) throws -> [String] {
    try WasmModule(bytes: module).customSections.map(\.name).filter { $0.hasPrefix(".debug_") }
  }

  /// Valid for wasm-tools and clean for `llvm-dwarfdump --verify`.
  private static func expectSound(_ output: [UInt8], _ label: String) throws {
    let validation = try Validators.wasmTools(output)
    #expect(validation.status == 0, "\(label): wasm-tools validate: \(validation.output)")
    let verify = try DWARFCheck.verify(output)
    #expect(verify.status == 0 && verify.output.contains("No errors."), "\(label): \(verify.output)")
  }

  @Test(arguments: ["demo-c-dwarf4.wasm", "demo-c-dwarf5.wasm"])
  func theDefaultPatchKeepsDWARFAndItStaysTrue(_ name: String) throws {
    let (input, output, run) = try Self.patch(name)
    #expect(run.standardError.isEmpty, "no warning when nothing is dropped: \(run.standardError)")
    #expect(try Self.dwarfSections(output) == Self.dwarfSections(input))
    let tally = try DWARFCheck.compare(input: input, output: output)
    #expect(tally.rows > 150 && tally.ranges > 50, "\(tally)")
    #expect(tally.allCorrect, "\(name): \(tally)")
    try Self.expectSound(output, name)
  }

  @Test(arguments: ["demo-c-dwarf4.wasm", "demo-c-dwarf5.wasm"])
  func aStackGuardRewriteDropsDWARFWithAWarning(_ name: String) throws {
    let (input, output, run) = try Self.patch(name, ["--set", "stack_guard=1"])
    let dropped = try Self.dwarfSections(input)
    #expect(try Self.dwarfSections(output).isEmpty)
    #expect(run.standardError.hasPrefix("warning: dropped .debug_"), "\(run.standardError)")
    #expect(dropped.allSatisfy { run.standardError.contains($0) }, "every dropped section is named")
    #expect(run.standardError.contains("rewrites"), "the reason: \(run.standardError)")
    try Self.expectSound(output, name)
    // Control: the same output with the input's DWARF copied byte for byte (what the patch did before) is stale,
    // and the checker says so.
    let stale = try DWARFCheck.compare(input: input, output: DWARFCheck.withStaleDWARF(output, from: input))
    #expect(!stale.allCorrect, "\(stale)")
  }

  @Test func aCountFieldCrossing128DropsDWARFWithAWarning() throws {
    let (input, output, run) = try Self.patch("demo-c-many-functions-dwarf5.wasm")
    let read = try WasmModule(bytes: input)
    #expect(read.functionTypeIndices.count == 126)
    #expect(try WasmModule(bytes: output).functionTypeIndices.count > 127)
    #expect(try Self.dwarfSections(output).isEmpty)
    #expect(run.standardError.contains("count field grows from 1 to 2 bytes"), "\(run.standardError)")
    try Self.expectSound(output, "many functions")
    let stale = try DWARFCheck.compare(input: input, output: DWARFCheck.withStaleDWARF(output, from: input))
    // Every address moves by one byte: a row stays right only where the byte before it repeats its bytes.
    #expect(stale.rowsCorrect * 20 < stale.rows && stale.rangesCorrect * 20 < stale.ranges, "\(stale)")
  }

  @Test func aSourceMapURLIsDroppedWithAWarningWhenTheCodeMovesInTheFile() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    var input = try Data(contentsOf: Self.fixture("demo-c-dwarf5.wasm")).map { $0 }
    let url = Array("demo.wasm.map".utf8)
    let name = Array("sourceMappingURL".utf8)
    input += [0, UInt8(1 + name.count + 1 + url.count), UInt8(name.count)] + name + [UInt8(url.count)] + url
    try scratch.write(input, to: "in.wasm")
    let run = try scratch.run(["patch", "in.wasm", "-o", "out.wasm"])
    try #require(run.status == 0, "\(run)")
    let output = try scratch.bytes("out.wasm")
    #expect(try !WasmModule(bytes: output).customSections.contains { $0.name == "sourceMappingURL" })
    #expect(run.standardError.hasPrefix("warning: dropped sourceMappingURL:"), "\(run.standardError)")
    #expect(try Self.dwarfSections(output) == Self.dwarfSections(input), "DWARF counts from the code, which stays")
  }
}
