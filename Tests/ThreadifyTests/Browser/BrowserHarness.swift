import Foundation
import TestSupport
import Testing

/// Runs `examples/browser/headless.mjs` (node): it serves `examples/` and a folder of modules with the
/// cross-origin isolation headers, opens `examples/browser/index.html` with the given query in headless Chromium
/// over the DevTools pipe, polls the page's `window.results` until it is done, and prints one JSON report.
///
/// One Chromium runs at a time: runs wait in ``gate`` for the one before them to end (two browsers at once on a
/// loaded 2-core machine could make either miss its deadline), so that no suite needs to know of another's.
enum BrowserHarness {
  static let driver = Repository.url("examples/browser/headless.mjs")

  /// Runs the page with `modules` (file name → bytes) served at `/modules/NAME` and `query` appended to
  /// `/browser/index.html`; `arguments` go to the driver (`--without-isolation`, `--chromium=PATH`). The driver is
  /// killed after `timeout` seconds (it has its own, shorter, page timeout), counted from its start, after any wait
  /// for another run. Throws when node is missing or the driver printed no report; a report with `ok == false`
  /// (Chromium missing, page timeout) is returned for the caller to check.
  static func run(
    modules: [String: [UInt8]], query: String, pageTimeoutMs: Int, timeout: Double, _ arguments: [String] = []
  ) async throws -> BrowserReport {
    try await run(
      modules: modules, query: query, pageTimeoutMs: pageTimeoutMs, timeout: timeout, arguments,
      decoding: BrowserReport.self)
  }

  /// The same, decoding the driver's report as `Report` (a page other than the example page, `page`, reports other
  /// results).
  static func run<Report: Decodable>(
    modules: [String: [UInt8]], query: String, pageTimeoutMs: Int, timeout: Double, _ arguments: [String],
    decoding: Report.Type, page: String = "/browser/index.html"
  ) async throws -> Report {
    let node = try OutsideTool.node.url()
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    for (name, bytes) in modules { try scratch.write(bytes, to: name) }
    let driverArguments =
      [
        driver.path, "--modules=\(scratch.folder.path)", "--page=\(page)?\(query)", "--timeout-ms=\(pageTimeoutMs)",
        "--compact",
      ] + arguments
    await gate.enter()
    let result: ProcessResult
    do {
      result = try await BoundedProcess.run(node, driverArguments, timeout: timeout)
      await gate.leave()
    } catch {
      await gate.leave()
      throw error
    }
    return try JSONReport.decode(Report.self, from: result, printedBy: "headless.mjs")
  }

  /// Where runs wait for the Chromium before them.
  private static let gate = OneAtATime()

  /// A gate one task passes at a time, the others waiting in the order they came.
  private actor OneAtATime {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
      guard busy else {
        busy = true
        return
      }
      await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
      if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
  }
}
