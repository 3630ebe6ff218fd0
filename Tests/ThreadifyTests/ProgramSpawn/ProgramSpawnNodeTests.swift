import Foundation
import TestSupport
import Testing

/// The JS host (`examples/host/threadify-host.mjs`) in node runs a program that spawns its own threads from the
/// marker alone (`Runtime/node/spawn-checks.mjs`): 8 threads a round, 20 rounds. Fails when node is missing.
@Suite struct ProgramSpawnNodeTests {
  struct Report: Decodable {
    struct Child: Decodable {
      let tid: UInt32
      let tls: UInt32
      let stack: UInt32
      let tlsInitialOk: UInt32
    }
    struct Round: Decodable {
      let spawned: Int
      let failedChecks: Int
      let children: [Child]
      let liveBytes: UInt32
      let allocErrors: UInt32
      let memoryPages: Int
    }
    let ok: Bool
    let refused: String?
    let error: String?
    let baselineLiveBytes: UInt32?
    let rounds: [Round]?
  }

  static func run(_ module: [UInt8], rounds: Int) async throws -> Report {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(module, to: "spawn.wasm")
    let script = Repository.url("Tests/ThreadifyTests/Runtime/node/spawn-checks.mjs")
    let result = try await NodeHarness.node([
      script.path, scratch.path("spawn.wasm"), "\(SpawnFixture.threads)", "\(rounds)",
    ])
    return try JSONReport.decode(Report.self, from: result, printedBy: script.lastPathComponent)
  }

  @Test func theProgramsOwnThreadsRunIsolatedAndLeakNothing() async throws {
    let report = try await Self.run(try SpawnFixture.patched(), rounds: SpawnFixture.rounds)
    #expect(report.ok, "\(report.error ?? "")")
    let rounds = try #require(report.rounds)
    #expect(rounds.count == SpawnFixture.rounds)
    let baseline = try #require(report.baselineLiveBytes)
    for (index, round) in rounds.enumerated() {
      #expect(round.spawned == SpawnFixture.threads, "round \(index)")
      #expect(round.failedChecks == 0, "round \(index): join_children counted \(round.failedChecks) failed checks")
      #expect(Set(round.children.map(\.tid)).count == SpawnFixture.threads && round.children.allSatisfy { $0.tid > 0 })
      #expect(Set(round.children.map(\.tls)).count == SpawnFixture.threads, "round \(index): TLS blocks shared")
      #expect(Set(round.children.map(\.stack)).count == SpawnFixture.threads, "round \(index): stacks shared")
      #expect(round.children.allSatisfy { $0.tlsInitialOk == 1 }, "round \(index): TLS initial values")
      #expect(round.liveBytes == baseline && round.allocErrors == 0, "round \(index): \(round.liveBytes) live bytes")
      #expect(round.memoryPages == rounds[0].memoryPages, "round \(index): memory grew")
    }
  }

  @Test func theControlRuleFileFailsTheProgramsChecks() async throws {
    let report = try await Self.run(try SpawnFixture.patchedWithoutStackPointer(), rounds: 1)
    let round = try #require(report.rounds?.first, "\(report.error ?? "")")
    #expect(round.failedChecks > 0, "the control passed: the checks cannot see a shared stack")
    #expect(Set(round.children.map(\.stack)).count < SpawnFixture.threads)
  }

  @Test func theUnpatchedProgramIsRefused() async throws {
    let report = try await Self.run(try SpawnFixture.unpatched(), rounds: 1)
    #expect(!report.ok)
    #expect(report.refused?.contains("was not patched by wasm-threadify") == true, "\(report.refused ?? "accepted")")
  }
}
