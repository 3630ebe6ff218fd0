import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyHost
import ThreadifyRules
import WasmBinary
import WasmKit

/// The real rustc output `Tests/Fixtures/real/minimal_test.wasm` (rustc 1.87 nightly, LLVM 20, `+atomics`), patched
/// with the default rule set and run on 8 WasmKit instances over one shared memory.
///
/// Its `increment_some_variable` / `get_some_variable` / `reset_some_variable` work on one `static` behind a
/// parking_lot mutex (not on a thread-local: the disassembly loads and stores the fixed address 1051196 under the
/// lock at 1051192), so all instances share that count. What depends on the patch is the lock: its slow path keeps
/// per-thread parking data in TLS (`__tls_base`) and runs on the thread's stack. So the test checks the TLS blocks
/// and stacks directly, then that concurrent increments from all 8 instances add up exactly.
@Suite(
  "Runtime: the real rustc module under WasmKit",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct RealRustModuleRuntimeTests {
  static let threads = 8
  static let incrementsPerThread = 500
  /// At most this many bursts of concurrent increments, until one instance has parked.
  static let maximumBursts = 20

  struct Unexpected: Error, CustomStringConvertible {
    let description: String
  }

  /// Host stubs for every imported function (`wasm_threadlink.thread_create`, `.panic`, `.thread_join`). None of
  /// the functions the test calls should reach them: a call is an error.
  static func stubs(for module: WasmModule) -> [HostImport] {
    module.imports.compactMap { entry in
      guard case .function = entry.descriptor else { return nil }
      let name = "\(entry.module).\(entry.name)"
      return HostImport(module: entry.module, name: entry.name) { _, _ in
        throw Unexpected(description: "unexpected call to \(name)")
      }
    }
  }

  /// The i32 value of the global a module exports as `name` (its constant initialiser).
  static func exportedConstant(_ module: WasmModule, _ name: String) throws -> UInt32 {
    let export = try #require(module.exports.first { $0.name == name }, "the module exports no \(name)")
    guard case .global(let index) = export.descriptor else { throw Unexpected(description: "\(name) is not a global") }
    return UInt32(truncatingIfNeeded: try #require(module.constantInitializer(ofGlobal: index)))
  }

  @Test("8 instances of the patched rustc module: own TLS and stack each, the mutex-guarded count adds up")
  func eightInstances() throws {
    let clock = Stopwatch()
    let original = try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")
    let input = try WasmModule(bytes: original)
    let tlsSize = try Self.exportedConstant(input, "__tls_size")
    let tlsAlign = try Self.exportedConstant(input, "__tls_align")
    #expect(tlsSize == 52 && tlsAlign == 4)
    // The .tdata initialisation image: the first passive segment, which __wasm_init_tls copies.
    guard case .passive(let tdata) = try #require(input.dataSegments.first) else {
      throw Unexpected(description: "the first data segment is not passive")
    }
    #expect(tdata.count == Int(tlsSize))
    let image = Array(tdata)

    let patched = try PatchFixtures.patch(original, rules: "wasmgrind")
    let stackSize = UInt32(try #require(try BundledRules.load("wasmgrind").paramValues(overrides: [:])["stack_size"]))
    let group = try ModuleHost(bytes: patched, name: "minimal_test.wasm")
    let stubs = Self.stubs(for: input)
    group.addImports { _ in stubs }
    defer { group.shutdown() }
    let leader = try group.startThread()
    let followers = try group.startThreads(Self.threads - 1)
    let all = [leader] + followers

    struct Layout: Sendable {
      let thread: Int
      let tlsBase: UInt32
      let stackAlloc: UInt32
      let tlsBytes: [UInt8]
    }
    let layouts = try HostThreads.runAll(all) { c in
      let base = try c.global32("__tls_base")
      return Layout(
        thread: c.index, tlsBase: base, stackAlloc: try c.global32("__stack_alloc"),
        tlsBytes: try c.bytes(at: base, count: Int(tlsSize)))
    }
    #expect(Set(layouts.map(\.tlsBase)).count == Self.threads, "TLS bases \(layouts.map(\.tlsBase))")
    for l in layouts {
      #expect(l.tlsBase != 0 && l.tlsBase % tlsAlign == 0, "thread \(l.thread): __tls_base \(l.tlsBase)")
      #expect(l.tlsBytes == image, "thread \(l.thread): its TLS block does not hold the .tdata image")
      if l.thread == 0 {
        #expect(l.stackAlloc == 0, "the first instance must keep the static stack")
      } else {
        #expect(l.stackAlloc != 0, "thread \(l.thread): no heap stack")
      }
    }
    let stacks = layouts.filter { $0.thread != 0 }.map(\.stackAlloc)
    #expect(Set(stacks).count == Self.threads - 1, "heap stacks \(stacks)")
    var ranges: [Range<UInt32>] = layouts.map { $0.tlsBase..<($0.tlsBase + tlsSize) }
    ranges += stacks.map { $0..<($0 + stackSize) }
    for i in ranges.indices {
      for j in ranges.indices where j > i {
        #expect(!ranges[i].overlaps(ranges[j]), "\(ranges[i]) overlaps \(ranges[j])")
      }
    }

    // All 8 instances hammer the mutex at once. Whether a thread parks depends on timing (the lock spins first):
    // hammer in bursts until one has (bounded), each burst's count checked.
    let barrier = HostBarrier(parties: Self.threads)
    let increments = Self.incrementsPerThread
    let expected = UInt32(Self.threads * increments)
    var seen: [UInt32] = []
    var slowPath = 0
    var bursts = 0
    while slowPath == 0 && bursts < Self.maximumBursts {
      bursts += 1
      try leader.run { c in try c.call("reset_some_variable") }
      seen = try HostThreads.runAll(all) { c in
        do {
          try barrier.wait()
          for _ in 0..<increments { try c.call("increment_some_variable") }
          try barrier.wait()
          return try c.value("get_some_variable")
        } catch {
          barrier.abort()
          throw error
        }
      }
      #expect(seen.allSatisfy { $0 == expected }, "burst \(bursts): every instance should read \(expected): \(seen)")
      // Which instances took the lock's slow path: their TLS block's first word (the thread-local parking data's
      // lazy state) is no longer the .tdata value 0.
      slowPath = try HostThreads.runAll(all) { c in
        try c.bytes(at: try c.global32("__tls_base"), count: 4) != [0, 0, 0, 0]
      }.filter { $0 }.count
    }
    // Some instance must have parked, and that ran on its own TLS block: none parking would mean the test never
    // exercised the per-thread state the patch gives each thread.
    #expect(
      slowPath >= 1, "no instance took the lock's slow path in \(bursts) bursts: the TLS parking data was never used")

    // A reset from one instance is seen by all.
    try followers[2].run { c in try c.call("reset_some_variable") }
    let afterReset = try HostThreads.runAll(all) { c in try c.value("get_some_variable") }
    #expect(afterReset.allSatisfy { $0 == 0 }, "after reset: \(afterReset)")

    // Followers destroy themselves; the leader still works.
    let destroyed = try HostThreads.runAll(followers) { c in
      try c.destroySelf()
      return (try c.global32("__tls_base"), try c.global32("__stack_alloc"))
    }
    #expect(destroyed.allSatisfy { $0.0 == 0x8000_0000 && $0.1 == 0 }, "after destroy: \(destroyed)")
    for follower in followers { follower.stop() }
    try leader.run { c in try c.call("increment_some_variable") }
    #expect(try leader.run { c in try c.value("get_some_variable") } == 1)
    print(
      "[WasmKit minimal_test.wasm] \(Self.threads) instances: TLS bases \(layouts.map(\.tlsBase)) (size \(tlsSize), "
        + "align \(tlsAlign)), heap stacks \(stacks) (\(stackSize) bytes); \(Self.threads) × \(increments) concurrent "
        + "increments read back as \(Set(seen).sorted()); \(slowPath) instances took the lock's "
        + "slow path (TLS parking data) after \(bursts) bursts; \(clock.formatted)")
  }
}
