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
  /// `/browser/index.html`; `arguments` go to the driver (`--without-isolation`, `--chromium=PATH`). The driver is killed after `timeout` seconds (it has its own, shorter, page timeout).
  /// Throws when node is missing or the driver printed no report; a report with `ok == false` (Chromium missing,
  /// page timeout) is returned for the caller to check.
  static func run(
    modules: [String: [UInt8]], query: String, pageTimeoutMs: Int, timeout: Double, _ arguments: [String] = []
  ) async throws -> BrowserReport {
    let node = try NodeHarness.nodeExecutable()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("threadify-browser-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, bytes) in modules { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
    let process = Process()
    process.executableURL = node
    process.arguments =
      [
        driver.path, "--modules=\(folder.path)", "--page=/browser/index.html?\(query)", "--timeout-ms=\(pageTimeoutMs)",
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
      return try decoder.decode(BrowserReport.self, from: Data(line.utf8))
    } catch {
      throw Failure(description: "cannot decode the driver's report: \(error)\n\(line.prefix(4000))")
    }
  }
}

/// Runs a process to its end off the cooperative thread pool, killing it (by its pid) after a timeout.
enum BoundedProcess {
  /// Returns the exit status, stdout and stderr; a process still running after `timeout` seconds is sent SIGKILL
  /// and its status is then the signal's.
  static func run(_ process: Process, timeout: Double) async throws -> (Int32, String, String) {
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let pid = process.processIdentifier
    let watchdog = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    return await withCheckedContinuation { continuation in
      let collected = Collected()
      let group = DispatchGroup()
      group.enter()
      DispatchQueue.global().async {
        collected.stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
      }
      group.enter()
      DispatchQueue.global().async {
        collected.stderr = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
      }
      group.notify(queue: .global()) {
        process.waitUntilExit()
        watchdog.cancel()
        continuation.resume(
          returning: (
            process.terminationStatus, String(decoding: collected.stdout, as: UTF8.self),
            String(decoding: collected.stderr, as: UTF8.self)
          ))
      }
    }
  }

  /// Written by two readers (each its own field) before the group's notify reads both.
  private final class Collected: @unchecked Sendable {
    var stdout = Data()
    var stderr = Data()
  }
}

// MARK: - The report (headless.mjs, with the page's results from examples/browser/main.mjs)

struct BrowserReport: Decodable, Sendable {
  struct Workers: Decodable, Sendable {
    let started: Int
    let liveAtEnd: Int
    let maxLive: Int
  }
  struct Console: Decodable, Sendable {
    let session: String
    let type: String
    let text: String
  }
  struct Timings: Decodable, Sendable {
    let count: Int
    let mean: Double?
    let median: Double?
    let p90: Double?
    let max: Double?
  }
  struct Counters: Decodable, Sendable {
    let startLock: Int
    let finishLock: Int
    let startUnlock: Int
    let finishUnlock: Int
    let created: Int
    let live: Int
    let failed: Int
    let joined: Int
  }
  struct Threadlink: Decodable, Sendable {
    let module: String
    let rules: String?
    let tracing: Bool
    let reps: Int
    let threadingTest: [Int]
    let afterThreadingTest: [Int]
    let afterTwoNestedThreadsTest: [Int]
    let afterTwoNestedDetachedThreadsTest: [Int]
    let liveAfterDetachedCall: [Int]
    let threadHierarchyCreated: [Int]
    let memoryBytes: [Int]
    let counters: Counters?
    let locksBalanced: Bool?
    let threadStartMs: Timings?
    let readyMsNewWorker: Timings?
    let readyMsReusedWorker: Timings?
    let workersCreated: Int?
    let elapsedMs: Int
  }
  struct AllocStats: Decodable, Sendable {
    let liveBytes: Int
    let liveBlocks: Int
    let errors: Int
    let heapTop: Int
  }
  struct DemoRound: Decodable, Sendable {
    let round: Int
    let distinctTls: Int
    let distinctStacks: Int
    let tlsInitialOk: Bool
    let countersExact: Bool
    let probesOk: Bool
    let spawnWallMs: Double
    let liveBytesAlive: Int
    let liveBytesAfter: Int
    let liveBlocksAfter: Int
    let allocErrors: Int
    let heapTop: Int
    let memoryBytes: Int
  }
  struct Demo: Decodable, Sendable {
    let module: String
    let rules: String?
    let threads: Int
    let programInit: Int?
    let baseline: AllocStats?
    let rounds: [DemoRound]
    let dataMarker: UInt32?
    let programInitCount: Int?
    let threadStartMs: Timings?
    let readyMsNewWorker: Timings?
    let readyMsReusedWorker: Timings?
    let workersCreated: Int?
    let elapsedMs: Int
  }
  struct Refusal: Decodable, Sendable {
    let module: String
    let refused: Bool
    let error: String?
  }
  struct Missing: Decodable, Sendable {
    let module: String
    let failed: Bool
    let error: String?
  }
  struct Trap: Decodable, Sendable {
    let module: String
    let failed: Bool
    let error: String?
    let elapsedMs: Int?
    let mainStillAnswers: Bool
  }
  struct Fault: Decodable, Sendable {
    let module: String
    let failed: Bool
    let error: String?
    let elapsedMs: Int?
    let counters: Counters?
  }
  struct StartRun: Decodable, Sendable {
    let workers: String
    let startMsInWorker: Timings
    let readyMs: Timings
    let endMs: Timings
    let workersCreated: Int
  }
  struct Bench: Decodable, Sendable {
    let module: String
    let n: Int
    let reused: StartRun
    let new: StartRun
  }
  struct Page: Decodable, Sendable {
    let done: Bool
    let ok: Bool?
    let crossOriginIsolated: Bool
    let userAgent: String
    let threadlink: [Threadlink]
    let demo: [Demo]
    let unpatched: [Demo]
    let refused: [Refusal]
    let missing: [Missing]
    let trap: [Trap]
    let fault: [Fault]
    let bench: [Bench]
    let errors: [String]
  }

  let ok: Bool
  let error: String?
  let chromium: String?
  let url: String?
  let results: Page?
  let workers: Workers?
  let console: [Console]?
  let close: String?
  let phasesMs: [String: Int]?
  let elapsedMs: Int?
  let chromiumStderr: String?

  /// What went wrong, for a failed `#require`.
  var failureText: String {
    let lines = (console ?? []).suffix(20).map { "[\($0.session) \($0.type)] \($0.text)" }.joined(separator: "\n")
    // Chromium's stderr in a container is mostly D-Bus complaints: keep the other lines.
    let stderr = (chromiumStderr ?? "").split(separator: "\n").filter { !$0.contains("dbus") }.suffix(15)
    let done = results.map { page in
      "threadlink \(page.threadlink.count), demo \(page.demo.count), refused \(page.refused.count), trap "
        + "\(page.trap.count), fault \(page.fault.count) done"
    }
    return "error: \(error ?? "-"); page: \(done ?? "no results"); page errors: \(results?.errors ?? []); "
      + "workers \(workers.map { "started \($0.started), alive at the end \($0.liveAtEnd)" } ?? "-"); "
      + "phases \(phasesMs ?? [:]); console:\n\(lines)\nchromium stderr:\n\(stderr.joined(separator: "\n"))"
  }
}
