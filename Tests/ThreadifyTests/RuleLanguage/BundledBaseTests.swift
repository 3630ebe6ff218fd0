import Foundation
import TestSupport
import Testing
import Threadify

/// A rule file outside `rules/` extending a bundled rule set by name (issue 12, item 4).
@Suite struct BundledBaseTests {
  @Test(arguments: ["llvm-threads", "llvm-threads.yaml", "wasmgrind"])
  func aFileAnywhereExtendsABundledSet(_ base: String) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let path = scratch.path("mine.yaml")
    try "extends: \(base)\nname: mine\n".write(toFile: path, atomically: true, encoding: .utf8)
    let rules = try BundledRules.load(path)
    #expect(rules.name == "mine")
    #expect(rules.symbols.contains { $0.name == "stack_pointer" })
    #expect(rules.location.file == path)
  }
}
