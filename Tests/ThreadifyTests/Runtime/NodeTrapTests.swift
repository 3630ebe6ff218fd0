import Foundation
import Testing

/// A thread that traps is destroyed in the JS host (`examples/host/threadify-host.mjs`), driven by
/// `Runtime/node/trap-rounds.mjs`: `end()` after a trap gives the stack and TLS back, a program-created thread
/// that traps does too, and the first thread takes calls again after the panic that followed.
@Suite("Runtime: JS host frees threads that trap (node)")
struct NodeTrapTests {
  static let script = RuntimeFixtures.url("Tests/ThreadifyTests/Runtime/node/trap-rounds.mjs")

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
    var files: [URL] = []
    defer { for file in files { try? FileManager.default.removeItem(at: file) } }
    for fixture in ["minimal_test", "minimal_test_tracing"] {
      let patched = try RuntimeFixtures.patch(
        try RuntimeFixtures.bytes("Tests/Fixtures/real/\(fixture).wasm"), rules: "wasmgrind")
      files.append(try RuntimeFixtures.temporaryFile(patched, name: "\(fixture).wasm"))
    }
    let (status, stdout, stderr) = try await NodeHarness.node(
      [Self.script.path] + files.map(\.path) + ["--rounds=1000"], limit: 300)
    let line = try #require(stdout.split(separator: "\n").last { $0.hasPrefix("{") }, "exit \(status): \(stderr)")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let report = try decoder.decode(Report.self, from: Data(line.utf8))
    #expect(report.ok, "\(report.error ?? "")")
    let direct = try #require(report.direct)
    #expect(direct.rejected == 1000, "every call must trap: \(direct.message ?? "")")
    #expect(direct.message?.contains("RuntimeError: unreachable") == true, "\(direct.message ?? "")")
    #expect(direct.bytesAfter10 != nil && direct.bytesAfter10 == direct.bytesAfterAll, "\(line)")
    let created = try #require(report.created)
    #expect(created.failedCalls == 1000 && created.failedIdles == 1000, "\(line)")
    #expect(created.bytesAfter10 != nil && created.bytesAfter10 == created.bytesAfterAll, "\(line)")
    #expect(created.variableAfter == 0, "host.main must take calls after the panic: \(line)")
  }
}
