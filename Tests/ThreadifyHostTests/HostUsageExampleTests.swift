import Foundation
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// The Swift host as docs/swift-host.md shows it, run as written (on a small module importing `wasm_threadlink` and
/// one user import), so that the documented lines keep compiling and working.
@Suite(
  "Host: the documented example",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct HostUsageExampleTests {
  static let program = """
    (module
      (import "wasm_threadlink" "thread_create" (func $create (param i32 i32) (result i32)))
      (import "wasm_threadlink" "thread_join" (func $join (param i32) (result i32)))
      (import "wasm_threadlink" "panic" (func $panic (param i32)))
      (import "env" "log" (func $log (param i32)))
      (import "env" "memory" (memory 1 2 shared))
      (func (export "thread_start") (param $r i32) (call $log (local.get $r)))
      (func (export "run") (param $n i32) (result i32)
        (drop (call $create (i32.const 16) (local.get $n)))
        (drop (call $join (i32.load (i32.const 16))))
        (i32.mul (local.get $n) (i32.const 2)))
    )
    """

  @Test func documentedExample() throws {
    let patchedBytes = try HostContractModule.module(Self.program)
    let logged = Seen()
    @Sendable func record(_ thread: UInt32, _ arguments: [Value]) { logged.add("\(thread) \(arguments)") }

    // --- as in docs/swift-host.md ---
    let host = try ModuleHost(bytes: patchedBytes, name: "app.wasm")
    let link = Threadlink(host: host)  // only when the module imports wasm_threadlink
    host.addImports { thread in  // your own imports, made afresh for every thread
      [
        HostImport(module: "env", name: "log") { _, arguments in
          record(thread, arguments)
          return []
        }
      ]
    }
    let main = try host.startThread()  // the first instance: initialises memory
    let results = try main.call("run", [.i32(4)])  // [.i32(8)]
    try link.waitUntilIdle()  // threads the program left running are done
    try main.destroy()  // the thread's last call
    // ---

    #expect(results == [.i32(8)])
    #expect(logged.all == ["1 [i32(4)]"])
    #expect(host.liveThreads.isEmpty)
  }
}
