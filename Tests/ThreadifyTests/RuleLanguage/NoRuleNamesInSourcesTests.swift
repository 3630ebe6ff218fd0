import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules

/// Swift code knows no rule-file names: no symbol, param, global, function, reserved item or snippet name of a
/// bundled rule set appears as a string literal in Sources/ (issue 12, items 5 and 10). What a symbol is comes from
/// its `role`.
@Suite struct NoRuleNamesInSourcesTests {
  @Test func sourcesQuoteNoRuleName() throws {
    var names: Set<String> = []
    for bundled in BundledRules.names {
      let rules = try BundledRules.load(bundled)
      names.formUnion(rules.symbols.map(\.name) + rules.params.map(\.name) + rules.globals.map(\.name))
      names.formUnion(rules.functions.map(\.name) + (rules.reservation?.items.map(\.name) ?? []))
      names.formUnion(rules.rewrites.map(\.name) + rules.checks.map(\.name))
    }
    #expect(names.contains("tls_size") && names.contains("malloc"))
    // The marker's host-argument vocabulary (docs/marker-format.md) is WebAssembly-host level, like symbol roles:
    // its `stack_size` role is not the rule files' param of that name.
    names.remove(HostArgument.stackSizeRole)
    let sources = Repository.url("Sources")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    var hits: [String] = []
    // The wasm_threadlink runtime contract names the program's own export `thread_start` (Threadlink.swift, a runtime
    // for that contract); the rule files happen to name an injected function so too.
    let contractExports: [String: Set<String>] = ["Threadlink.swift": ["thread_start"]]
    for file in files {
      let allowed = contractExports[file.lastPathComponent] ?? []
      let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      for (number, line) in lines.enumerated() {
        for name in names where !allowed.contains(name) && line.contains("\"\(name)\"") {
          hits.append("\(file.lastPathComponent):\(number + 1): \"\(name)\"")
        }
      }
    }
    #expect(hits.isEmpty, "rule names in Sources/ (give the symbol a role instead):\n\(hits.joined(separator: "\n"))")
  }

  /// No bundled rule set's name is a string literal in Sources/ either: which set patches a module is chosen from the
  /// rule files (`base`, `selection`), never by a default written in Swift.
  @Test func sourcesQuoteNoRuleSetName() throws {
    let names = BundledRules.names
    #expect(names.contains("wasmgrind") && names.count >= 5)
    let sources = Repository.url("Sources")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    var hits: [String] = []
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      for name in names where text.contains("\"\(name)\"") || text.contains("\"\(name).yaml\"") {
        hits.append("\(file.lastPathComponent): \"\(name)\"")
      }
    }
    #expect(hits.isEmpty, "rule set names in Sources/:\n\(hits.joined(separator: "\n"))")
  }
}
