import Foundation
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// Start families (c) and (d) of docs/marker-format.md in the Swift host, driven by the marker alone: a hand-written
/// module whose program spawns its threads through an import, and whose every other instance is entered through an
/// export taking the thread id and the spawn argument. The first instance calls no entry.
@Suite(
  "Host: program-spawned threads (start families c and d)",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct SpawnFamilyTests {
  /// Each entered thread stores its id at the address it was spawned with and counts itself at address 0; address 4
  /// counts entries of any kind (the first instance must not make one).
  static let program = """
    (module
      (import "env" "memory" (memory 1 1 shared))
      (import "threads" "spawn" (func $spawn (param i32) (result i32)))
      (func (export "entry") (param $tid i32) (param $arg i32)
        (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
        (i32.atomic.store (local.get $arg) (local.get $tid))
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1))))
      (func (export "spawn") (param $slot i32) (result i32) (call $spawn (local.get $slot)))
      (func (export "count") (result i32) (i32.atomic.load (i32.const 0)))
      (func (export "entries") (result i32) (i32.atomic.load (i32.const 4)))
      (func (export "slot") (param i32) (result i32) (i32.atomic.load (local.get 0))))
    """

  static func marker(params: String = #"["i32"]"#) -> String {
    #"{"marker":2,"rules":"spawn-test","version":"1","start":{"call":"other-instances","export":"entry","args":["thread_id","spawn_arg"]},"spawn":{"module":"threads","name":"spawn","params":"#
      + params + #","results":["i32"],"returns":"thread_id","error":-6}}"#
  }

  @Test func eightProgramSpawnedThreadsAreEnteredWithTheirIdAndArgument() throws {
    let host = try ModuleHost(bytes: try HostContractModule.module(Self.program, marker: Self.marker()))
    defer { host.shutdown() }
    let main = try host.startThread()
    #expect(try main.call("entries", []) == [.i32(0)], "the first instance is set up by its start section alone")
    var ids: [UInt32] = []
    for index in 0..<8 {
      guard case .i32(let id)? = try main.call("spawn", [.i32(UInt32(64 + 4 * index))]).first else {
        Issue.record("spawn returned no i32")
        return
      }
      ids.append(id)
    }
    #expect(Set(ids).count == 8 && ids.allSatisfy { $0 > 0 }, "\(ids)")
    let deadline = Date().addingTimeInterval(30)
    while try main.call("count", []) != [.i32(8)], Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    #expect(try main.call("count", []) == [.i32(8)])
    for (index, id) in ids.enumerated() {
      #expect(try main.call("slot", [.i32(UInt32(64 + 4 * index))]) == [.i32(id)], "thread \(id)")
    }
    // Each spawned thread ends when its entry returns.
    while host.liveThreads.count > 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    #expect(host.liveThreads.map(\.id) == [main.id])
    #expect(host.spawnFailures.isEmpty, "\(host.spawnFailures)")
  }

  struct NodeReport: Decodable {
    var entriesAtStart: Int? = nil
    var ids: [Int]? = nil
    var count: Int? = nil
    var slots: [Int]? = nil
    var live: Int? = nil
    var error: String? = nil
  }

  static func node(marker: String) async throws -> NodeReport {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try HostContractModule.module(Self.program, marker: marker), to: "spawn.wasm")
    let script = Repository.url("Tests/ThreadifyTests/Runtime/node/spawn-family.mjs")
    let result = try await NodeHarness.node([script.path, scratch.path("spawn.wasm"), "8"], limit: 120)
    return try JSONReport.decode(NodeReport.self, from: result, printedBy: script.lastPathComponent)
  }

  @Test func theJSHostEntersEightProgramSpawnedThreadsTheSameWay() async throws {
    let report = try await Self.node(marker: Self.marker())
    #expect(report.error == nil, "\(report.error ?? "")")
    #expect(report.entriesAtStart == 0)
    let ids = try #require(report.ids)
    #expect(Set(ids).count == 8 && ids.allSatisfy { $0 > 0 }, "\(ids)")
    #expect(report.count == 8 && report.slots == ids && report.live == 0, "\(report)")
  }

  @Test func theJSHostRefusesASpawnSignatureItCannotHonour() async throws {
    let report = try await Self.node(marker: Self.marker(params: #"["i32","i32"]"#))
    #expect(report.error?.contains("\"spawn\"") == true && report.error?.contains("cannot honour") == true, "\(report)")
  }

  /// A spawn record this host cannot honour is refused, naming the key.
  @Test func aSpawnSignatureTheHostCannotHonourIsRefusedByName() throws {
    let error = #expect(throws: HostError.self) {
      _ = try ModuleHost(
        bytes: try HostContractModule.module(Self.program, marker: Self.marker(params: #"["i32","i32"]"#)))
    }
    #expect(
      error?.kind == .badMarker && error?.description.contains("\"spawn\"") == true, "\(String(describing: error))")
  }

  /// Control: told the ABI without the spawn record, the module's spawn import is missing and nothing is entered.
  @Test func withoutTheSpawnRecordTheImportIsMissing() throws {
    var configuration = HostConfiguration()
    configuration.abi = .init(rules: "no-spawn", version: "1")
    let host = try ModuleHost(
      bytes: try HostContractModule.module(Self.program, marker: nil), configuration: configuration)
    defer { host.shutdown() }
    let error = #expect(throws: HostError.self) { _ = try host.startThread() }
    #expect(error?.kind == .missingImport, "\(String(describing: error))")
  }
}
