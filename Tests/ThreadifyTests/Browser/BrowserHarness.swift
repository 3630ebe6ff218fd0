import Foundation
import Testing

/// Runs `examples/browser/headless.mjs` (node): it serves `examples/` and a folder of modules with the
/// cross-origin isolation headers, opens `examples/browser/index.html` with the given query in headless Chromium
/// over the DevTools pipe, polls the page's `window.results` until it is done, and prints one JSON report.
enum BrowserHarness {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  static let driver = RuntimeFixtures.url("examples/browser/headless.mjs")

  /// Runs the page with `modules` (file name → bytes) served at `/modules/NAME` and `query` appended to
  /// `/browser/index.html`; `arguments` go to the driver (`--without-isolation`, `--chromium=PATH`). The driver is
  /// killed after `timeout` seconds (it has its own, shorter, page timeout). Throws when node is missing or the
  /// driver printed no report; a report with `ok == false` (Chromium missing, page timeout) is returned for the
  /// caller to check.
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
    let node = try NodeHarness.nodeExecutable()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("threadify-browser-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, bytes) in modules { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
    let process = Process()
    process.executableURL = node
    process.arguments =
      [
        driver.path, "--modules=\(folder.path)", "--page=\(page)?\(query)", "--timeout-ms=\(pageTimeoutMs)",
        "--compact",
      ] + arguments
    let (status, stdout, stderr) = try await BoundedProcess.run(process, timeout: timeout)
    guard let line = stdout.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
      throw Failure(
        description:
          "headless.mjs printed no JSON (exit \(status)); stdout: \(stdout.prefix(2000)) stderr: \(stderr.prefix(2000))"
      )
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      return try decoder.decode(Report.self, from: Data(line.utf8))
    } catch {
      throw Failure(description: "cannot decode the driver's report: \(error)\n\(line.prefix(4000))")
    }
  }
}
