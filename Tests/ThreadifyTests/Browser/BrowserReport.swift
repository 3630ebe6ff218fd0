import Foundation

/// The report `examples/browser/headless.mjs` prints, with the page's `window.results` (examples/browser/main.mjs);
/// keys are snake_case in the JSON.
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
