import Foundation
import TestSupport
import Testing
import WasmBinary

/// What a patch does with DWARF, on `-g` modules built by clang/wasm-ld 21 (Tests/Fixtures/debug-info): kept when no
/// code moves, rewritten when code moves (a stack-guard rewrite, a count field that grows) — true either way.
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

  /// The cases where the patch moves code: a stack-guard rewrite grows bodies, 126 functions grow the count field.
  static let movingCases: [(name: String, arguments: [String])] = [
    ("demo-c-dwarf4.wasm", ["--set", "stack_guard=1"]),
    ("demo-c-dwarf5.wasm", ["--set", "stack_guard=1"]),
    ("demo-c-many-functions-dwarf5.wasm", []),
    ("demo-c-many-functions-dwarf5.wasm", ["--set", "stack_guard=1"]),
  ]

  @Test(arguments: movingCases.indices)
  func whenThePatchMovesCodeItsDWARFIsRewrittenAndStaysTrue(_ index: Int) throws {
    let (name, arguments) = Self.movingCases[index]
    let label = "\(name) \(arguments.joined(separator: " "))"
    let (input, output, run) = try Self.patch(name, arguments)
    let stackGuard = !arguments.isEmpty
    #expect(run.standardError.isEmpty, "\(label): nothing dropped: \(run.standardError)")
    #expect(try Self.dwarfSections(output) == Self.dwarfSections(input))
    let tally = try DWARFCheck.compare(input: input, output: output, stackGuard: stackGuard)
    #expect(tally.rows > 150 && tally.ranges > 50, "\(label): \(tally)")
    #expect(tally.allCorrect, "\(label): \(tally)")
    try Self.expectSound(output, label)
    // Control: the same output with the input's DWARF copied byte for byte (what the patch did before) is stale,
    // and the checker says so.
    let stale = try DWARFCheck.compare(
      input: input, output: DWARFCheck.withStaleDWARF(Self.withoutDWARF(output), from: input), stackGuard: stackGuard)
    #expect(!stale.allCorrect, "\(label): \(stale)")
  }

  @Test(arguments: movingCases.indices)
  func lldbResolvesEveryBreakpointToTheSameInstruction(_ index: Int) throws {
    let (name, arguments) = Self.movingCases[index]
    let label = "\(name) \(arguments.joined(separator: " "))"
    let (input, output, _) = try Self.patch(name, arguments)
    let lines = try LLDBBreakpoints.sourceLines()
    let before = try LLDBBreakpoints.resolve(input, lines: lines)
    let after = try LLDBBreakpoints.resolve(output, lines: lines)
    let stale = try LLDBBreakpoints.resolve(
      DWARFCheck.withStaleDWARF(Self.withoutDWARF(output), from: input), lines: lines)
    let inputSpans = try DWARFCheck.Spans(input)
    let outputSpans = try DWARFCheck.Spans(output)
    var resolved = 0
    var same = 0
    var staleSame = 0
    for (line, addresses) in before where !addresses.isEmpty {
      resolved += 1
      let found = after[line] ?? []
      if found.count == addresses.count,
        zip(addresses, found).allSatisfy({ address, outputAddress in
          DWARFCheck.same(
            inputSpans.span(at: address), outputSpans.span(at: outputAddress), !arguments.isEmpty)
        })
      {
        same += 1
      }
      if stale[line] == found { staleSame += 1 }
    }
    #expect(resolved > 150, "\(label): \(resolved) lines resolve")
    #expect(same == resolved, "\(label): \(same)/\(resolved) breakpoints on the same instruction")
    // Control: with the input's DWARF copied byte for byte, lldb puts breakpoints elsewhere.
    #expect(staleSame < resolved, "\(label): \(staleSame)/\(resolved) stale breakpoints agree")
  }

  /// `module` without its `.debug_*` sections.
  private static func withoutDWARF(_ module: [UInt8]) throws -> [UInt8] {
    let read = try WasmModule(bytes: module)
    var bytes = Array(module[..<8])
    for section in read.sections where section.customName?.hasPrefix(".debug_") != true {
      bytes += module[section.range]
    }
    return bytes
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
