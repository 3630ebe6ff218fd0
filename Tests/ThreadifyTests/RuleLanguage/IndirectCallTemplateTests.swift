import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// A rule file whose templates call through the module's function table (`call_indirect`, `return_call_indirect`),
/// tail-call (`return_call`), take function references (`ref.func`, `ref.null`) and use `table.get/set/size/grow`
/// (issue 18): `Tests/Fixtures/templates/indirect-calls.yaml` patched into the wasm-ld-built entry fixture, validated
/// by `wasm-tools` and WABT, and run in node by `Tests/Fixtures/templates/run-indirect.mjs`.
@Suite struct IndirectCallTemplateTests {
  static let rules = "Tests/Fixtures/templates/indirect-calls.yaml"
  static let fixture = "Tests/Fixtures/entry/demo-wasmgrind-entry.wasm"
  static let script = "Tests/Fixtures/templates/run-indirect.mjs"

  /// One step of the node script: its value, or the trap message.
  struct Step: Decodable, Equatable {
    var value: Int?
    var trap: String?
  }

  struct Report: Decodable {
    let routine: Int
    let counterBefore, counterAfterCall, counterAfterTailCall, counterAfterCopiedCall: Int
    let callThroughTable, tailCallThroughTable, tableSize, growTable, callEmptySlot, storeDouble: Step
    let callDoubledSlot, wrongSignature, copySlot, callCopiedSlot, incrementTail, callAbsentSignature: Step
  }

  private func patched() throws -> [UInt8] {
    let rules = try BundledRules.load(Repository.url(Self.rules).path)
    return try Threadifier.patch(try Repository.bytes(Self.fixture), rules: rules)
  }

  @Test func theOutputDeclaresWhatItsTemplatesNeed() throws {
    let input = try WasmModule(bytes: try Repository.bytes(Self.fixture))
    let output = try WasmModule(bytes: try patched())
    let wide = FunctionType(parameters: [.i64], results: [.i64])
    let routine = FunctionType(parameters: [.i32], results: [])
    // `(i64) -> i64` is new and added once; `(i32) -> ()` is the module's own type, reused.
    #expect(!input.types.contains(wide))
    #expect(output.types.filter { $0 == wide }.count == 1)
    #expect(output.types.filter { $0 == routine }.count == 1)
    #expect(output.types.firstIndex(of: routine) == input.types.firstIndex(of: routine))
    let problems = try Validators.problems(try patched(), wabtFeatures: ["--enable-tail-call"])
    #expect(problems.isEmpty, "\(problems)")
  }

  @Test func templatesCallThroughTheTableInNode() async throws {
    let report = try await run(try patched())
    let mismatch = "null function or function signature mismatch"
    // call_indirect and return_call_indirect run the program's routine (it adds its argument to the TLS counter).
    #expect(report.callThroughTable == Step() && report.counterAfterCall == report.counterBefore + 5)
    #expect(report.tailCallThroughTable == Step() && report.counterAfterTailCall == report.counterAfterCall + 7)
    // The table has 2 slots and a maximum of 2: it cannot grow.
    #expect(report.tableSize == Step(value: 2) && report.growTable == Step(value: -1))
    // Slot 0 is empty until ref.func + table.set put the injected `double` there.
    #expect(report.callEmptySlot == Step(trap: mismatch))
    #expect(report.storeDouble == Step() && report.callDoubledSlot == Step(value: 42))
    // The signature is checked at the call: `double` is (i32) -> i32, not (i32) -> ().
    #expect(report.wrongSignature == Step(trap: mismatch))
    // table.get + table.set copy the routine into slot 0, and calls through slot 0 run it.
    #expect(report.copySlot == Step() && report.callCopiedSlot == Step())
    #expect(report.counterAfterCopiedCall == report.counterAfterTailCall + 3)
    // return_call of a function symbol returns its result.
    #expect(report.incrementTail == Step(value: report.counterAfterCopiedCall + 4))
    // A signature the module lacked exists in the output and is checked too.
    #expect(report.callAbsentSignature == Step(trap: mismatch))
  }

  /// Control: on the unpatched module, which has none of the injected exports, every step fails and the routine
  /// never runs.
  @Test func theUnpatchedModuleCannotRunTheScript() async throws {
    let report = try await run(try Repository.bytes(Self.fixture))
    #expect(report.callThroughTable.trap?.contains("is not a function") == true, "\(report.callThroughTable)")
    #expect(report.callDoubledSlot.trap != nil && report.tableSize.trap != nil)
    #expect(report.counterAfterCopiedCall == report.counterBefore)
  }

  private func run(_ module: [UInt8]) async throws -> Report {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(module, to: "indirect-calls.wasm")
    let result = try await NodeHarness.node([Repository.url(Self.script).path, scratch.path("indirect-calls.wasm")])
    #expect(result.status == 0, "node: \(result.stderr)")
    let line = try #require(result.standardOutput.split(separator: "\n").last, "no report: \(result.stderr)")
    return try JSONDecoder().decode(Report.self, from: Data(line.utf8))
  }

  /// `rules check` on a file whose indirect call has the wrong signature: exit 2, `FILE:LINE:COLUMN` of the call;
  /// the correct file is clean.
  @Test func rulesCheckLocatesAWrongSignature() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    for name in ["wrong-signature.yaml", "indirect-calls.yaml"] {
      try scratch.write(try Repository.bytes("Tests/Fixtures/templates/\(name)"), to: name)
    }
    let broken = try scratch.run(["rules", "check", "wrong-signature.yaml"])
    #expect(broken.status == 2, "\(broken)")
    #expect(
      broken.standardError.contains(
        "wrong-signature.yaml:17:7: error: type mismatch: 'call_indirect (i32) -> ()' needs [i32 i32], "
          + "the top of the stack is [i64 i32]"), "\(broken)")
    let clean = try scratch.run(["rules", "check", "indirect-calls.yaml"])
    #expect(clean.status == 0, "\(clean)")
  }

  /// Without the declarative element segment the patch appends, `ref.func` of an injected function is invalid.
  @Test func refFuncNeedsTheDeclaration() throws {
    let output = try patched()
    let module = try WasmModule(bytes: output)
    let element = try #require(module.sections.first { $0.kind == .element })
    var stripped = Array(output[..<element.range.lowerBound]) + Array(output[element.range.upperBound...])
    // The original element section (one active segment) in place of the extended one.
    let input = try Repository.bytes(Self.fixture)
    let original = try #require(try WasmModule(bytes: input).sections.first { $0.kind == .element })
    stripped.insert(contentsOf: input[original.range], at: element.range.lowerBound)
    let problems = try Validators.problems(stripped, wabtFeatures: ["--enable-tail-call"])
    #expect(problems.contains { $0.contains("undeclared function reference") }, "\(problems)")
  }
}
