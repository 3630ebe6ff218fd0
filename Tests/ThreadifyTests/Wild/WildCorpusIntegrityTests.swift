import Foundation
import TestSupport
import Testing

/// The corpus folder holds exactly the modules its README and expectations list, byte for byte.
@Suite struct WildCorpusIntegrityTests {
  @Test func everyModuleMatchesItsSHA256() throws {
    let result = try OutsideTool.sha256sum.run(["--check", "--strict", "--quiet", "SHA256SUMS"], in: WildCorpus.folder)
    #expect(result.status == 0, "\(result.output)")
  }

  @Test func everyModuleIsListedOnce() throws {
    let sums = try String(contentsOf: WildCorpus.folder.appending(path: "SHA256SUMS"), encoding: .utf8)
    let summed = sums.split(separator: "\n").compactMap { $0.split(separator: " ").last.map { "wild/" + $0 } }
    let expected = WildCorpus.entries.map(\.path).filter { $0.hasPrefix("wild/") }
    #expect(summed.sorted() == WildCorpus.wasmFilesInFolder())
    #expect(expected.sorted() == WildCorpus.wasmFilesInFolder())
    #expect(Set(WildCorpus.entries.map(\.path)).count == WildCorpus.entries.count)
  }

  @Test func everyModuleIsListedInTheREADMEWithItsSHA256() throws {
    let readme = try String(contentsOf: WildCorpus.folder.appending(path: "README.md"), encoding: .utf8)
    let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `") }
    let sums = try String(contentsOf: WildCorpus.folder.appending(path: "SHA256SUMS"), encoding: .utf8)
    for line in sums.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count == 2 else {
        Issue.record("malformed SHA256SUMS line: \(line)")
        continue
      }
      let row = rows.first { $0.hasPrefix("| `\(fields[1])` |") }
      #expect(row?.contains("`\(fields[0])`") == true, "\(fields[1]) is not in the README with its SHA-256")
    }
    #expect(rows.count == WildCorpus.wasmFilesInFolder().count)
  }
}
