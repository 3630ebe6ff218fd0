import Foundation
import WasmKit

/// The `wasm_threadlink` runtime contract (crate `wasm-threadlink` of AFKoffee/wasmgrind) on a ``ModuleHost``:
/// the imports a module compiled against it needs, so that its threads run as real threads.
///
/// - `thread_create(tid_ptr, start_routine) -> i32`: starts a new ``HostThread`` (a new instance over the shared
///   memory) that calls the module's exported `thread_start(start_routine)`, then destroys itself; writes the new
///   thread's id (u32) at `tid_ptr`; returns 0, 3 when the thread cannot be created (too many running) or 4 when
///   `tid_ptr` is outside the memory.
/// - `thread_join(tid) -> i32`: blocks until that thread has finished (bounded by the join timeout); 0 when it
///   ran to completion, 1 when it is unknown (or joined already), 2 when it did not finish in time, 3 when it failed.
/// - `panic(errno)`: never returns; the call that led to it fails with a ``HostError/Kind/panic`` that says why.
/// - the tracing build's `start_lock`, `finish_lock`, `start_unlock`, `finish_unlock` `(mutex)`: counted
///   (``lockCounts``).
///
/// Opt-in: make one after the host and before its first thread.
public final class Threadlink: @unchecked Sendable {
  /// The import module of the contract.
  public static let importModule = "wasm_threadlink"
  /// The export every created thread calls with its start routine.
  public static let threadStartExport = "thread_start"

  /// How often each lock callback was called.
  public struct LockCounts: Sendable, Equatable {
    /// `start_lock` calls: a thread asked for a lock.
    public var startLock = 0
    /// `finish_lock` calls: a thread got a lock.
    public var finishLock = 0
    /// `start_unlock` calls: a thread began to release a lock.
    public var startUnlock = 0
    /// `finish_unlock` calls: a thread released a lock.
    public var finishUnlock = 0

    /// No calls yet.
    public init() {}

    /// Whether every lock asked for was taken and released again.
    public var balanced: Bool {
      startLock == finishLock && finishLock == startUnlock && startUnlock == finishUnlock
    }
  }

  /// The contract's error numbers (`wasmgrind_error::errno`) this runtime returns, the same as the JS host's
  /// (docs/threadlink.md, "Result codes").
  enum Errno: Int32 {
    case threadNotFound = 1
    case joinFailed = 2
    case threadFailed = 3
    case outOfBounds = 4
  }

  /// Weak: the host keeps this runtime (through the imports it installed), not the other way round.
  private weak var host: ModuleHost?
  private let timeout: Double
  /// The most threads `thread_create` lets run at once.
  public let maxRunningThreads: Int
  private let condition = NSCondition()
  /// Created threads not joined yet.
  private var outcomes: [UInt32: Outcome] = [:]
  private var running = 0
  private var created = 0
  private var counts = LockCounts()
  private var recordedFailures: [HostError] = []
  private var startSeconds: [Double] = []

  /// Installs the contract's imports on `host` for every thread it starts from now on. `maxRunningThreads` bounds
  /// the threads created through `thread_create` that run at once (a program that creates more sees
  /// `thread_create` fail, and typically panics). `joinTimeout` bounds each `thread_join` and ``waitUntilIdle()``,
  /// in seconds (default: the host's timeout).
  public init(host: ModuleHost, maxRunningThreads: Int = 127, joinTimeout: Double? = nil) {
    self.host = host
    self.timeout = joinTimeout ?? host.configuration.timeout
    self.maxRunningThreads = maxRunningThreads
    host.addImports { _ in self.functions() }
  }

  /// How many threads `thread_create` has started so far.
  public var createdThreads: Int { locked { created } }

  /// How many created threads are still running.
  public var runningThreads: Int { locked { running } }

  /// The lock callbacks counted so far.
  public var lockCounts: LockCounts { locked { counts } }

  /// What went wrong in created threads (a trap, a failed start) or in creating them, in order.
  public var failures: [HostError] { locked { recordedFailures } }

  /// The start cost (instantiation and start routine, in seconds) of each created thread so far.
  public var threadStartSeconds: [Double] { locked { startSeconds } }

  /// Waits (bounded by the join timeout) until no created thread is running: detached threads may finish after
  /// the call that created them has returned.
  public func waitUntilIdle() throws(HostError) {
    condition.lock()
    defer { condition.unlock() }
    let deadline = Date().addingTimeInterval(timeout)
    while running > 0 {
      if !condition.wait(until: deadline) && running > 0 {
        throw HostError(
          .timedOut, "\(running) created threads were still running after \(timeout) s")
      }
    }
  }

  private func locked<T>(_ body: () -> T) -> T {
    condition.lock()
    defer { condition.unlock() }
    return body()
  }

  private func functions() -> [HostImport] {
    let module = Self.importModule
    func counter(_ name: String) -> HostImport {
      HostImport(module: module, name: name) { _, _ in
        self.count(name)
        return []
      }
    }
    return [
      HostImport(module: module, name: "thread_create") { call, arguments in
        [.i32(UInt32(bitPattern: self.create(call, arguments).rawValueOrZero))]
      },
      HostImport(module: module, name: "thread_join") { _, arguments in
        [.i32(UInt32(bitPattern: self.join(arguments).rawValueOrZero))]
      },
      HostImport(module: module, name: "panic") { call, arguments in
        throw self.panic(thread: call.thread, arguments)
      },
      counter("start_lock"), counter("finish_lock"), counter("start_unlock"), counter("finish_unlock"),
    ]
  }

  private func count(_ callback: String) {
    condition.lock()
    defer { condition.unlock() }
    switch callback {
    case "start_lock": counts.startLock += 1
    case "finish_lock": counts.finishLock += 1
    case "start_unlock": counts.startUnlock += 1
    default: counts.finishUnlock += 1
    }
  }

  private func record(_ failure: HostError) {
    locked { recordedFailures.append(failure) }
  }

  private func create(_ call: HostCall, _ arguments: [Value]) -> Errno? {
    guard arguments.count == 2, case .i32(let tidAddress) = arguments[0], case .i32(let routine) = arguments[1]
    else { return .threadFailed }
    do {
      try call.write([0, 0, 0, 0], at: UInt64(tidAddress))  // the id's place exists before a thread is made
    } catch {
      record(HostError(.badCall, "thread \(call.thread): thread_create: \(error)"))
      return .outOfBounds
    }
    condition.lock()
    guard running < maxRunningThreads else {
      recordedFailures.append(
        HostError(
          .threadGone,
          "thread \(call.thread): thread_create refused: \(running) created threads are running (at most "
            + "\(maxRunningThreads))"))
      condition.unlock()
      return .threadFailed
    }
    guard let host else {
      condition.unlock()
      return .threadFailed
    }
    running += 1
    created += 1
    condition.unlock()
    let thread = host.startDetachedThread(
      { _, context, startFailure in
        guard let context else { return startFailure }
        self.locked { self.startSeconds.append(context.startSeconds) }
        do throws(HostError) {
          try context.call(Self.threadStartExport, [.i32(routine)])
          try context.destroySelf()
          return nil
        } catch {
          return error
        }
      },
      onExit: { id, failure in self.finish(thread: id, failure: failure) })
    locked {
      if outcomes[thread.id] == nil { outcomes[thread.id] = .running }
    }
    try? call.write(withUnsafeBytes(of: thread.id.littleEndian) { Array($0) }, at: UInt64(tidAddress))
    return nil
  }

  private func finish(thread: UInt32, failure: HostError?) {
    condition.lock()
    if let failure { recordedFailures.append(failure) }
    outcomes[thread] = .finished(failure)
    running -= 1
    condition.broadcast()
    condition.unlock()
  }

  private func join(_ arguments: [Value]) -> Errno? {
    guard arguments.count == 1, case .i32(let id) = arguments[0] else { return .threadNotFound }
    condition.lock()
    defer { condition.unlock() }
    guard outcomes[id] != nil else { return .threadNotFound }
    let deadline = Date().addingTimeInterval(timeout)
    while case .running? = outcomes[id] {
      if !condition.wait(until: deadline), case .running? = outcomes[id] {
        recordedFailures.append(
          HostError(
            .timedOut, "thread_join(\(id)): the thread did not finish within \(timeout) s"))
        return .joinFailed
      }
    }
    guard case .finished(let failure)? = outcomes.removeValue(forKey: id) else { return .threadNotFound }
    return failure == nil ? nil : .threadFailed
  }

  private func panic(thread: UInt32, _ arguments: [Value]) -> HostError {
    let code: Int32
    if arguments.count == 1, case .i32(let value) = arguments[0] {
      code = Int32(bitPattern: value)
    } else {
      code = -1
    }
    var message = "thread \(thread): the program panicked: errno \(code) (\(Self.describe(errno: code)))"
    if let cause = failures.first {
      message += "; first failure: \(cause)"
    }
    return HostError(.panic, message)
  }

  /// What the contract's error number `errno` means (`wasmgrind_error::errno_description`).
  public static func describe(errno: Int32) -> String {
    switch errno {
    case 0: "no error"
    case 1: "runtime error: thread not found"
    case 2: "runtime error: thread join failed"
    case 3: "runtime error: thread failed in runtime context"
    case 4: "runtime error: thread tried to access shared memory out of bounds"
    case 5: "runtime error: could not convert u32 to pointer-sized type"
    case 6: "runtime error: thread management lock was poisoned"
    case 7: "library error: result was not available after thread join"
    case 8: "library error: multiple references to the result after thread join"
    default: "unknown error"
    }
  }
}

/// A created thread's state, until it is joined.
private enum Outcome {
  case running
  /// Finished: nil when it ran to completion, else what stopped it.
  case finished(HostError?)
}

extension Optional where Wrapped == Threadlink.Errno {
  /// The value the contract returns: 0 for success.
  var rawValueOrZero: Int32 { self?.rawValue ?? 0 }
}
