import Foundation
import Testing

/// Headless Chromium runs a program that spawns its own threads, through the JS host from the marker alone
/// (`examples/browser/spawn-program.mjs`, page parameter `spawn=`): the patched program (8 threads a round, 20
/// rounds), the control rule file's output, and the unpatched program, which the host refuses. A worker that
/// waits in `Atomics.wait` for its children cannot start workers itself in Chromium: the page starts them. Chromium
/// is required (`apt-get install chromium`): without it this test fails.
@Suite struct ProgramSpawnBrowserTests {
  struct Page: Decodable {
    struct Spawn: Decodable {
      let module: String
      let ok: Bool
      let refused: String?
      let error: String?
      let rounds: [ProgramSpawnNodeTests.Report.Round]?
      let baselineLiveBytes: UInt32?
    }
    let crossOriginIsolated: Bool
    let spawn: [Spawn]
    let errors: [String]
  }
  struct Run: Decodable {
    let ok: Bool
    let error: String?
    let results: Page?
  }

  @Test func theProgramsOwnThreadsRunInChromiumAndTheControlsFail() async throws {
    let modules = [
      "spawn.wasm": try SpawnFixture.patched(), "control.wasm": try SpawnFixture.patchedWithoutStackPointer(),
      "unpatched.wasm": try SpawnFixture.unpatched(),
    ]
    let query =
      ["spawn.wasm", "control.wasm", "unpatched.wasm"].map { "spawn=/modules/\($0)" }
      + ["threads=\(SpawnFixture.threads)", "rounds=\(SpawnFixture.rounds)"]
    let run = try await BrowserHarness.run(
      modules: modules, query: query.joined(separator: "&"), pageTimeoutMs: 150_000, timeout: 180, [],
      decoding: Run.self)
    #expect(run.ok, "the page did not finish: \(run.error ?? "")")
    let page = try #require(run.results)
    #expect(page.crossOriginIsolated && page.errors.isEmpty, "\(page.errors)")
    try #require(page.spawn.count == 3)
    let (patched, control, unpatched) = (page.spawn[0], page.spawn[1], page.spawn[2])

    #expect(patched.ok, "\(patched.error ?? "")")
    let rounds = try #require(patched.rounds)
    #expect(rounds.count == SpawnFixture.rounds)
    for (index, round) in rounds.enumerated() {
      #expect(round.spawned == SpawnFixture.threads && round.failedChecks == 0, "round \(index)")
      #expect(Set(round.children.map(\.tid)).count == SpawnFixture.threads, "round \(index): thread ids")
      #expect(Set(round.children.map(\.tls)).count == SpawnFixture.threads, "round \(index): TLS blocks shared")
      #expect(Set(round.children.map(\.stack)).count == SpawnFixture.threads, "round \(index): stacks shared")
      #expect(round.children.allSatisfy { $0.tlsInitialOk == 1 }, "round \(index): TLS initial values")
      #expect(round.liveBytes == patched.baselineLiveBytes && round.allocErrors == 0, "round \(index): a leak")
      #expect(round.memoryPages == rounds[0].memoryPages, "round \(index): memory grew")
    }

    let controlRounds = try #require(control.rounds, "\(control.error ?? control.refused ?? "")")
    #expect(controlRounds.contains { $0.failedChecks > 0 }, "the control passed: the checks cannot see a shared stack")

    #expect(!unpatched.ok)
    #expect(
      unpatched.refused?.contains("was not patched by wasm-threadify") == true, "\(unpatched.refused ?? "accepted")")
  }
}
