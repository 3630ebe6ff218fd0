import Foundation
import MarkerFormat
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// Test shorthands over ``InstanceContext``: i32 calls and globals, as the example modules use them.
extension InstanceContext {
  /// The thread's id as an index.
  var index: Int { Int(thread) }

  /// Calls an export with i32 arguments; returns its first i32 result (nil for a function without results).
  @discardableResult
  func call(_ name: String, _ arguments: UInt32...) throws -> UInt32? {
    let results = try call(name, arguments.map { .i32($0) })
    guard let first = results.first else { return nil }
    guard case .i32(let value) = first else { throw TestFailure("\(name) returned \(first), expected an i32") }
    return value
  }

  /// Calls an export that returns one i32.
  func value(_ name: String, _ arguments: UInt32...) throws -> UInt32 {
    let results = try call(name, arguments.map { .i32($0) })
    guard results.count == 1, case .i32(let value) = results[0] else {
      throw TestFailure("\(name) returned \(results), expected one i32")
    }
    return value
  }

  /// An exported i32 global.
  func global32(_ name: String) throws -> UInt32 {
    guard case .i32(let value) = try global(name) else { throw TestFailure("\(name) is not an i32 global") }
    return value
  }

  /// Whether the module exports a global `name`.
  func hasGlobal(_ name: String) -> Bool { instance.exports[global: name] != nil }

  /// `count` bytes of the shared memory at `address`.
  func bytes(at address: UInt32, count: Int) throws -> [UInt8] { try read(at: UInt64(address), count: count) }
}

/// Runs jobs on several host threads at once.
enum HostThreads {
  /// Runs `body` on every thread in `threads` at once and returns the results in the same order.
  static func runAll<T: Sendable>(
    _ threads: [HostThread], _ body: @escaping @Sendable (InstanceContext) throws -> T
  ) throws -> [T] {
    let jobs = threads.map { $0.submit(body) }
    return try jobs.map { try $0.wait() }
  }
}

/// A reusable barrier for the host threads that drive the instances, so that their calls overlap. A thread that
/// failed breaks it (``abort()``), so the others throw instead of waiting for ever; so does a timeout.
final class HostBarrier: @unchecked Sendable {
  private let condition = NSCondition()
  private let parties: Int
  private let timeout: TimeInterval
  private var arrived = 0
  private var generation = 0
  private var broken = false

  init(parties: Int, timeout: TimeInterval = 120) {
    self.parties = parties
    self.timeout = timeout
  }

  func wait() throws {
    condition.lock()
    defer { condition.unlock() }
    if broken { throw TestFailure("another thread failed") }
    let mine = generation
    arrived += 1
    if arrived == parties {
      arrived = 0
      generation += 1
      condition.broadcast()
      return
    }
    let deadline = Date().addingTimeInterval(timeout)
    while generation == mine && !broken {
      if !condition.wait(until: deadline) {
        broken = true
        condition.broadcast()
        throw TestFailure("barrier timed out (\(arrived)/\(parties) arrived)")
      }
    }
    if generation == mine { throw TestFailure("another thread failed") }
  }

  /// Releases every waiting thread with an error.
  func abort() {
    condition.lock()
    broken = true
    condition.broadcast()
    condition.unlock()
  }
}

extension ModuleHost {
  /// A host told the ABI explicitly instead of reading the marker: no start routine but the start section, and no
  /// destroy routine (the caller calls the destroy export it knows). For tests that run modules by a known ABI,
  /// unpatched ones included.
  static func explicit(bytes: [UInt8]) throws -> ModuleHost {
    var configuration = HostConfiguration()
    configuration.abi = ThreadMarker(rules: "explicit", version: "0", start: nil)
    return try ModuleHost(bytes: bytes, name: "the module", configuration: configuration)
  }
}
