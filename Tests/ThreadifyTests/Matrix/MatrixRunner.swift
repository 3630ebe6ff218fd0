import Foundation
import Testing

/// What one run of a patched matrix module on several threads observed, in one shape for every runtime.
struct MatrixRun: Sendable {
  /// What one thread saw from inside the module.
  struct Thread: Sendable {
    var index: Int
    var tlsBase: Int64
    var stackAlloc: Int64
    var tlsAddress: Int64
    var tlsAlignedAddress: Int64
    var initialOk: Bool
    var counterBefore: Int64
    var counter: Int64
    var stackAddress: Int64
    var probeRuns: Int
    var probeFailures: Int
    var programInitCount: Int64
    var dataMarker: Int64
  }

  var runtime: String
  var threads: [Thread]
  /// The allocator's live bytes after instance 0 exists and `program_init` ran on it.
  var liveBytesBaseline: Int64
  /// Live bytes after every other thread destroyed itself and its instance was dropped.
  var liveBytesAfter: Int64
  /// Failed allocations and bad frees, at the end.
  var allocErrors: Int64
}

/// How a host runs a patched module with its ABI: the export that initialises a thread (none: the start function
/// does) and the injected destroy routine `(tls_base, stack_alloc, stack_size)` (none: an unpatched module).
struct MatrixHostABI: Sendable {
  var startExport: String?
  var destroyExport: String?

  /// An unpatched module: nothing to call but its start function.
  static let unpatched = MatrixHostABI(startExport: nil, destroyExport: nil)

  /// The host side of each shipped rule set (see examples/node/README.md).
  static func of(ruleSet: String) throws -> MatrixHostABI {
    switch ruleSet {
    case "wasmgrind": MatrixHostABI(startExport: nil, destroyExport: "__wasmgrind_thread_destroy")
    case "wasm-bindgen": MatrixHostABI(startExport: "__wbindgen_start", destroyExport: "__wbindgen_thread_destroy")
    case "c-aligned-alloc": MatrixHostABI(startExport: nil, destroyExport: "wasm_threadify_thread_destroy")
    default: throw MatrixFailure("no host ABI known for rule set \(ruleSet)")
    }
  }
}

/// A runtime that runs a patched module on `threads` threads over one shared memory: instance 0 first (its start
/// function initialises memory), `program_init` once on it, then the others concurrently; every thread reads its
/// TLS and stack addresses, increments its TLS counter `increments` times, runs stack probes, and every thread but
/// the first destroys itself before it exits. To run the matrix on another host, add a conformance here and list
/// it in ``MatrixRuntimeTests/runners``.
protocol MatrixRunner: Sendable {
  var name: String { get }
  func run(_ patched: [UInt8], abi: MatrixHostABI, threads: Int, increments: Int) async throws -> MatrixRun
}

/// examples/node/run-threads.mjs (node `worker_threads`), through ``NodeHarness``.
struct NodeMatrixRunner: MatrixRunner {
  var name: String { "node" }

  func run(_ patched: [UInt8], abi: MatrixHostABI, threads: Int, increments: Int) async throws -> MatrixRun {
    let start = abi.startExport.map { "--start=export:\($0)" } ?? "--start=start-section"
    let report = try await NodeHarness.run(
      module: patched, name: "matrix.wasm", threads: threads,
      [start, "--destroy=\(abi.destroyExport ?? "none")", "--increments=\(increments)"])
    guard report.ok else { throw MatrixFailure("node: \(report.failureText)") }
    let results = try #require(report.threadsResults, "node: no per-thread results")
    let baseline = try #require(report.alloc?.afterInstance0, "node: no allocator statistics after instance 0")
    let after = try #require(report.alloc?.afterWorkersExit, "node: no allocator statistics after the workers exit")
    return MatrixRun(
      runtime: name,
      threads: try results.map { r in
        let probe = try #require(r.stackProbe, "thread \(r.thread): no stack_probe result")
        return MatrixRun.Thread(
          index: r.thread, tlsBase: try #require(r.tlsBase), stackAlloc: r.stackAlloc ?? 0,
          tlsAddress: try #require(r.tlsAddress), tlsAlignedAddress: try #require(r.tlsAlignedAddress),
          initialOk: r.initialOk == true, counterBefore: try #require(r.counterBefore),
          counter: try #require(r.counter), stackAddress: try #require(r.stackAddress), probeRuns: probe.runs,
          probeFailures: probe.failures, programInitCount: try #require(r.programInitCount),
          dataMarker: Int64(try #require(r.dataMarker.flatMap { UInt32($0.dropFirst(2), radix: 16) })))
      },
      liveBytesBaseline: baseline.liveBytes, liveBytesAfter: after.liveBytes, allocErrors: after.errors ?? -1)
  }
}

/// In-process WasmKit: one `Store` and instance per Swift thread over one `SharedMemory` (``WasmKitThreads``).
struct WasmKitMatrixRunner: MatrixRunner {
  var name: String { "WasmKit" }

  func run(_ patched: [UInt8], abi: MatrixHostABI, threads count: Int, increments: Int) async throws -> MatrixRun {
    let group = try WasmKitThreads(bytes: patched, startExport: abi.startExport)
    defer { group.stopAll() }
    let leader = try group.spawn(index: 0)
    _ = try leader.run { c in try c.value("program_init") }
    let baseline = try leader.run { c in try c.value("alloc_live_bytes") }
    let followers = try group.spawnConcurrently(1..<count)
    let barrier = WasmKitBarrier(parties: count)
    let destroy = abi.destroyExport
    let seen = try WasmKitThreads.runAll([leader] + followers) { c in
      let o = try Self.observe(c, barrier: barrier, increments: increments)
      if c.index != 0, let destroy { try c.call(destroy, 0, 0, 0) }
      return o
    }
    group.stop(followers)
    let end = try leader.run { c in (try c.value("alloc_live_bytes"), try c.value("alloc_errors")) }
    return MatrixRun(
      runtime: name, threads: seen, liveBytesBaseline: Int64(baseline), liveBytesAfter: Int64(end.0),
      allocErrors: Int64(end.1))
  }

  /// The checks of run-threads.mjs from one instance, in lock-step with the others (barriers between the phases,
  /// so that the increments and the stack probes of all threads overlap).
  private static func observe(_ c: WasmKitThread.Context, barrier: WasmKitBarrier, increments: Int) throws
    -> MatrixRun.Thread
  {
    do {
      var o = MatrixRun.Thread(
        index: c.index, tlsBase: Int64(try c.global("__tls_base")),
        stackAlloc: c.hasGlobal("__stack_alloc") ? Int64(try c.global("__stack_alloc")) : 0,
        tlsAddress: Int64(try c.value("tls_address")), tlsAlignedAddress: Int64(try c.value("tls_aligned_address")),
        initialOk: try c.value("tls_initial_ok") == 1, counterBefore: Int64(try c.value("tls_counter")), counter: 0,
        stackAddress: Int64(try c.value("stack_pointer_now")), probeRuns: 0, probeFailures: 0,
        programInitCount: Int64(try c.value("program_init_count")), dataMarker: Int64(try c.value("data_marker")))
      try barrier.wait()
      for _ in 0..<increments { try c.call("tls_increment", 1) }
      try barrier.wait()
      o.counter = Int64(try c.value("tls_counter"))
      try barrier.wait()
      let pattern = 0x5CA0_0000 | UInt32(c.index + 1)
      for _ in 0..<8 {
        if try c.value("stack_probe", 64, pattern) != 1 { o.probeFailures += 1 }
        o.probeRuns += 1
      }
      try barrier.wait()
      return o
    } catch {
      barrier.abort()
      throw error
    }
  }
}
