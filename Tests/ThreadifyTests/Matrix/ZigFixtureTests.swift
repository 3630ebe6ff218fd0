import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyHost

/// The Zig fixtures of `examples/zig/build/` (see examples/zig/README.md): one threaded Zig program linked by LLD
/// (correct) and by Zig's own wasm linker `-fno-lld`, whose `__tls_size` is an absolute address (1048580) while
/// `__wasm_init_tls` copies 36 bytes, and whose TLS accesses are `__tls_base + absolute address`.
@Suite(
  "Zig fixtures: LLD and -fno-lld",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"),
  .serialized)
struct ZigFixtureTests {
  static let lld = "examples/zig/build/tls-demo-lld.wasm"
  static let noLLD = "examples/zig/build/tls-demo-nolld.wasm"
  static let threads = 8
  static let increments: UInt32 = 1000

  /// What one thread of the Zig program saw.
  struct Seen: Sendable {
    var index: Int
    var tlsBase: UInt32
    var tlsAddress: UInt32
    var initialOk: Bool
    var counterBefore: UInt32
    var counter: UInt32
  }

  /// Runs a Zig module on `threads` ``ModuleHost`` threads: instance 0 first, then the others at once; each reads
  /// its TLS, increments its counter; every thread but the first destroys itself the way the marker says. `unpatched`
  /// runs the module as built (no marker: the explicit ABI "nothing to start or destroy"). Returns what each saw and
  /// the allocator's live bytes before the followers and after they were destroyed.
  static func run(_ module: [UInt8], unpatched: Bool = false) throws -> (
    seen: [Seen], before: UInt32, after: UInt32, errors: UInt32
  ) {
    let group =
      unpatched
      ? try ModuleHost.explicit(bytes: module)
      : try ModuleHost(bytes: module, name: "zig.wasm")
    defer { group.shutdown() }
    let leader = try group.startThread()
    let before = try leader.run { c in try c.value("alloc_live_bytes") }
    let followers = try group.startThreads(threads - 1)
    let barrier = HostBarrier(parties: threads)
    let seen = try HostThreads.runAll([leader] + followers) { c in
      do {
        var s = Seen(
          index: c.index, tlsBase: try c.global32("__tls_base"), tlsAddress: try c.value("tls_address"),
          initialOk: try c.value("tls_initial_ok") == 1, counterBefore: try c.value("tls_counter"), counter: 0)
        try barrier.wait()
        for _ in 0..<increments { try c.call("tls_increment", 1) }
        try barrier.wait()
        s.counter = try c.value("tls_counter")
        if c.index != 0 { try c.destroySelf() }
        return s
      } catch {
        barrier.abort()
        throw error
      }
    }
    for follower in followers { follower.stop() }
    let end = try leader.run { c in (try c.value("alloc_live_bytes"), try c.value("alloc_errors")) }
    return (seen, before, end.0, end.1)
  }

  /// The modules show the facts the README states (read with `wasm-tools print`; the committed `.wat` files are
  /// for reading, and another wasm-tools version may print them differently): `__tls_size` 36 (LLD) / 1048580
  /// (-fno-lld), and `__wasm_init_tls` copying 36 bytes in both.
  @Test func modulesShowTheDocumentedFacts() throws {
    for (path, tlsSize, segment) in [(Self.lld, "36", ".tdata"), (Self.noLLD, "1048580", ".tbss")] {
      let printed = try OutsideTool.wasmTools.run(["print", Repository.url(path).path])
      #expect(printed.status == 0)
      let text = printed.output
      #expect(text.contains("(global $__tls_size (;2;) i32 i32.const \(tlsSize))"), "\(path)")
      let initTLS = text.components(separatedBy: "(func $__wasm_init_tls ").dropFirst().first ?? ""
      let body = (initTLS.components(separatedBy: "\n  )").first ?? "").split(whereSeparator: \.isWhitespace)
        .joined(separator: " ")
      #expect(
        body.hasSuffix(
          "local.get 0 global.set $__tls_base local.get 0 i32.const 0 i32.const 36 memory.init $\(segment)"),
        "\(path): __wasm_init_tls is \(body)")
    }
  }

  /// The LLD-linked build is an ordinary threaded module: patched, valid, and every thread has its own initialised
  /// TLS block; nothing leaks.
  @Test func lldBuildIsPatchedAndRuns() throws {
    let patched = try Threadifier.patch(try Repository.bytes(Self.lld), rules: try BundledRules.load("wasmgrind"))
    #expect(try Validators.problems(patched) == [])
    let (seen, before, after, errors) = try Self.run(patched)
    #expect(Set(seen.map(\.tlsAddress)).count == Self.threads, "TLS addresses \(seen.map(\.tlsAddress))")
    for s in seen {
      #expect(s.tlsBase != 0 && s.tlsAddress == s.tlsBase + 4, "thread \(s.index): \(s)")
      #expect(s.initialOk, "thread \(s.index): .tdata not intact")
      #expect(s.counter == s.counterBefore + Self.increments, "thread \(s.index): \(s)")
    }
    #expect(seen.first { $0.index == 0 }?.tlsBase == 1_048_576, "thread 0 keeps the static .tdata block")
    #expect(after == before && errors == 0, "live bytes \(before) → \(after), \(errors) allocator errors")
  }

  /// The control: unpatched, the same checks fail (the followers' `__tls_base` is 0, so they share one TLS block).
  @Test func lldBuildUnpatchedSharesTLS() throws {
    let (seen, _, _, _) = try Self.run(try Repository.bytes(Self.lld), unpatched: true)
    #expect(Set(seen.map(\.tlsAddress)).count < Self.threads, "TLS addresses \(seen.map(\.tlsAddress))")
    #expect(seen.filter { $0.index != 0 }.allSatisfy { $0.tlsBase == 0 }, "\(seen.map(\.tlsBase))")
  }

  /// Issue 12: the shipped rules refuse the -fno-lld module, naming the inconsistency between `__tls_size` and
  /// the length `__wasm_init_tls` copies (llvm-threads.yaml's check `tls_size_is_the_copied_length`).
  @Test func noLLDBuildIsRefusedNamingTheTLSInconsistency() throws {
    let bytes = try Repository.bytes(Self.noLLD)
    for name in ["wasmgrind", "wasm-bindgen", "c-aligned-alloc", "wasmgrind-entry"] {
      do {
        _ = try Threadifier.patch(bytes, rules: try BundledRules.load(name))
        Issue.record("--rules \(name): the -fno-lld module was patched")
      } catch {
        #expect(
          "\(error)".contains(
            "refused (inconsistent-tls): __tls_size is not the number of bytes __wasm_init_tls copies"),
          "--rules \(name): refused, but not for the TLS inconsistency: \(error)")
        #expect("\(error)".contains("?copied = 36, {tls_size} = 1048580"), "--rules \(name): \(error)")
      }
    }
  }

  /// What a patch of the -fno-lld module gives today (the evidence for issue 12): it validates, and every thread's
  /// TLS lies 1048580 bytes past the block it was given, where `.tdata` was never copied. Once the module is
  /// refused this test checks the refusal instead.
  @Test func noLLDBuildIsRefusedOrItsThreadsReadTLSOutsideTheirBlocks() throws {
    let bytes = try Repository.bytes(Self.noLLD)
    let patched: [UInt8]
    do {
      patched = try Threadifier.patch(bytes, rules: try BundledRules.load("wasmgrind"))
    } catch {
      #expect("\(error)".contains("tls_size"), "refused, but not for the TLS inconsistency: \(error)")
      return
    }
    #expect(try Validators.problems(patched) == [], "the validators accept the broken output")
    let (seen, _, _, _) = try Self.run(patched)
    for s in seen {
      #expect(s.tlsAddress == s.tlsBase + 1_048_580, "thread \(s.index): \(s)")
      #expect(!s.initialOk, "thread \(s.index): .tdata looked intact")
    }
    print(
      "[zig -fno-lld patched] TLS base → address: "
        + seen.map { "\($0.tlsBase) → \($0.tlsAddress)" }.joined(separator: ", ")
        + "; .tdata intact on \(seen.filter(\.initialOk).count)/\(seen.count) threads")
  }
}
