import Foundation
import TestSupport
import Testing

/// The JS host's worker pool (`examples/host/threadify-host.mjs`), driven by `Runtime/node/pool-checks.mjs`: it keeps
/// the workers the program's peak needed (no worker started again round after round), prewarms `poolSize` workers
/// before the first thread, and `maxIdleWorkers` still bounds what it keeps.
@Suite("Runtime: JS host worker pool (node)")
struct NodePoolTests {
  static let script = Repository.url("Tests/ThreadifyTests/Runtime/node/pool-checks.mjs")
  static let threads = 16
  static let rounds = 5

  struct Report: Decodable {
    let ok: Bool
    let error: String?
    let createdAtStart: Int?
    let createdAfterFirst: Int?
    let createdAfterAll: Int?
    let peakBusy: Int?
  }

  func run(options: String) async throws -> Report {
    let patched = try PatchFixtures.patch(
      try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: "wasmgrind")
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(patched, to: "minimal_test.wasm")
    let result = try await NodeHarness.node(
      [
        Self.script.path, scratch.path("minimal_test.wasm"), "--threads=\(Self.threads)", "--rounds=\(Self.rounds)",
        "--options=\(options)",
      ],
      limit: 300)
    let report = try JSONReport.decode(Report.self, from: result, printedBy: Self.script.lastPathComponent)
    #expect(report.ok, "\(report.error ?? "")")
    return report
  }

  @Test("by default the host keeps what the peak needed: no worker is started after the first round")
  func keepsThePeak() async throws {
    let report = try await run(options: "{}")
    #expect(report.createdAtStart == 1)
    #expect(report.peakBusy == Self.threads + 1)
    #expect(report.createdAfterFirst == Self.threads + 1 && report.createdAfterAll == Self.threads + 1, "\(report)")
  }

  @Test("poolSize prewarms its workers before the first thread; none is started later")
  func prewarms() async throws {
    let report = try await run(options: #"{"poolSize": \#(Self.threads)}"#)
    #expect(report.createdAtStart == Self.threads + 1, "\(report)")
    #expect(report.createdAfterAll == Self.threads + 1, "\(report)")
  }

  @Test("maxIdleWorkers still bounds the idle workers (control: workers are then started every round)")
  func boundedByMaxIdle() async throws {
    let report = try await run(options: #"{"maxIdleWorkers": 4}"#)
    let created = try #require(report.createdAfterAll)
    #expect(created >= 1 + Self.threads + (Self.rounds - 1) * (Self.threads - 4), "\(report)")
  }
}
