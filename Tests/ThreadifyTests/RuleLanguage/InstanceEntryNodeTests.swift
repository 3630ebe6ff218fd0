import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// `rules/wasmgrind-entry.yaml` run in node (V8) by `Tests/Fixtures/entry/run-entry.mjs`, the host side of the
/// instance-entry ABI: 64 KiB stacks and 64-aligned TLS blocks from the program's allocator, 8 workers calling the
/// entry at once. Fails when node is missing.
@Suite struct InstanceEntryNodeTests {
  struct Report: Decodable {
    struct Block: Decodable {
      let stackBase: UInt32
      let stackTop: UInt32
      let tls: UInt32
    }
    let blocks: [Block]
    let results: [EntryObservation]
  }

  private func run(_ module: [UInt8], mode: String) throws -> Report {
    let input = try WasmModule(bytes: try Repository.bytes(EntryHost.fixture))
    let report = Inspector.inspect(input, rules: try BundledRules.load("llvm-threads"))
    let memory = input.memories[0].type
    let script = Repository.url("Tests/Fixtures/entry/run-entry.mjs").path
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(module, to: "entry.wasm")
    let arguments = [
      script, scratch.path("entry.wasm"), "8", mode, "\(memory.min)", "\(memory.max ?? memory.min)",
      "\(try #require(report.tlsSize))", "\(try #require(report.tlsAlign))",
    ]
    let result = try OutsideTool.node.run(arguments)
    try #require(result.status == 0, "node: \(result)")
    return try JSONDecoder().decode(Report.self, from: Data(result.stdout))
  }

  @Test func everyWorkerGetsTheStackAndTLSTheHostAllocated() throws {
    let patched = try Threadifier.patch(
      try Repository.bytes(EntryHost.fixture), rules: try BundledRules.load("wasmgrind-entry"))
    let report = try run(patched, mode: "entry")
    #expect(report.results.count == 8)
    for (index, (block, seen)) in zip(report.blocks, report.results).enumerated() {
      #expect(seen.tlsAddress == block.tls && seen.alignedAddress % 64 == 0, "worker \(index)")
      #expect(seen.tlsInitialOK == 1, "worker \(index): .tdata not initialised")
      #expect(seen.counterAfterStart == 100 + UInt32(index), "worker \(index)")
      #expect(seen.counterAtEnd == 2100 + UInt32(index), "worker \(index): counter not private")
      #expect(seen.stackAddress > block.stackBase && seen.stackAddress < block.stackTop, "worker \(index)")
      #expect(seen.stackProbe == 1, "worker \(index)")
    }
  }

  @Test func withoutTheEntryWorkersShareTheStack() throws {
    let report = try run(try Repository.bytes(EntryHost.fixture), mode: "control")
    #expect(report.results.count == 8)
    #expect(Set(report.results.map(\.stackAddress)).count == 1)
    #expect(Set(report.results.map(\.tlsAddress)).count == 1)
  }
}
