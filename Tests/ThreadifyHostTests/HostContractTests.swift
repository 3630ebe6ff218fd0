import Foundation
import MarkerFormat
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// The host's edges, on small hand-written modules that import `wasm_threadlink` and carry a marker: a trap or a
/// `panic` in one thread fails the call that waited for it with the message, in bounded time; a missing import is
/// named; a module without a usable marker is refused by name.
@Suite(
  "Host: refusals, missing imports, traps and panics",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct HostContractTests {
  static func host(_ bytes: [UInt8]) throws -> (ModuleHost, Threadlink) {
    var configuration = HostConfiguration()
    configuration.timeout = 10
    let host = try ModuleHost(bytes: bytes, name: "test.wasm", configuration: configuration)
    return (host, Threadlink(host: host))
  }

  @Test func threadsRunAndJoin() throws {
    let (host, link) = try Self.host(try HostContractModule.module())
    defer { host.shutdown() }
    let main = try host.startThread()
    #expect(try main.call("spawn_and_join", [.i32(0)]) == [.i32(1)])
    #expect(link.createdThreads == 1 && link.failures.isEmpty)
  }

  @Test("a trap in a created thread fails the call that joined it, with the trap's message")
  func trapInThread() throws {
    let (host, link) = try Self.host(try HostContractModule.module())
    defer { host.shutdown() }
    let main = try host.startThread()
    let clock = Stopwatch()
    #expect {
      try main.call("spawn_and_join", [.i32(1)])
    } throws: { error in
      let failure = error as? HostError
      return failure?.kind == .panic && failure?.description.contains("errno 3") == true
        && failure?.description.contains("thread_start trapped") == true
        && failure?.description.contains("unreachable") == true
    }
    #expect(clock.seconds < 5)
    #expect(link.failures.count == 1 && link.failures[0].kind == .trap, "\(link.failures)")
    // The host is still usable, and shuts down cleanly.
    #expect(try main.call("spawn_and_join", [.i32(0)]) == [.i32(1)])
    #expect(host.shutdown().isEmpty)
  }

  @Test("panic(errno) fails the call with the error number's meaning")
  func panicFailsTheCall() throws {
    let (host, _) = try Self.host(try HostContractModule.module())
    defer { host.shutdown() }
    let main = try host.startThread()
    #expect {
      try main.call("fail", [])
    } throws: { error in
      let failure = error as? HostError
      return failure?.kind == .panic && failure?.description.contains("errno 7") == true
        && failure?.description.contains("result was not available after thread join") == true
    }
    #expect {
      try main.call("boom", [])
    } throws: { error in
      (error as? HostError)?.kind == .trap && "\(error)".contains("boom trapped")
    }
  }

  @Test("a thread that does not finish: the join gives up after the timeout and the call fails")
  func joinIsBounded() throws {
    var configuration = HostConfiguration()
    configuration.timeout = 10
    let host = try ModuleHost(
      bytes: try HostContractModule.module(), name: "test.wasm", configuration: configuration)
    let link = Threadlink(host: host, joinTimeout: 0.5)
    let main = try host.startThread()
    let clock = Stopwatch()
    #expect {
      try main.call("spawn_and_join", [.i32(2)])
    } throws: { error in
      let failure = error as? HostError
      return failure?.kind == .panic && failure?.description.contains("errno 2") == true
        && failure?.description.contains("did not finish within 0.5 s") == true
    }
    #expect(clock.seconds < 2.5, "the failed join took \(clock.seconds) s")
    // The stuck thread's wait ends after 3 s on its own: then nothing is left running.
    while link.runningThreads > 0 && clock.seconds < 10 { Thread.sleep(forTimeInterval: 0.05) }
    #expect(link.runningThreads == 0)
    #expect(host.shutdown().isEmpty)
  }

  @Test("thread_create fails, and the program panics, past the running-thread limit")
  func threadLimit() throws {
    var configuration = HostConfiguration()
    configuration.timeout = 10
    let host = try ModuleHost(
      bytes: try HostContractModule.module(), name: "test.wasm", configuration: configuration)
    defer { host.shutdown() }
    let link = Threadlink(host: host, maxRunningThreads: 1)
    let main = try host.startThread()
    #expect(try main.call("spawn", [.i32(2)]) == [.i32(0)])  // one thread waits 3 s
    #expect(try main.call("spawn", [.i32(0)]) == [.i32(3)])  // the second is refused
    #expect(link.failures.contains { $0.description.contains("at most 1") }, "\(link.failures)")
    try link.waitUntilIdle()
  }

  @Test("a missing import is named")
  func missingImport() throws {
    let text = """
      (module
        (import "env" "memory" (memory 1 1 shared))
        (import "env" "log_value" (func (param i32)))
        (func (export "run") (call 0 (i32.const 42))))
      """
    let host = try ModuleHost(bytes: try HostContractModule.module(text), name: "test.wasm")
    #expect {
      try host.startThread()
    } throws: { error in
      let failure = error as? HostError
      return failure?.kind == .missingImport && failure?.description.contains("env.log_value") == true
    }
    // Provided per thread, it works, and each thread gets its own copy.
    let seen = Seen()
    host.addImports { thread in
      [
        HostImport(module: "env", name: "log_value") { call, arguments in
          seen.add("\(call.thread):\(arguments)")
          return []
        }
      ]
    }
    let threads = try host.startThreads(2)
    for thread in threads { #expect(try thread.call("run", []) == []) }
    #expect(Set(seen.all) == ["\(threads[0].id):[i32(42)]", "\(threads[1].id):[i32(42)]"], "\(seen.all)")
    host.shutdown()
  }

  @Test("an unpatched module, an old marker, a newer format and a malformed marker are refused by name")
  func markerRefusals() throws {
    func refusal(_ bytes: [UInt8]) -> HostError? {
      do {
        _ = try ModuleHost(bytes: bytes, name: "app.wasm")
        return nil
      } catch {
        return error
      }
    }
    let none = refusal(try HostContractModule.module(marker: nil))
    #expect(none?.kind == .notPatched && none?.description.contains("app.wasm") == true, "\(String(describing: none))")
    let old = refusal(try HostContractModule.module(marker: "rules=wasmgrind version=1"))
    #expect(old?.kind == .badMarker && old?.description.contains("0.2") == true, "\(String(describing: old))")
    let newer = refusal(try HostContractModule.module(marker: #"{"marker": 3}"#))
    #expect(newer?.kind == .badMarker && newer?.description.contains("newer") == true, "\(String(describing: newer))")
    // A custom section that is not a marker payload (docs/marker-format.md, *Finding the marker*) is not one.
    #expect(refusal(try HostContractModule.module(marker: "not json"))?.kind == .notPatched)
    for payload in [
      #"{"marker": 1}"#, #"{"marker": true, "rules": "x", "version": "1"}"#,
      #"{"marker": 1, "rules": "x", "version": "1", "start": {"export": "s", "args": ["stack"]}, "destroy": null, "reserved": null}"#,
      #"{"marker": 1, "rules": "x", "version": "1", "start": null, "destroy": {"export": "d", "self": [0], "other": [{"global": 1}]}, "reserved": null}"#,
    ] {
      let bad = refusal(try HostContractModule.module(marker: payload))
      #expect(
        bad?.kind == .badMarker && bad?.description.contains("app.wasm") == true,
        "\(payload): \(String(describing: bad))")
    }
    var expected = ThreadMarker(
      rules: "r", version: "2",
      start: .init(call: .everyInstance, export: "s", arguments: [.role(.stackSize), .literal(5)]),
      destroy: .init(export: "d", ownArguments: [0, 0], otherArguments: [.exportedGlobal("g"), .literal(7)]),
      reserved: .init(address: 65536, pages: 1))
    expected.format = 1
    #expect(
      try ThreadMarker(
        payload: Array(
          #"{"marker": 1, "rules": "r", "version": "2", "start": {"export": "s", "args": ["stack_size", 5]}, "destroy": {"export": "d", "self": [0, 0], "other": [{"global": "g"}, 7]}, "reserved": {"address": 65536, "pages": 1}, "later": [1]}"#
            .utf8)) == expected)
  }
}

/// Strings recorded from several threads.
final class Seen: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [String] = []
  func add(_ item: String) {
    lock.lock()
    items.append(item)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return items
  }
}
