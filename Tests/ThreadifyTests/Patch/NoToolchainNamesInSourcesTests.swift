import Foundation
import TestSupport
import Testing

/// All toolchain knowledge lives in rules/*.yaml: no toolchain symbol name may appear in Sources/.
@Suite struct NoToolchainNamesInSourcesTests {
  @Test func sourcesNameNoToolchainSymbol() throws {
    let sources = Repository.url("Sources")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    #expect(files.count > 20)
    var hits: [String] = []
    for file in files {
      let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      for (number, line) in lines.enumerated() where ToolchainNames.all.contains(where: line.contains) {
        hits.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(hits.isEmpty, "toolchain names in Sources/ (move them to rules/):\n\(hits.joined(separator: "\n"))")
  }
}
