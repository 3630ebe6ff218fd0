import Foundation
import MarkerFormat
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
    #expect(marker.format == 2)
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
    #expect(marker.start == .init(call: .everyInstance, export: "__wbindgen_start", arguments: [.role(.stackSize)]))
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
        == #"{"destroy":{"export":"__wbindgen_thread_destroy","other":[{"global":"__tls_base"},{"global":"__stack_alloc"},0],"self":[0,0,0]},"globals":{"data-end":1272,"heap-base":66816,"stack-pointer":{"index":0},"stack-size":2097152,"tls-align":64,"tls-base":{"export":"__tls_base","index":1},"tls-size":84},"marker":2,"reserved":{"address":131072,"pages":1},"rules":"wasm-bindgen","start":{"args":["stack_size"],"call":"every-instance","export":"__wbindgen_start"},"version":"1"}"#
    )
  }

  /// The `globals` record names the thread state by global index, as the output's own name section does, with the
  /// sizes the module's symbols and the rule set's params gave (docs/marker-format.md, *globals*).
  @Test(arguments: [
    ("examples/build/demo-wasmgrind-rustc-like.wasm", "wasmgrind"),
    ("examples/build/demo-wasm-bindgen-clang-default.wasm", "wasm-bindgen"),
    ("examples/build/demo-c-clang-default.wasm", "c-aligned-alloc"),
    ("Tests/Fixtures/real/minimal_test.wasm", "wasmgrind"),
  ])
  func theGlobalsRecordNamesTheThreadStateByIndex(_ module: String, rules: String) throws {
    let output = try WasmModule(bytes: try PatchFixtures.patch(try Repository.bytes(module), rules: rules))
    let payload = try #require(output.customSections.first { $0.name == "wasm-threadify" }).payload
    let globals = try #require(try ThreadMarker(payload: payload).globals)
    let stackPointer = try #require(globals.stackPointer)
    let tlsBase = try #require(globals.tlsBase)
    #expect(output.names.global(at: stackPointer.index) == "__stack_pointer")
    #expect(output.names.global(at: tlsBase.index) == "__tls_base")
    #expect(tlsBase.export == "__tls_base")
    #expect(output.exports.first { $0.name == "__tls_base" }?.descriptor == .global(tlsBase.index))
    #expect(globals.stackSize == 2_097_152)
    let align = try #require(globals.tlsAlign)
    #expect(align > 0 && align & (align - 1) == 0)
    #expect(globals.tlsSize != nil)
  }

  /// A rule set without stack-pointer and TLS roles, sizes or `host.stack_size` writes no `globals` record.
  @Test func aRuleSetWithoutRolesWritesNoGlobals() throws {
    let base = String(decoding: try Repository.bytes("rules/llvm-threads.yaml"), as: UTF8.self)
    let abi = String(decoding: try Repository.bytes("rules/wasmgrind.yaml"), as: UTF8.self)
    var unroled = base
    for role in ["stack-pointer", "tls-base", "tls-size", "tls-align", "data-end", "heap-base"] {
      unroled = unroled.replacingOccurrences(of: "    role: \(role)\n", with: "")
    }
    #expect(unroled != base)
    let files = [
      "llvm-threads.yaml": unroled,
      "wasmgrind.yaml": abi.replacingOccurrences(of: "  stack_size: \"{stack_size}\"", with: "  #"),
    ]
    let rules = try RuleSetLoader.load(path: "wasmgrind.yaml", reader: RuleFileReader { path in files[path] ?? "" })
    let input = try WasmModule(bytes: try Repository.bytes("examples/build/demo-wasmgrind-rustc-like.wasm"))
    let plan = try Threadifier.plan(input, rules: rules)
    #expect(try #require(plan.marker).content.globals == nil)
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
    let old = #expect(throws: MarkerError.self) { try ThreadMarker(payload: Array("rules=wasmgrind version=1".utf8)) }
    #expect(old?.kind == .oldFormat)
    let newer = #expect(throws: MarkerError.self) {
      try ThreadMarker(payload: Array(#"{"marker":3,"rules":"r","version":"1"}"#.utf8))
    }
    #expect(newer?.kind == .newerFormat)
    let malformed = #expect(throws: MarkerError.self) { try ThreadMarker(payload: Array(#"{"marker":1}"#.utf8)) }
    #expect(malformed?.message == #"no "rules" key"#)
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
