import Foundation
import TestSupport
import Testing

/// A thread that traps is destroyed in the JS host (`examples/host/threadify-host.mjs`), driven by
/// `Runtime/node/trap-rounds.mjs`: `end()` after a trap gives the stack and TLS back, a program-created thread
/// that traps does too, and the first thread takes calls again after the panic that followed.
@Suite("Runtime: JS host frees threads that trap (node)")
struct NodeTrapTests {
  static let script = Repository.url("Tests/ThreadifyTests/Runtime/node/trap-rounds.mjs")

  struct Report: Decodable {
    struct Direct: Decodable {
      let rejected: Int
      let message: String?
      let bytesAfter10: Int?
      let bytesAfterAll: Int?
    }
    struct Created: Decodable {
      let failedCalls: Int
      let failedIdles: Int
      let message: String?
      let bytesAfter10: Int?
      let bytesAfterAll: Int?
      let variableAfter: Int?
    }
    let ok: Bool
    let rounds: Int
    let error: String?
    let direct: Direct?
    let created: Created?
  }

  @Test("memory after 1 000 rounds of threads that trap equals memory after 10, and host.main runs on")
  func trappedThreadsFreed() async throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    var files: [String] = []
    for fixture in ["minimal_test", "minimal_test_tracing"] {
      let patched = try PatchFixtures.patch(
        try Repository.bytes("Tests/Fixtures/real/\(fixture).wasm"), rules: "wasmgrind")
      try scratch.write(patched, to: "\(fixture).wasm")
      files.append(scratch.path("\(fixture).wasm"))
    }
    let result = try await NodeHarness.node([Self.script.path] + files + ["--rounds=1000"], limit: 300)
    let report = try JSONReport.decode(Report.self, from: result, printedBy: Self.script.lastPathComponent)
    #expect(report.ok, "\(report.error ?? "")")
    let direct = try #require(report.direct)
    #expect(direct.rejected == 1000, "every call must trap: \(direct.message ?? "")")
    #expect(direct.message?.contains("RuntimeError: unreachable") == true, "\(direct.message ?? "")")
    #expect(
      direct.bytesAfter10 != nil && direct.bytesAfter10 == direct.bytesAfterAll, "\(result.standardOutput.suffix(2000))"
    )
    let created = try #require(report.created)
    #expect(created.failedCalls == 1000 && created.failedIdles == 1000, "\(result.standardOutput.suffix(2000))")
    #expect(
      created.bytesAfter10 != nil && created.bytesAfter10 == created.bytesAfterAll,
      "\(result.standardOutput.suffix(2000))")
    #expect(
      created.variableAfter == 0, "host.main must take calls after the panic: \(result.standardOutput.suffix(2000))")
  }
}
