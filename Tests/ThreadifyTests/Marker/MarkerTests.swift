import Foundation
import TestSupport
import Testing
import ThreadifyRules
import WasmBinary

@testable import Threadify

/// The marker section: what each shipped rule set records for hosts (docs/marker-format.md), and how it reads back.
@Suite struct MarkerTests {
  /// The marker of `module` patched with `rules`.
  private func marker(_ module: String, rules: String) throws -> ThreadMarker {
    let output = try WasmModule(bytes: try PatchFixtures.patch(try Repository.bytes(module), rules: rules))
    let section = try #require(output.customSections.first { $0.name == "wasm-threadify" })
    return try ThreadMarker(payload: section.payload)
  }

  @Test func theStartSectionAbiRecordsNoStartAndTheDestroyRoutine() throws {
    let marker = try marker("examples/build/demo-wasmgrind-rustc-like.wasm", rules: "wasmgrind")
    #expect(marker.marker == 1)
    #expect(marker.rules == "wasmgrind" && marker.version == "1")
    #expect(marker.start == nil)
    #expect(marker.destroy?.export == "__wasmgrind_thread_destroy")
    #expect(marker.destroy?.ownArguments == [0, 0, 0])
    #expect(
      marker.destroy?.otherArguments == [.exportedGlobal("__tls_base"), .exportedGlobal("__stack_alloc"), .literal(0)])
    // rustc-like: 17 initial pages, so the utility page starts at 17 × 64 KiB.
    #expect(marker.reserved == .init(address: 17 * 65536, pages: 1))
  }

  @Test func theExportedStartAbiRecordsTheStartExportAndItsArguments() throws {
    let marker = try marker("examples/build/demo-wasm-bindgen-clang-default.wasm", rules: "wasm-bindgen")
    #expect(marker.start == .init(export: "__wbindgen_start", args: [.role("stack_size")]))
    #expect(marker.destroy?.export == "__wbindgen_thread_destroy")
    #expect(marker.reserved == .init(address: 2 * 65536, pages: 1))
  }

  @Test func theCAllocatorAbiNamesItsOwnDestroyExport() throws {
    let marker = try marker("examples/build/demo-c-clang-default.wasm", rules: "c-aligned-alloc")
    #expect(marker.start == nil)
    #expect(marker.destroy?.export == "wasm_threadify_thread_destroy")
  }

  @Test func thePayloadIsCompactSortedJSON() throws {
    let marker = try marker("examples/build/demo-wasm-bindgen-clang-default.wasm", rules: "wasm-bindgen")
    #expect(
      String(decoding: marker.payload, as: UTF8.self)
        == #"{"destroy":{"export":"__wbindgen_thread_destroy","other":[{"global":"__tls_base"},{"global":"__stack_alloc"},0],"self":[0,0,0]},"marker":1,"reserved":{"address":131072,"pages":1},"rules":"wasm-bindgen","start":{"args":["stack_size"],"export":"__wbindgen_start"},"version":"1"}"#
    )
  }

  @Test func aRuleSetWithoutMarkerWritesNone() throws {
    let base = String(decoding: try Repository.bytes("rules/llvm-threads.yaml"), as: UTF8.self)
    let abi = String(decoding: try Repository.bytes("rules/wasmgrind.yaml"), as: UTF8.self)
    let files = [
      "llvm-threads.yaml": base.replacingOccurrences(of: "marker: wasm-threadify\n", with: ""),
      "wasmgrind.yaml": abi,
    ]
    let rules = try RuleSetLoader.load(
      path: "wasmgrind.yaml", reader: RuleFileReader { path in files[path] ?? "" })
    #expect(rules.marker == nil)
    let input = try WasmModule(bytes: try Repository.bytes("examples/build/demo-wasmgrind-rustc-like.wasm"))
    let plan = try Threadifier.plan(input, rules: rules)
    #expect(plan.marker == nil)
    let output = try WasmModule(bytes: try Threadifier.apply(plan, to: input))
    #expect(output.customSections.map(\.name) == input.customSections.map(\.name))
  }

  @Test func oldAndNewerPayloadsAreRefusedWithTheReason() {
    #expect(throws: MarkerError.notJSON("rules=wasmgrind version=1")) {
      try ThreadMarker(payload: Array("rules=wasmgrind version=1".utf8))
    }
    #expect(throws: MarkerError.newerFormat(2)) {
      try ThreadMarker(payload: Array(#"{"marker":2,"rules":"r","version":"1"}"#.utf8))
    }
    #expect(throws: MarkerError.self) { try ThreadMarker(payload: Array(#"{"marker":1}"#.utf8)) }
  }

  /// The output check compares every custom section it did not mean to touch with the input's: an edit that
  /// replaces one (as `marker: producers` once did) is caught although the module still reads back.
  @Test func theOutputCheckCatchesAnEditOfAnotherCustomSection() throws {
    let module = try WasmModule(bytes: try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"))
    let plan = try Threadifier.plan(module, rules: try BundledRules.load("wasmgrind"))
    let faithful = try Threadifier.image(plan, of: module)
    try Threadifier.verify(ModuleBytes(faithful.bytes), writtenFrom: faithful, of: module, plan: plan)
    var editor = try Threadifier.editor(applying: plan, to: module)
    editor.setCustomSection(name: "producers", payload: Array("not producers".utf8))
    let image = editor.image()
    _ = try WasmModule(bytes: image.bytes)  // still a well-formed module
    let error = #expect(throws: PatchError.self) {
      try Threadifier.verify(ModuleBytes(image.bytes), writtenFrom: image, of: module, plan: plan)
    }
    #expect(error?.description.contains("custom sections") == true)
  }

  /// A large custom section the image copied from the input is trusted, as copied function bodies are: the check
  /// finds it is a copy of the input's payload and does not page it in again.
  @Test func aLargeCopiedCustomSectionIsRecognisedAsACopy() throws {
    var withDebug = ModuleEditor(
      try WasmModule(bytes: try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")))
    withDebug.setCustomSection(name: ".debug_info", payload: Array(repeating: 0xAB, count: 200_000))
    let module = try WasmModule(bytes: withDebug.write())
    let plan = try Threadifier.plan(module, rules: try BundledRules.load("wasmgrind"))
    let image = try Threadifier.image(plan, of: module)
    try Threadifier.verify(ModuleBytes(image.bytes), writtenFrom: image, of: module, plan: plan)
    let input = try #require(module.customSections.first { $0.name == ".debug_info" })
    let output = try #require(try WasmModule(bytes: image.bytes).customSections.first { $0.name == ".debug_info" })
    #expect(
      image.sourceRange(ofOutput: output.payload.startIndex..<output.payload.endIndex)
        == input.payload.startIndex..<input.payload.endIndex)
    // New bytes are never taken for a copy.
    let marker = try #require(try WasmModule(bytes: image.bytes).customSections.first { $0.name == "wasm-threadify" })
    #expect(image.sourceRange(ofOutput: marker.payload.startIndex..<marker.payload.endIndex) == nil)
  }
}
