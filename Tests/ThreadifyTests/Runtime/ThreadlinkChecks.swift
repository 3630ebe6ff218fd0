import Foundation
import TestSupport
import Testing
import WasmBinary

/// The node driver of the real rustc modules' thread tests (`Runtime/node/threadlink-checks.mjs`), its report, and
/// the one fact about the modules it needs: shared by every suite that runs a patched rustc module in node.
enum ThreadlinkChecks {
  static let script = Repository.url("Tests/ThreadifyTests/Runtime/node/threadlink-checks.mjs")

  struct Report: Decodable {
    struct Run: Decodable {
      let value: Int?
      let variable: Int?
      let threads: Int
      let counter: Int?
    }
    struct Rep: Decodable {
      let rep: Int
      let threadingTest: Run
      let twoNestedThreadsTest: Run
      let twoNestedDetachedThreadsTest: Run
      let threadHierarchyTest: Run
      let memoryBytes: Int
      let liveThreads: Int
      let ms: Double
    }
    struct Counters: Decodable {
      let startLock: Int
      let finishLock: Int
      let startUnlock: Int
      let finishUnlock: Int
      let created: Int
      let live: Int
      let failed: Int
      let joined: Int
      let peakLive: Int
    }
    struct Times: Decodable {
      let count: Int
      let median: Double
      let min: Double
      let max: Double
    }
    struct HostStats: Decodable {
      let threadsStarted: Int
      let detachedStarted: Int
      let detachedFailed: Int
      let workersCreated: Int
      let startMs: Times?
      let readyMsNewWorker: Times?
      let readyMsReusedWorker: Times?
    }
    struct Quiet: Decodable {
      let memoryBytesBefore: Int
      let threads: Int
      let memoryBytesAfter: Int
    }
    let ok: Bool
    let error: String?
    let memoryBytesAtStart: Int?
    let quiet: Quiet?
    let reps: [Rep]
    let counters: Counters
    let locksBalanced: Bool
    let hostStats: HostStats?
    let errors: [String]?
    let elapsedMs: Double
  }

  /// The address of `thread_hierarchy_test`'s static `COUNTER`: the offset of its
  /// `i32.const 0; i32.const 1; i32.atomic.rmw.add` (`COUNTER.fetch_add(1)`, before and inside its loop), which
  /// must be the same at every occurrence.
  static func hierarchyCounterAddress(_ bytes: [UInt8]) throws -> Int {
    let module = try WasmModule(bytes: bytes)
    let export = try #require(module.exports.first { $0.name == "thread_hierarchy_test" })
    guard case .function(let index) = export.descriptor else {
      throw TestFailure("not a function")
    }
    let body = Array(try #require(module.body(ofFunction: index)))
    let pattern: [UInt8] = [0x41, 0x00, 0x41, 0x01, 0xFE, 0x1E, 0x02]
    let offsets = body.indices.filter { body[$0...].starts(with: pattern) }.map { hit in
      var offset = 0
      var shift = 0
      for byte in body[(hit + pattern.count)...] {
        offset |= Int(byte & 0x7F) << shift
        shift += 7
        if byte & 0x80 == 0 { break }
      }
      return offset
    }
    try #require(Set(offsets).count == 1, "COUNTER.fetch_add(1) offsets in thread_hierarchy_test: \(offsets)")
    return offsets[0]
  }
}
