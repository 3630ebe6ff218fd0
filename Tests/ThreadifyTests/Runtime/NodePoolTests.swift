import Foundation
import Testing

/// The JS host's worker pool (`examples/host/threadify-host.mjs`), driven by `Runtime/node/pool-checks.mjs`: it keeps
/// the workers the program's peak needed (no worker started again round after round), prewarms `poolSize` workers
/// before the first thread, and `maxIdleWorkers` still bounds what it keeps.
@Suite("Runtime: JS host worker pool (node)")
struct NodePoolTests {
  static let script = RuntimeFixtures.url("Tests/ThreadifyTests/Runtime/node/pool-checks.mjs")
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
    let patched = try RuntimeFixtures.patch(
      try RuntimeFixtures.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: "wasmgrind")
    let file = try RuntimeFixtures.temporaryFile(patched, name: "minimal_test.wasm")
    defer { try? FileManager.default.removeItem(at: file) }
    let (status, stdout, stderr) = try await NodeHarness.node(
      [Self.script.path, file.path, "--threads=\(Self.threads)", "--rounds=\(Self.rounds)", "--options=\(options)"],
      limit: 300)
    let line = try #require(stdout.split(separator: "\n").last { $0.hasPrefix("{") }, "exit \(status): \(stderr)")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let report = try decoder.decode(Report.self, from: Data(line.utf8))
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
