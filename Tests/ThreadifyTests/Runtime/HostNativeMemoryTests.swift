import Foundation
import TestSupport
import Testing
import ThreadifyHost

/// The Swift host gives back the native memory of every thread it ends: a module that imports functions (the
/// seed's `minimal_test.wasm`, which imports `wasm_threadlink`) once kept each thread's store, instance and host
/// functions alive through a reference cycle, about 65 KB a thread. `Benchmarks/host-threads-rss.sh` runs the
/// 50 000-thread version of this.
@Suite(
  "Swift host: native memory over many threads",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"),
  .serialized)
struct HostNativeMemoryTests {
  /// Threads started and destroyed before the first measurement (caches, arenas and the first instance settle).
  static let warmUpThreads = 48
  /// Threads started and destroyed between the two measurements: 240, or `THREADIFY_SOAK_THREADS` (the benchmark's
  /// 50 000).
  static let measuredThreads =
    ProcessInfo.processInfo.environment["THREADIFY_SOAK_THREADS"].flatMap { Int($0) }.map { max($0, 240) } ?? 240
  /// Threads started at once in each batch.
  static let batch = 8
  /// The growth allowed over the measured threads: a tenth of what the cycle leaked (65 KB a thread).
  static let allowedGrowth = measuredThreads * 6_500
  /// Measurements taken at most. The resident size is the whole test process's, and other suites run beside this
  /// one: one of them may allocate during a window. A leak grows every window by ten times the allowance; noise
  /// does not recur in each of three.
  static let attempts = 3

  /// Starts and destroys `count` threads, `batch` at a time.
  private func cycle(_ host: ModuleHost, threads count: Int) throws {
    for _ in 0..<(count / Self.batch) {
      for thread in try host.startThreads(Self.batch) { try thread.destroy() }
    }
  }

  @Test("native memory stays flat over many threads of a module that imports functions")
  func flatOverThreads() throws {
    let patched = try PatchFixtures.patch(
      try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: "wasmgrind")
    let host = try ModuleHost(bytes: patched, name: "minimal_test.wasm")
    let link = Threadlink(host: host)
    #expect(
      host.importsModule(Threadlink.importModule), "the module must import functions for this test to mean anything")
    let main = try host.startThread()
    try cycle(host, threads: Self.warmUpThreads)
    var windows: [String] = []
    var flat = false
    for _ in 0..<Self.attempts where !flat {
      let before = NativeMemory.residentBytes
      try cycle(host, threads: Self.measuredThreads)
      let after = NativeMemory.residentBytes
      #expect(before > 0, "/proc/self/status must report the resident size")
      windows.append(
        "resident \(before) -> \(after) bytes over \(Self.measuredThreads) threads "
          + "(\((after - before) / Self.measuredThreads) bytes a thread)")
      flat = after - before < Self.allowedGrowth
    }
    try main.destroy()
    host.shutdown()
    print("HostNativeMemoryTests: \(windows.joined(separator: "; "))")
    #expect(flat, "native memory grew in every window: \(windows.joined(separator: "; "))")
    #expect(link.failures.isEmpty, "\(link.failures)")
    #expect(host.liveThreads.isEmpty)
  }
}
