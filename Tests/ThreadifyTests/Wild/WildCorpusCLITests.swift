import Foundation
import TestSupport
import Testing

/// The command line on corpus modules: `inspect` names the thread model, and a small rule file that names the
/// module's allocator still cannot patch a module of another thread model (exit 1). The controls drop the refusal
/// and show the very same rule file would patch the module with exit 0 without it.
@Suite struct WildCorpusCLITests {
  static let inspected: [(path: String, verdict: String)] = [
    ("wild/emscripten/pthread-O1.wasm", "verdict: emscripten — Emscripten pthreads output"),
    ("wild/emscripten/pthread-O3-minified.wasm", "verdict: emscripten — unnamed/minified module, possibly Emscripten"),
    ("wild/wasix/wasix32-thread-spawn.wasm", "verdict: wasix — WASIX module"),
    (
      "wild/wasm-bindgen/wasm-bindgen-before-0.2.76.wasm",
      "verdict: already-patched — already transformed by wasm-bindgen's threads pass"
    ),
  ]

  @Test(arguments: inspected.map(\.path))
  func inspectNamesTheThreadModel(_ path: String) throws {
    let expected = try #require(Self.inspected.first { $0.path == path }).verdict
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let result = try scratch.run(["inspect", Repository.fixtures.appending(path: path).path])
    #expect(result.status == 0, "\(result)")
    #expect(result.output.contains(expected), "\(result.output)")
  }

  /// A module of another thread model, a rule file naming its allocator, and the refusal flavour it must still get.
  struct AllocatorCase: Sendable, CustomTestStringConvertible {
    let module: String
    let ruleFile: String
    let flavour: String
    var testDescription: String { module }
  }

  static let allocatorCases: [AllocatorCase] = [
    AllocatorCase(
      module: "wild/emscripten/pthread-O1-g-growth.wasm",
      ruleFile: """
        extends: llvm-threads
        symbols:
          malloc: {function: (i32 i32) -> i32, lookup: [{export: emscripten_builtin_memalign}]}
          free: {function: (i32) -> (), lookup: [{export: free}]}

        """, flavour: "emscripten"),
    AllocatorCase(
      module: "wild/wasix/wasix32-thread-spawn.wasm",
      ruleFile: """
        extends: llvm-threads
        symbols:
          malloc: {function: (i32 i32) -> i32, lookup: [{export: malloc}]}
          free: {function: (i32 i32 i32) -> (), lookup: [{export: free}]}

        """, flavour: "wasix"),
  ]

  @Test(arguments: allocatorCases)
  func anAllocatorRuleStillRefuses(_ item: AllocatorCase) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(Array(item.ruleFile.utf8), to: "allocator.yaml")
    let input = Repository.fixtures.appending(path: item.module).path
    let result = try scratch.run([input, "-o", "out.wasm", "--rules", "allocator.yaml"])
    #expect(result.status == 1, "\(result)")
    #expect(result.standardError.contains("refused (\(item.flavour))"), "\(result)")
    #expect(!scratch.exists("out.wasm"))

    // Control: without the base's refusals of this flavour, the same rule file patches the module.
    try scratch.write(Array((item.ruleFile + "drop:\n  refuse: [\(item.flavour)]\n").utf8), to: "control.yaml")
    let control = try scratch.run([input, "-o", "out.wasm", "--rules", "control.yaml"])
    #expect(control.status == 0, "\(control)")
    #expect(scratch.exists("out.wasm"))
  }
}
