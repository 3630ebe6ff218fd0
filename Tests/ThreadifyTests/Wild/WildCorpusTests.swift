import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// Every module of the real-world corpus gets its verdict from `inspect`'s library entry point, and every module of
/// another thread model is refused, by name, by every bundled rule set that patches.
@Suite struct WildCorpusTests {
  @Test func theCorpusIsLargeAndVaried() {
    #expect(WildCorpus.entries.count >= 30)
    #expect(Set(WildCorpus.entries.map(\.kind)).count >= 5)
    #expect(Set(WildCorpus.refused.map(\.flavour)) == WildCorpus.otherThreadModels)
  }

  @Test(arguments: WildCorpus.entries)
  func inspectGivesTheExpectedVerdict(_ entry: WildCorpus.Entry) throws {
    let module = try WasmModule(bytes: Array(try Data(contentsOf: entry.url)))
    let report = Inspector.inspect(module, rules: try BundledRules.conventions())
    #expect(report.verdict.flavour == entry.flavour, "\(report.verdict.reason)")
    #expect(report.verdict.reason.contains(entry.mention), "\(report.verdict.reason)")
    #expect(report.verdict.readyToPatch == (entry.flavour == "ready"))
  }

  @Test(arguments: WildCorpus.refused)
  func everyBundledRuleSetRefusesOtherThreadModels(_ entry: WildCorpus.Entry) throws {
    let bytes = Array(try Data(contentsOf: entry.url))
    for rules in BundledRules.names where try BundledRules.load(rules).base == nil {
      #expect(throws: PatchError.self, "--rules \(rules)") {
        try PatchFixtures.patch(bytes, rules: rules)
      }
      do {
        _ = try PatchFixtures.patch(bytes, rules: rules)
      } catch let error as PatchError {
        guard case .refused(let flavour, let reason) = error else {
          Issue.record("--rules \(rules): \(error) is not a refusal")
          continue
        }
        #expect(flavour == entry.flavour, "--rules \(rules)")
        #expect(reason.contains(entry.mention), "--rules \(rules): \(reason)")
      }
    }
  }

  /// The minified builds' verdict names the shape, never the rustc link hint they got before.
  @Test(arguments: WildCorpus.entries.filter { $0.mention == "possibly Emscripten output" })
  func minifiedEmscriptenGetsNoRustcHint(_ entry: WildCorpus.Entry) throws {
    let module = try WasmModule(bytes: Array(try Data(contentsOf: entry.url)))
    let report = Inspector.inspect(module, rules: try BundledRules.conventions())
    #expect(report.verdict.reason.contains("unnamed/minified module"))
    #expect(!report.verdict.reason.contains("--export=__tls_base"))
  }

  /// Control: without the base's refusals of other thread models, `inspect` would call modules of each of them
  /// ready (or give the rustc hint), as it did before those refusals were written.
  @Test func withoutTheRefusalsOtherThreadModelsLookReady() throws {
    let rules = try RuleText.load(
      "extends: llvm-threads\nname: no-refusals\ndrop:\n  refuse: [emscripten, wasix, already-patched]\n")
    let verdicts: [(path: String, flavour: String, mention: String)] = [
      ("wild/emscripten/pthread-O1-g-growth.wasm", "ready", "binds"),
      ("wild/wasix/wasix32-thread-spawn.wasm", "ready", "binds"),
      ("wild/emscripten/pthread-O3-minified.wasm", "unknown", "--export=__tls_base"),
      ("wild/wasm-bindgen/wasm-bindgen-before-0.2.76.wasm", "unknown", "--export=__tls_base"),
    ]
    for (path, flavour, mention) in verdicts {
      let bytes = Array(try Data(contentsOf: Repository.fixtures.appending(path: path)))
      let report = Inspector.inspect(try WasmModule(bytes: bytes), rules: rules)
      #expect(report.verdict.flavour == flavour, "\(path): \(report.verdict.reason)")
      #expect(report.verdict.reason.contains(mention), "\(path): \(report.verdict.reason)")
    }
  }
}
