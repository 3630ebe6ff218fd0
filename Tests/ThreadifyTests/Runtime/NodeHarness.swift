import Foundation
import TestSupport
import Testing

/// Runs node scripts on the JS host `examples/host/threadify-host.mjs` (node `worker_threads`, one instance per
/// thread over one shared `WebAssembly.Memory`): the checks harness `Runtime/node/checks.mjs`, whose JSON report it
/// decodes, and the command line `examples/host/run.mjs`.
enum NodeHarness {
  static let script = Repository.url("Tests/ThreadifyTests/Runtime/node/checks.mjs")

  /// Runs the harness on `module` with `threads` threads and the given extra arguments (`--rounds=R`,
  /// `--leader-destroys-follower`, `--unpatched`, …). Throws when node is missing, or when the harness printed no
  /// JSON, or still ran after 600 s; a report with `ok == false` (the run could not complete) is returned for the
  /// caller to check.
  static func run(module: [UInt8], name: String, threads: Int, _ arguments: [String]) async throws -> NodeReport {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(module, to: name)
    let result = try await node([script.path, scratch.path(name), String(threads)] + arguments)
    return try JSONReport.decode(NodeReport.self, from: result, printedBy: "checks.mjs")
  }

  /// Runs `node ARGUMENTS` to its end. A node still running after `limit` seconds is killed and reported as a
  /// failure: a host that cannot shut down must not hang the tests.
  static func node(_ arguments: [String], limit: Double = 600) async throws -> ProcessResult {
    let result = try await BoundedProcess.run(try OutsideTool.node.url(), arguments, timeout: limit)
    if result.timedOut {
      throw TestFailure("node \(arguments.joined(separator: " ")) still ran after \(limit) s: killed")
    }
    return result
  }
}

// MARK: - The report of checks.mjs (its fields are described there); keys are snake_case in the JSON.

struct NodeReport: Decodable, Sendable {
  struct Memory: Decodable, Sendable {
    let initial: Int
    let maximum: Int?
    let shared: Bool
    let pagesAtStart: Int?
    let pagesAtEnd: Int?
  }
  struct ABI: Decodable, Sendable {
    let start: String
    let destroy: String?
    let patched: Bool
  }
  struct AllocStats: Decodable, Sendable {
    let liveBytes: Int64
    let liveBlocks: Int64
    let totalAllocs: Int64
    let totalFrees: Int64
    let errors: Int64?
    let heapTop: Int64?
  }
  struct Alloc: Decodable, Sendable {
    let afterInstance0: AllocStats?
    let threadsAlive: AllocStats?
    let afterWorkersExit: AllocStats?
    let returnedToBaseline: Bool?
    let atEnd: AllocStats?
  }
  struct StackProbe: Decodable, Sendable {
    let pattern: String
    let depth: Int
    let runs: Int
    let failures: Int
    let ok: Bool
  }
  struct ThreadResult: Decodable, Sendable {
    let thread: Int
    let tlsBase: Int64?
    let stackAlloc: Int64?
    let tlsAddress: Int64?
    let tlsAlignedAddress: Int64?
    let tlsOffset: Int64?
    let aligned: Bool?
    let initialOk: Bool?
    let counterBefore: Int64?
    let counter: Int64?
    let counterOk: Bool?
    let stackProbe: StackProbe?
    let stackAddress: Int64?
    let programInitCount: Int64?
    let dataMarker: String?
    let dataMarkerOk: Bool?
    let destroyed: Bool?
  }
  struct Summary: Decodable, Sendable {
    let threads: Int
    let distinctTlsAddresses: Int
    let distinctTlsBases: Int
    let distinctStackAddresses: Int
    let tlsShared: Bool
    let stackShared: Bool
    let allTlsAligned: Bool
    let allInitialOk: Bool
    let allCountersExact: Bool
    let allStackProbesOk: Bool
    let stackProbeFailures: Int
    let allDataMarkersOk: Bool
    let programInitCounts: [Int64?]
  }
  struct Round: Decodable, Sendable {
    let round: Int
    let liveBytesBefore: Int64?
    let liveBytesAfter: Int64?
    let liveBlocksAfter: Int64?
    let allocErrorsAfter: Int64?
    let heapTopAfter: Int64?
    let memoryPagesAfter: Int
    let destroyed: Int
    let distinctTlsAddresses: Int
    let distinctStackAddresses: Int
    let allInitialOk: Bool
    let allCountersExact: Bool
    let allStackProbesOk: Bool
  }
  struct RoundsSummary: Decodable, Sendable {
    let liveBytesBaseline: Int64?
    let liveBytesFinal: Int64?
    let returnedToBaseline: Bool?
    let everyRoundReturned: Bool
    let heapTopAfterFirstRound: Int64?
    let heapTopFinal: Int64?
    let memoryPagesAfterFirstRound: Int
    let memoryPagesFinal: Int
    let allRoundsTlsDistinct: Bool
    let allRoundsProbesOk: Bool
  }
  struct Follower: Decodable, Sendable {
    let thread: Int
    let tlsBase: Int64?
    let stackAlloc: Int64?
  }
  struct LeaderDestroysFollower: Decodable, Sendable {
    let destroy: String?
    let followers: [Follower]
    let allocBeforeDestroy: AllocStats?
    let allocAfterDestroy: AllocStats?
    let destroyed: Int
    let freedBytes: Int64?
    let freedBlocks: Int64?
    let returnedToBaseline: Bool?
    let newAllocErrors: Int64?
  }
  struct UseAfterDestroy: Decodable, Sendable {
    let thread: Int
    let destroyed: Bool
    let trapped: Bool?
    let error: String?
    let tlsBaseAfter: Int64?
    let stackAllocAfter: Int64?
  }

  let ok: Bool
  let error: String?
  let threadErrors: [String]?
  let mode: String
  let threads: Int
  let memory: Memory?
  let abi: ABI?
  let programInitResult: Int64?
  let alloc: Alloc?
  let threadsResults: [ThreadResult]?
  let summary: Summary?
  let rounds: [Round]?
  let roundsSummary: RoundsSummary?
  let leaderDestroysFollower: LeaderDestroysFollower?
  let useAfterDestroy: [UseAfterDestroy]?
  let elapsedMs: Int?

  /// What went wrong, for a failed `#require(report.ok)`.
  var failureText: String {
    "error: \(error ?? "-"); thread errors: \(threadErrors ?? [])"
  }
}
