import Testing
import Threadify
import WasmBinary

/// Modules of another thread model, or outside the tool's scope, are refused with their reason by every shipped
/// rule set, and `inspect` gives the same verdict.
@Suite struct RefusalTests {
  static let refusedShapes: [(fixture: String, flavour: String, reasonMentions: String)] = [
    ("refused/emscripten", "emscripten", "Emscripten"),
    ("refused/emscripten-wasm-workers", "emscripten", "Emscripten Wasm Workers"),
    ("refused/library-call-thread-context", "library-call-thread-context", "thread context"),
    ("refused/pic", "pic", "-shared"),
  ]

  @Test(arguments: refusedShapes.map(\.fixture))
  func otherThreadModelsAreRefused(_ fixture: String) throws {
    let expected = try #require(Self.refusedShapes.first { $0.fixture == fixture })
    let bytes = try PatchFixtures.wat(fixture, names: true)
    for rules in ["wasmgrind", "wasm-bindgen", "c-aligned-alloc"] {
      #expect {
        try PatchFixtures.patch(bytes, rules: rules)
      } throws: { error in
        guard case .refused(let flavour, let reason) = error as? PatchError else { return false }
        return flavour == expected.flavour && reason.contains(expected.reasonMentions)
      }
    }
    let report = Inspector.inspect(try WasmModule(bytes: bytes), rules: try BundledRules.load("llvm-threads"))
    #expect(report.verdict.flavour == expected.flavour)
  }

  @Test(arguments: [
    ("refused/memory64", "memory64"), ("refused/two-memories", "2 memories"),
  ])
  func memoriesOutOfScopeAreRefused(_ fixture: String, _ mention: String) throws {
    let bytes = try PatchFixtures.wat(fixture)
    #expect {
      try PatchFixtures.patch(bytes)
    } throws: { error in
      guard case .requirementFailed(let message, _) = error as? PatchError else { return false }
      return message.contains(mention)
    }
  }
}
