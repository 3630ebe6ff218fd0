import Foundation
import Testing
import Threadify
import ThreadifyRules

/// Controls for the browser tests: what the same page and driver report when what they rely on is missing, so
/// that the passing runs of `BrowserRuntimeTests` cannot come from checks that always pass.
@Suite("Browser: controls")
struct BrowserControlTests {
  /// Served without `Cross-Origin-Opener-Policy` / `Cross-Origin-Embedder-Policy`, the page is not cross-origin
  /// isolated, has no `SharedArrayBuffer`, and says so instead of running anything.
  @Test("without the isolation headers the page is not isolated and runs nothing")
  func withoutIsolation() async throws {
    // One Chromium at a time: wait for the main page run (whatever its outcome) before starting another browser.
    _ = try? await BrowserRuntimeTests.page.value
    let name = BrowserPageRun.threadlinkModules[0]
    let patched = try RuntimeFixtures.patch(
      try RuntimeFixtures.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: BundledRules.defaultName)
    let report = try await BrowserHarness.run(
      modules: [name: patched], query: "threadlink=/modules/\(name)&reps=1", pageTimeoutMs: 30_000, timeout: 45,
      ["--without-isolation"])
    let finished = report.ok
    try #require(finished, "the page did not finish: \(report.failureText)")
    let page = try #require(report.results)
    #expect(!page.crossOriginIsolated)
    #expect(page.ok == false && page.threadlink.isEmpty)
    #expect(page.errors.contains { $0.contains("not cross-origin isolated") }, "\(page.errors)")
  }

  /// No Chromium is a failed run with a message saying what to install, never a silent pass.
  @Test("a missing Chromium is a failure naming it")
  func missingChromium() async throws {
    let report = try await BrowserHarness.run(
      modules: [:], query: "", pageTimeoutMs: 5000, timeout: 20, ["--chromium=/nonexistent/chromium"])
    #expect(!report.ok)
    #expect(report.error?.contains("chromium not found") == true, "\(report.error ?? "no error")")
  }
}
