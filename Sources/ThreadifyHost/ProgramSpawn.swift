import Foundation
import WasmKit

/// The spawn import of a module whose program spawns its own threads (the marker's `spawn`, start family (d);
/// docs/marker-format.md), implemented on a ``ThreadifyHost`` from the marker alone.
///
/// When the program calls the import with an argument, a new ``HostThread`` (a new instance over the shared memory)
/// is started and entered through the marker's start export with its thread id (`thread_id`) and that argument
/// (`spawn_arg`); the import returns the id at once. The thread ends when the start export returns, after giving its
/// stack and TLS back (`destroy.self`) if the marker has a destroy routine. The import returns the marker's `error`
/// when `maxRunningThreads` spawned threads are running. The host makes one itself (``ThreadifyHost/spawnedThreads``).
public final class ProgramSpawn: @unchecked Sendable {
  /// The import as the marker describes it.
  public let spawn: ThreadABI.Spawn
  /// The most spawned threads that may run at once.
  public let maxRunningThreads: Int
  /// Weak: the host keeps this object (through the import it installed), not the other way round.
  private weak var host: ThreadifyHost?
  private let timeout: Double
  private let condition = NSCondition()
  private var running = 0
  private var created = 0
  private var recordedFailures: [HostError] = []
  private var startSeconds: [Double] = []

  /// Installs the spawn import on `host` for every thread it starts from now on.
  init(host: ThreadifyHost, spawn: ThreadABI.Spawn, maxRunningThreads: Int = 1024) {
    self.host = host
    self.spawn = spawn
    self.maxRunningThreads = maxRunningThreads
    self.timeout = host.configuration.timeout
    host.addImports { _ in
      [
        HostImport(module: spawn.module, name: spawn.name) { _, arguments in
          [.i32(UInt32(bitPattern: self.start(arguments)))]
        }
      ]
    }
  }

  /// How many threads the program has spawned so far.
  public var createdThreads: Int { locked { created } }

  /// How many spawned threads are still running.
  public var runningThreads: Int { locked { running } }

  /// What went wrong in spawned threads (a trap in the start export, a failed destroy), in order.
  public var failures: [HostError] { locked { recordedFailures } }

  /// The start cost of each spawned thread that ended (instantiation and the start export, its whole run), in
  /// seconds.
  public var threadStartSeconds: [Double] { locked { startSeconds } }

  /// Waits (bounded by the host's timeout) until no spawned thread is running: a program may return before the
  /// threads it spawned have ended.
  public func waitUntilIdle() throws(HostError) {
    condition.lock()
    defer { condition.unlock() }
    let deadline = Date().addingTimeInterval(timeout)
    while running > 0 {
      if !condition.wait(until: deadline) && running > 0 {
        throw HostError(.timedOut, "\(running) spawned threads were still running after \(timeout) s")
      }
    }
  }

  private func locked<T>(_ body: () -> T) -> T {
    condition.lock()
    defer { condition.unlock() }
    return body()
  }

  /// The import's body: the new thread's id, or the marker's error value.
  private func start(_ arguments: [Value]) -> Int32 {
    guard let host, arguments.count == 1, case .i32(let argument) = arguments[0] else { return spawn.error }
    let admitted = locked { () -> Bool in
      guard running < maxRunningThreads else { return false }
      running += 1
      created += 1
      return true
    }
    guard admitted else { return spawn.error }
    let thread = host.startSpawnedThread(spawnArgument: Int64(argument)) { _, context, failure in
      if let failure { return failure }
      guard let context else { return nil }
      do throws(HostError) {
        try context.destroySelf()
      } catch {
        return error
      }
      self.locked { self.startSeconds.append(context.startSeconds) }
      return nil
    } onExit: { _, failure in
      self.condition.lock()
      self.running -= 1
      if let failure { self.recordedFailures.append(failure) }
      self.condition.broadcast()
      self.condition.unlock()
    }
    return Int32(bitPattern: thread.id)
  }
}
