import Foundation
import Testing
import Threadify

/// A rule file outside `rules/` extending a bundled rule set by name (issue 12, item 4).
@Suite struct BundledBaseTests {
  @Test(arguments: ["llvm-threads", "llvm-threads.yaml", "wasmgrind"])
  func aFileAnywhereExtendsABundledSet(_ base: String) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundled-base-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("mine.yaml").path
    try "extends: \(base)\nname: mine\n".write(toFile: path, atomically: true, encoding: .utf8)
    let rules = try BundledRules.load(path)
    #expect(rules.name == "mine")
    #expect(rules.symbols.contains { $0.name == "stack_pointer" })
    #expect(rules.location.file == path)
  }
}
