import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyHost
import ThreadifyRules

/// Out of memory while threads start: `minimal_test.wasm` patched with 64 MiB stacks (about 15 fit in its 1 GiB
/// memory), 24 threads started at once. The stack is allocated while the temporary-stack lock is held; the rule set
/// allocates it there with an entry point that returns 0 (`malloc_or_null`), so the start that finds no memory
/// releases the lock and traps in `out_of_memory`: it fails at once, says so, and later starts are not stuck.
@Suite(
  "Out of memory during thread starts: fails fast, and threads start again",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"),
  .serialized)
struct HostOutOfMemoryTests {
  static let threads = 24
  static let stackSize: Int64 = 64 << 20
  /// Far below the host's 60 s wait on a lock nobody will release.
  static let fastSeconds = 30.0

  static func patched() throws -> [UInt8] {
    try PatchFixtures.patch(
      try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: "wasmgrind",
      params: ["stack_size": stackSize])
  }

  @Test("Swift host: the failed starts say memory ran out, fast; starts succeed again after two threads end")
  func swiftHost() throws {
    var configuration = HostConfiguration()
    configuration.timeout = 60
    let host = try ModuleHost(bytes: try Self.patched(), name: "minimal_test.wasm", configuration: configuration)
    _ = Threadlink(host: host)
    let main = try host.startThread()
    let clock = ContinuousClock.now
    var started: [HostThread] = []
    var failures: [HostError] = []
    // One after another, keeping both outcomes (startThreads stops at the first failure).
    let outcomes = (0..<Self.threads).map { _ in Result { () throws(HostError) in try host.startThread() } }
    for outcome in outcomes {
      switch outcome {
      case .success(let thread): started.append(thread)
      case .failure(let error): failures.append(error)
      }
    }
    let seconds = (ContinuousClock.now - clock).seconds
    let message = failures.first?.description ?? ""
    print("HostOutOfMemoryTests: \(started.count) started, \(failures.count) failed in \(seconds) s: \(message)")
    #expect(!failures.isEmpty && !started.isEmpty, "\(started.count) started, \(failures.count) failed")
    #expect(message.contains("out_of_memory"), "the message must say memory ran out: \(message)")
    #expect(message.contains("the shared memory is"), "the message must give the memory size: \(message)")
    #expect(!message.contains(": thread "), "the thread must be named once: \(message)")
    #expect(seconds < Self.fastSeconds, "the failed starts took \(seconds) s")
    for thread in started.prefix(2) { try thread.destroy() }
    let again = try host.startThreads(2)
    #expect(again.count == 2)
    for thread in again + started.dropFirst(2) { try thread.destroy() }
    try main.destroy()
    host.shutdown()
  }
}

/// The same in the JS host (node), driven by `Runtime/node/oom-start.mjs`: 24 `host.spawn()` at once.
@Suite("Out of memory during thread starts in the JS host (node)")
struct NodeOutOfMemoryTests {
  static let script = Repository.url("Tests/ThreadifyTests/Runtime/node/oom-start.mjs")

  struct Report: Decodable {
    let ok: Bool
    let error: String?
    let startMs: Double?
    let started: Int?
    let failed: Int?
    let message: String?
    let timedOut: Int?
    let startedAgain: Int?
    let againMessage: String?
  }

  /// Runs `oom-start.mjs` on `bytes` with `arguments`; its report.
  static func run(_ bytes: [UInt8], _ arguments: [String]) async throws -> (Report, String) {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(bytes, to: "minimal_test.wasm")
    let result = try await NodeHarness.node(
      [script.path, scratch.path("minimal_test.wasm"), "--threads=\(HostOutOfMemoryTests.threads)"] + arguments,
      limit: 300)
    let line = try #require(
      result.standardOutput.split(separator: "\n").last { $0.hasPrefix("{") }, "\(result)")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return (try decoder.decode(Report.self, from: Data(line.utf8)), String(line))
  }

  @Test("JS host: the failed starts say memory ran out, fast; starts succeed again after two threads end")
  func jsHost() async throws {
    let (report, line) = try await Self.run(try HostOutOfMemoryTests.patched(), ["--free=2"])
    print("NodeOutOfMemoryTests: \(line)")
    #expect(report.ok, "\(report.error ?? "")")
    #expect((report.started ?? 0) > 0 && (report.failed ?? 0) > 0, "\(line)")
    let message = report.message ?? ""
    #expect(message.contains("out_of_memory") && message.contains("the shared memory is"), "\(message)")
    #expect(!message.contains(": thread "), "the thread must be named once: \(message)")
    #expect((report.startMs ?? .infinity) < HostOutOfMemoryTests.fastSeconds * 1000, "\(line)")
    #expect(report.startedAgain == 2, "\(report.againMessage ?? "")")
    #expect(report.timedOut == 0, "\(line)")
  }

  /// The control: `Tests/Fixtures/rules-control/wasmgrind-trapping-stack-malloc.yaml` allocates the stack under the
  /// lock through the exported allocator, which traps: the starts behind the one that ran out of memory wait on the
  /// lock until the host gives up on them (3 s here, 60 s by default).
  @Test("control: with a trapping allocator under the lock, the later starts wedge until the host's timeout")
  func controlWedges() async throws {
    let rules = try RuleSetLoader.load(
      path: Repository.url("Tests/Fixtures/rules-control/wasmgrind-trapping-stack-malloc.yaml").path)
    let patched = try Threadifier.patch(
      try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: rules,
      params: ["stack_size": HostOutOfMemoryTests.stackSize])
    let (report, line) = try await Self.run(patched, ["--start-timeout-ms=3000", "--starts-only"])
    print("NodeOutOfMemoryTests control: \(line)")
    #expect(report.ok, "\(report.error ?? "")")
    #expect((report.timedOut ?? 0) > 0, "no start waited on the lock: \(line)")
  }
}

extension Duration {
  fileprivate var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }
}
