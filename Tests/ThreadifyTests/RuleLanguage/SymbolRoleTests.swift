import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// `inspect` reads the stack pointer, TLS and layout values through the roles a rule set gives its symbols, whatever
/// the symbols are called (issue 12, item 5).
@Suite struct SymbolRoleTests {
  private let renamed = """
    name: renamed
    version: "1"
    marker: m
    symbols:
      sp:
        global: mut i32
        role: stack-pointer
        lookup: [{name: __stack_pointer}]
      size:
        value: i32
        role: tls-size
        lookup: [{export: __tls_size}]
      align:
        value: i32
        role: tls-align
        lookup: [{export: __tls_align}]
    """

  @Test func rolesNotNamesDriveTheReport() throws {
    let module = try WasmModule(bytes: try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"))
    let report = Inspector.inspect(module, rules: try RuleText.load(renamed))
    #expect(report.tlsSize == 52)
    #expect(report.tlsAlign == 4)
    #expect(report.stackPointer?.symbol == "sp")
    #expect(report.stackPointer?.value == 1_048_576)
  }

  @Test func withoutRolesNothingIsGuessedFromNames() throws {
    let module = try WasmModule(bytes: try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"))
    let unroled = renamed.replacingOccurrences(of: "role: ", with: "hint: ")
    let report = Inspector.inspect(module, rules: try RuleText.load(unroled))
    #expect(report.tlsSize == nil)
    #expect(report.stackPointer == nil)
  }

  /// The reservation comes from the patched module's marker: a rule set that reserved nothing leaves no utility page
  /// in the map; a rule set that reserved one shows it.
  @Test func theMapShowsTheReservationTheMarkerRecords() throws {
    let conventions = try BundledRules.load("llvm-threads")
    let entry = try Threadifier.patch(
      try Repository.bytes("Tests/Fixtures/entry/demo-wasmgrind-entry.wasm"),
      rules: try BundledRules.load("wasmgrind-entry"))
    let entryReport = Inspector.inspect(try WasmModule(bytes: entry), rules: conventions)
    #expect(entryReport.patchedWith != nil)
    #expect(!entryReport.memoryMap.contains { $0.name == "utility page" })

    let reserving = try Threadifier.patch(
      try Repository.bytes("examples/build/demo-wasmgrind-rustc-like.wasm"),
      rules: try BundledRules.load("wasmgrind"))
    let reservingReport = Inspector.inspect(try WasmModule(bytes: reserving), rules: conventions)
    #expect(reservingReport.memoryMap.contains { $0.name == "utility page" })
  }
}
