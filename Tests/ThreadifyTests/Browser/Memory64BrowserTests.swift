import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// The wasm64 fixtures, patched with the 64-bit rule sets, on 8 Web Workers in headless Chromium (issue 20), 20
/// rounds each: `examples/browser/memory64/` creates the shared memory64 from the module's import (BigInt limits,
/// `address: 'i64'`), every thread reports its TLS block and stack, runs the program's start routine through its
/// function pointer (`call_indirect` on the table64, the wasmgrind fixture) and destroys itself once all have
/// reported; the allocator's live bytes must be back at the baseline after every round. Node 20 cannot run these
/// modules (no table64); Chromium is required, missing it fails.
@Suite struct Memory64BrowserTests {
  static let threads = 8
  static let rounds = 20

  struct Page: Decodable {
    struct Memory: Decodable { let address, initial, maximum: String }
    struct Thread: Decodable {
      let tlsAddress, alignedAddress, stackAddress: Int?
      let tlsInitialOK, stackProbe, counterAfterRoutine: Int?
      let counterPrivate: Bool?
      let error: String?
    }
    struct Round: Decodable {
      let threads: [Thread]
      let liveBytesAfter: Int
    }
    let done: Bool
    let error: String?
    let memory: Memory?
    let baseline: Int?
    let rounds: [Round]?
    let allocErrors: Int?
  }

  struct Report: Decodable {
    let ok: Bool
    let error: String?
    let results: Page?
  }

  private func run(_ module: [UInt8], destroy: String) async throws -> Page {
    let query = "module=/modules/m.wasm&destroy=\(destroy)&threads=\(Self.threads)&rounds=\(Self.rounds)"
    let report = try await BrowserHarness.run(
      modules: ["m.wasm": module], query: query, pageTimeoutMs: 100_000, timeout: 150, [], decoding: Report.self,
      page: "/browser/memory64/index.html")
    #expect(report.ok, "driver: \(report.error ?? "-")")
    return try #require(report.results)
  }

  @Test(arguments: [
    ("demo64-wasmgrind.wasm", "wasmgrind64", "__wasmgrind_thread_destroy"),
    ("demo64-c.wasm", "c-aligned-alloc64", "wasm_threadify_thread_destroy"),
  ])
  func eightThreadsGetTheirOwnStackAndTLS(_ fixture: String, _ rules: String, _ destroy: String) async throws {
    let input = try Repository.bytes("Tests/Fixtures/wasm64/\(fixture)")
    let patched = try Threadifier.patch(input, rules: try BundledRules.load(rules))
    let page = try await run(patched, destroy: destroy)
    #expect(page.error == nil, "\(page.error ?? "")")
    #expect(page.memory?.address == "i64")
    let baseline = try #require(page.baseline)
    let rounds = try #require(page.rounds)
    #expect(rounds.count == Self.rounds)
    let viaPointer = fixture == "demo64-wasmgrind.wasm"
    for (number, round) in rounds.enumerated() {
      #expect(round.threads.allSatisfy { $0.error == nil }, "round \(number): \(round.threads.compactMap(\.error))")
      #expect(Set(round.threads.compactMap(\.tlsAddress)).count == Self.threads, "round \(number): TLS shared")
      #expect(Set(round.threads.compactMap(\.stackAddress)).count == Self.threads, "round \(number): stack shared")
      for (index, thread) in round.threads.enumerated() {
        #expect(thread.tlsInitialOK == 1, "round \(number) thread \(index): .tdata not copied")
        #expect(thread.stackProbe == 1 && thread.counterPrivate == true, "round \(number) thread \(index)")
        if let aligned = thread.alignedAddress { #expect(aligned % 64 == 0) }
        if viaPointer { #expect(thread.counterAfterRoutine == 100 + index, "round \(number) thread \(index)") }
      }
      #expect(round.liveBytesAfter == baseline, "round \(number): \(round.liveBytesAfter - baseline) bytes leaked")
    }
    #expect(page.allocErrors == 0)
    print(
      "[memory64] \(fixture) --rules \(rules): \(Self.rounds) rounds x \(Self.threads) threads in Chromium, "
        + "distinct TLS and stacks, live bytes back to \(baseline) after every round")
  }

  /// Control: the unpatched module's threads all run on the one static stack and TLS block.
  @Test func theUnpatchedModuleSharesOneStackAndTLS() async throws {
    let page = try await run(
      try Repository.bytes("Tests/Fixtures/wasm64/demo64-wasmgrind.wasm"), destroy: "")
    let round = try #require(page.rounds?.first)
    #expect(Set(round.threads.compactMap(\.tlsAddress)).count == 1, "\(round.threads.map(\.tlsAddress))")
    #expect(Set(round.threads.compactMap(\.stackAddress)).count == 1)
  }
}
