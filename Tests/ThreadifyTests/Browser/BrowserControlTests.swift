import Foundation
import TestSupport
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
    let name = BrowserPageRun.threadlinkModules[0]
    let patched = try PatchFixtures.patch(
      try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: "wasmgrind")
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

  /// The check that the test page shuts its workers down can fail: a page that leaves two workers running, each
  /// with a nested worker of its own, is reported with all four still alive.
  @Test("a page that leaves its workers running is reported, nested workers included")
  func leftoverWorkersAreSeen() async throws {
    let worker = "URL.createObjectURL(new Blob([SOURCE], {type: 'text/javascript'}))"
    let inner = worker.replacingOccurrences(of: "SOURCE", with: "'setInterval(() => {}, 1000)'")
    let outer = worker.replacingOccurrences(
      of: "SOURCE", with: "'new Worker(\"' + inner + '\"); setInterval(() => {}, 1000)'")
    let script =
      "const inner = \(inner); const outer = \(outer); for (let i = 0; i < 2; i++) new Worker(outer); "
      + "setTimeout(() => { window.results = {done: true}; }, 1500);"
    // Only the driver's own fields: this page publishes no results but `done`.
    struct DriverReport: Decodable {
      let ok: Bool
      let error: String?
      let workers: BrowserReport.Workers?
    }
    let report = try await BrowserHarness.run(
      modules: [:], query: "", pageTimeoutMs: 30_000, timeout: 45, ["--url=data:text/html,<script>\(script)</script>"],
      decoding: DriverReport.self)
    let finished = report.ok
    try #require(finished, "the page did not finish: \(report.error ?? "-")")
    let workers = try #require(report.workers)
    #expect(workers.started == 4 && workers.liveAtEnd == 4, "\(workers)")
  }

  /// Chromium's start is bounded by the run's own deadline, not by a fixed allowance: a browser that never answers
  /// on its DevTools pipe fails the run when the run's time is up, with a message giving that time.
  @Test("a Chromium that never answers fails when the run's deadline passes")
  func silentChromium() async throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let silent = scratch.url("chromium")
    try "#!/bin/sh\nexec sleep 60\n".write(to: silent, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: silent.path)
    let report = try await BrowserHarness.run(
      modules: [:], query: "", pageTimeoutMs: 3000, timeout: 20, ["--chromium=\(silent.path)"])
    #expect(!report.ok)
    #expect(
      report.error?.contains("did not answer on the DevTools pipe within the 3000 ms") == true,
      "\(report.error ?? "no error")")
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
