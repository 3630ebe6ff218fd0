import Foundation
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// A thread that traps is destroyed all the same in the Swift host: its stack and TLS block go back to the
/// allocator, so the shared memory stops growing however many threads trap. The seed's `minimal_test.wasm`
/// patched with wasmgrind (2 MiB stacks: a leaked stack shows as 32 more pages).
@Suite(
  "Swift host: threads that trap are destroyed",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"),
  .serialized)
struct HostTrapTests {
  /// Threads that trap in the first test (the 1 000 of the issue take about 30 s of CPU: BENCHMARKS.md).
  static let rounds = 320

  static func patched(_ fixture: String) throws -> [UInt8] {
    try PatchFixtures.patch(try Repository.bytes("Tests/Fixtures/real/\(fixture)"), rules: "wasmgrind")
  }

  @Test("memory after 320 threads that trap and are destroyed equals memory after 16")
  func trappedThreadsDestroyed() throws {
    let host = try ModuleHost(bytes: try Self.patched("minimal_test.wasm"), name: "minimal_test.wasm")
    _ = Threadlink(host: host)
    let main = try host.startThread()
    var pages: [Int: Int] = [:]
    let batch = 8
    for round in stride(from: 0, to: Self.rounds, by: batch) {
      let threads = try host.startThreads(batch)
      for thread in threads {
        // An invalid alignment: the allocator export traps (unreachable) before it takes any lock.
        #expect(throws: HostError.self) { try thread.call("__wasmgrind_malloc", [.i32(1), .i32(3)]) }
        try thread.destroy()
      }
      if round + batch == 16 || round + batch == Self.rounds { pages[round + batch] = host.memoryPages }
    }
    try main.destroy()
    host.shutdown()
    let early = try #require(pages[16])
    let late = try #require(pages[Self.rounds])
    print("HostTrapTests: memory \(early) pages after 16 trapped threads, \(late) after \(Self.rounds)")
    #expect(early == late, "memory grew from \(early) to \(late) pages: trapped threads were not destroyed")
  }

  @Test("a program-created thread that traps is destroyed, and the first thread runs again after the panic")
  func createdThreadTrapFreed() throws {
    let host = try ModuleHost(
      bytes: try Self.patched("minimal_test_tracing.wasm"), name: "minimal_test_tracing.wasm")
    // Every thread the program creates fails in its first lock callback (the first thread's come from Threadlink).
    host.addImports { thread in
      thread == 0
        ? []
        : [
          HostImport(module: Threadlink.importModule, name: "start_lock") { call, _ in
            throw HostError(.trap, "injected fault in thread \(call.thread)")
          }
        ]
    }
    let link = Threadlink(host: host)
    let main = try host.startThread()
    var pages: [Int] = []
    for _ in 0..<60 {
      #expect(throws: HostError.self) { try main.call("two_nested_threads_test", []) }
      try link.waitUntilIdle()
      pages.append(host.memoryPages)
    }
    // The first thread still runs the program: a call that creates no thread works after every panic.
    try main.call("reset_some_variable", [])
    let variable = try main.call("get_some_variable", [])
    try main.destroy()
    host.shutdown()
    #expect(variable == [.i32(0)])
    #expect(link.failures.contains { $0.description.contains("injected fault") }, "\(link.failures.prefix(2))")
    print("HostTrapTests: memory \(pages[9]) pages after 10 failed rounds, \(pages.last ?? 0) after \(pages.count)")
    #expect(pages[9] == pages.last, "memory grew: \(pages)")
    #expect(host.liveThreads.isEmpty)
  }
}
