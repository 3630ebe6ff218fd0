import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// The 64-bit rule sets (`rules/llvm-threads64.yaml`, `wasmgrind64.yaml`, `c-aligned-alloc64.yaml`) on the wasm64
/// C fixtures of `Tests/Fixtures/wasm64` (issue 20): patched, validated, inspected; the 32-bit sets refuse them.
@Suite struct Wasm64PatchTests {
  static let folder = "Tests/Fixtures/wasm64"

  private func fixture(_ name: String) throws -> [UInt8] { try Repository.bytes("\(Self.folder)/\(name)") }

  @Test(
    arguments: [
      ("demo64-wasmgrind.wasm", "wasmgrind64", [:]), ("demo64-wasmgrind.wasm", "wasmgrind64", ["stack_guard": 1]),
      ("demo64-c.wasm", "c-aligned-alloc64", [:]), ("demo64-wasmgrind-5gib.wasm", "wasmgrind64", [:]),
    ] as [(String, String, [String: Int64])])
  func eachFixturePatchesAndValidates(_ name: String, _ rules: String, _ params: [String: Int64]) throws {
    let patched = try Threadifier.patch(try fixture(name), rules: try BundledRules.load(rules), params: params)
    let tools = try Validators.wasmTools(patched)
    #expect(tools.status == 0, "wasm-tools validate: \(tools.output)")
    // WABT 1.0.32 knows memory64 but not table64, which wasm-ld writes for function pointers.
    let wabt = try Validators.wabt(patched, features: ["--enable-memory64"])
    #expect(wabt.status != 0 && wabt.output.contains("tables may not be 64-bit"), "\(wabt.output)")
    let output = try WasmModule(bytes: patched)
    #expect(output.memories[0].type.isMemory64 && output.memories[0].type.shared)
    let stackAlloc = try #require(output.exports.first { $0.name == "__stack_alloc" })
    guard case .global(let index) = stackAlloc.descriptor else {
      Issue.record("not a global")
      return
    }
    #expect(output.globalType(at: index) == GlobalType(mutability: .variable, valueType: .i64))
  }

  @Test func theThirtyTwoBitSetsRefuseAMemory64() throws {
    for rules in ["wasmgrind", "c-aligned-alloc"] {
      let error = #expect(throws: PatchError.self) {
        try Threadifier.patch(try fixture("demo64-wasmgrind.wasm"), rules: try BundledRules.load(rules))
      }
      let text = try #require(error?.description)
      #expect(text.contains("memory 0 is memory64; i32 required"), "\(text)")
      #expect(text.contains("use a 64-bit rule set (wasmgrind64, c-aligned-alloc64)"), "\(text)")
    }
    // And the reverse: the 64-bit set refuses the 32-bit build of the same program.
    let error = #expect(throws: PatchError.self) {
      try Threadifier.patch(
        try Repository.bytes("examples/build/demo-wasmgrind-rustc-like.wasm"),
        rules: try BundledRules.load("wasmgrind64"))
    }
    #expect(error?.description.contains("memory 0 is 32-bit; i64 required") == true, "\(String(describing: error))")
  }

  /// A rule set that declares no address type has i32 addresses in its templates: a memory64 is refused.
  @Test func undeclaredAddressesAreThirtyTwoBit() throws {
    let text = "name: t\nversion: \"1\"\nfunctions:\n  f:\n    body: |\n      i32.const 0\n      i32.load\n      drop\n"
    let rules = try RuleSetLoader.load(path: "t.yaml", reader: RuleFileReader { _ in text })
    let error = #expect(throws: PatchError.self) {
      try Threadifier.patch(try fixture("demo64-wasmgrind.wasm"), rules: rules)
    }
    #expect(
      error?.description.contains(
        "memory 0 is a memory64, and rule set t's templates address a 32-bit memory") == true,
      "\(String(describing: error))")
  }

  @Test func aMemoryAboveFourGiBIsInspectedAndReservedAboveIt() throws {
    let module = try WasmModule(bytes: try fixture("demo64-wasmgrind-5gib.wasm"))
    let report = Inspector.inspect(module, rules: try BundledRules.conventions(for: module))
    #expect(report.ruleSet == "llvm-threads64")
    #expect(report.memories.first?.minPages == 81920 && report.memories.first?.maxPages == 131072)
    #expect(report.memories.first?.address == "i64")
    #expect(report.verdict.readyToPatch, "\(report.verdict)")
    let fiveGiB: Int64 = 5 << 30
    let utility = try #require(report.memoryMap.first { $0.name == "utility page" })
    #expect(utility.start == fiveGiB && utility.end == fiveGiB + 65536)
    let plan = try Threadifier.plan(module, rules: try BundledRules.load("wasmgrind64"))
    #expect(plan.memoryBefore.min == 81920 && plan.memoryAfter.min == 81921 && plan.memoryAfter.max == 131072)
    let reserved = Dictionary(uniqueKeysWithValues: plan.reservedAddresses.map { ($0.name, $0.value) })
    #expect(reserved["counter"] == fiveGiB && reserved["temp_stack_top"] == fiveGiB + 65536)
  }

  /// Without a name section the i64 stack pointer is found by the heuristic for mutable i64 globals.
  @Test func theStackPointerHeuristicFindsAnI64Global() throws {
    let bytes = try fixture("demo64-wasmgrind.wasm")
    let names = try #require(try WasmModule(bytes: bytes).sections.first { $0.customName == "name" })
    let stripped = Array(bytes[..<names.range.lowerBound]) + Array(bytes[names.range.upperBound...])
    let module = try WasmModule(bytes: stripped)
    let report = Inspector.inspect(module, rules: try BundledRules.conventions(for: module))
    #expect(
      report.stackPointer?.via == "heuristic mutable-i64-nonzero-init", "\(String(describing: report.stackPointer))")
    #expect(report.stackPointer?.value == 1_048_576)
    // Control: the 32-bit heuristic finds no stack pointer in it.
    let thirtyTwo = Inspector.inspect(module, rules: try BundledRules.load("llvm-threads"))
    #expect(thirtyTwo.stackPointer == nil)
  }

  /// The 64-bit ABI files are the 32-bit ones with i64 in place of i32 and `64` after the names.
  @Test(arguments: ["wasmgrind", "c-aligned-alloc"])
  func theSixtyFourBitFilesDifferOnlyInWidth(_ name: String) throws {
    let narrow = try Repository.text("rules/\(name).yaml")
    let wide = try Repository.text("rules/\(name)64.yaml")
    let narrowLines = narrow.split(separator: "\n", omittingEmptySubsequences: false)
    let wideLines = wide.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(narrowLines.count == wideLines.count)
    var differing = 0
    for (a, b) in zip(narrowLines, wideLines) where a != b {
      differing += 1
      let widened = a.replacingOccurrences(of: "i32", with: "i64")
        .replacingOccurrences(of: "llvm-threads.yaml", with: "llvm-threads64.yaml")
        .replacingOccurrences(of: "name: \(name)", with: "name: \(name)64")
      #expect(widened == b, "'\(a)' / '\(b)'")
    }
    #expect(differing >= 4)
  }

  /// A template calls through the wasm64 module's table64 (`table: i64 funcref`); a symbol declared `funcref`
  /// (32-bit indices) does not bind it.
  @Test func templatesBindTheTable64() throws {
    func rules(_ tableType: String, index: String) throws -> RuleSet {
      let text = """
        extends: wasmgrind64
        name: t64
        version: "1"
        symbols:
          table:
            table: \(tableType)
            lookup:
              - only: true
        functions:
          call_routine:
            params: {fn: \(index), arg: i32}
            export: call_routine
            body: |
              local.get $arg
              local.get $fn
              call_indirect $table (i32) -> ()

        """
      let scratch = try ScratchFolder()
      defer { scratch.remove() }
      try scratch.write(Array(text.utf8), to: "t64.yaml")
      return try BundledRules.load(scratch.path("t64.yaml"))
    }
    let patched = try Threadifier.patch(
      try fixture("demo64-wasmgrind.wasm"), rules: try rules("i64 funcref", index: "i64"))
    let tools = try Validators.wasmTools(patched)
    #expect(tools.status == 0, "\(tools.output)")
    #expect(try WasmModule(bytes: patched).exports.contains { $0.name == "call_routine" })
    let error = #expect(throws: PatchError.self) {
      try Threadifier.patch(try fixture("demo64-wasmgrind.wasm"), rules: try rules("funcref", index: "i32"))
    }
    #expect(error?.description.contains("is i64 funcref, expected funcref") == true, "\(String(describing: error))")
  }

  @Test func brokenSixtyFourBitRuleFilesAreLocatedErrors() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    for (file, expected) in [
      (
        "broken-i32-address.yaml",
        "broken-i32-address.yaml:11:7: error: type mismatch: 'i32.atomic.load' needs [i64], the top of the stack "
          + "is [i32]; requires.memory.address is i64 (llvm-threads64.yaml:15:3)"
      ),
      (
        "broken-i64-address.yaml",
        "broken-i64-address.yaml:11:7: error: type mismatch: 'i32.atomic.load' needs [i32], the top of the stack "
          + "is [i64]; requires.memory.address is i32 (llvm-threads.yaml:121:3)"
      ),
    ] {
      try scratch.write(try fixture(file), to: file)
      let result = try scratch.run(["rules", "check", file])
      #expect(result.status == 2, "\(result)")
      #expect(result.standardError.contains(expected), "\(result)")
    }
  }
}
