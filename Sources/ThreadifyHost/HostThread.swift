import Foundation
import WasmKit

/// One WebAssembly thread: a Swift thread of its own that makes one instance of the module over the shared memory
/// (running its start as the marker says), then runs the jobs it is given one after another. The instance and its
/// store never leave that thread. Every wait on it is bounded by the host's timeout.
public final class HostThread: @unchecked Sendable {
  /// The thread's id (the first thread a host starts is 0).
  public let id: UInt32
  private let host: ModuleHost
  private let condition = NSCondition()
  private var jobs: [(InstanceContext?) -> Void] = []
  private var started = false
  private var startFailure: HostError?
  private var stopping = false
  private var exited = false
  private var context: InstanceContext?
  private var startSeconds: Double?

  init(id: UInt32, host: ModuleHost) {
    self.id = id
    self.host = host
  }

  /// What a thread started for one piece of work does: `body` runs once the instance exists (with the thread's id
  /// and its instance, or the error that stopped it from starting) and returns the thread's failure, if any;
  /// `onExit` runs after the thread has released its instance and left the host's live threads.
  struct Work {
    let body: @Sendable (UInt32, InstanceContext?, HostError?) -> HostError?
    let onExit: @Sendable (UInt32, HostError?) -> Void
  }

  /// Starts the Swift thread; it instantiates the module, then runs `work` (if any) and exits after it.
  func launch(work: Work?) {
    let thread = Thread { [self] in self.main(work: work) }
    thread.name = "wasm-thread-\(id)"
    thread.stackSize = host.configuration.nativeStackBytes
    thread.start()
  }

  private func main(work: Work?) {
    let clock = ContinuousClock.now
    let made: Result<InstanceContext, HostError> = Result { () throws(HostError) in try host.makeInstance(thread: id) }
    let seconds = (ContinuousClock.now - clock).seconds
    condition.lock()
    switch made {
    case .success(let context):
      context.startSeconds = seconds
      self.context = context
    case .failure(let error): startFailure = error
    }
    startSeconds = seconds
    started = true
    if work != nil || startFailure != nil { stopping = true }  // nothing more to run
    condition.broadcast()
    condition.unlock()
    var failure = work?.body(id, context, startFailure)
    if work != nil, let context, !context.destroyed {
      // The work did not destroy the thread (it trapped first, say): its stack and TLS are given back all the same.
      do throws(HostError) { try context.destroySelf() } catch { failure = failure ?? error }
    }
    runJobs()
    work?.onExit(id, failure)
  }

  private func runJobs() {
    while true {
      condition.lock()
      while jobs.isEmpty && !stopping { condition.wait() }
      if jobs.isEmpty {
        context?.release()
        context = nil  // the store and the instance are released on their own thread
        host.threadExited(id)
        exited = true
        condition.broadcast()
        condition.unlock()
        return
      }
      let job = jobs.removeFirst()
      let context = self.context
      condition.unlock()
      job(context)
    }
  }

  /// How long instantiation and the start routine took, in seconds, once the thread has started.
  public var startDuration: Double? {
    condition.lock()
    defer { condition.unlock() }
    return startSeconds
  }

  /// Waits until the instance exists (bounded); throws what instantiation or the start routine threw.
  public func waitUntilStarted() throws(HostError) {
    condition.lock()
    defer { condition.unlock() }
    let deadline = Date().addingTimeInterval(host.configuration.timeout)
    while !started {
      if !condition.wait(until: deadline) && !started {
        throw HostError(
          .timedOut, "thread \(id) did not start within \(host.configuration.timeout) s (instantiation and start)")
      }
    }
    if let startFailure { throw startFailure }
  }

  /// Queues `body` on the thread and returns a handle to its result.
  public func submit<T: Sendable>(_ body: @escaping @Sendable (InstanceContext) throws -> T) -> HostJob<T> {
    let job = HostJob<T>(thread: id, timeout: host.configuration.timeout)
    let id = self.id
    condition.lock()
    defer { condition.unlock() }
    guard !stopping && !exited else {
      job.finish(.failure(startFailure ?? HostError(.threadGone, "thread \(id) has stopped")))
      return job
    }
    jobs.append { context in
      guard let context else {
        job.finish(.failure(HostError(.threadGone, "thread \(id) has no instance (it failed to start)")))
        return
      }
      job.finish(Result { () throws(HostError) in try HostJob<T>.mapping { try body(context) } })
    }
    condition.broadcast()
    return job
  }

  /// Runs `body` on the thread and waits for it (bounded).
  @discardableResult
  public func run<T: Sendable>(_ body: @escaping @Sendable (InstanceContext) throws -> T) throws(HostError) -> T {
    try submit(body).wait()
  }

  /// Calls the function export `name` on the thread with `arguments` and waits for its results (bounded).
  @discardableResult
  public func call(_ name: String, _ arguments: [Value]) throws(HostError) -> [Value] {
    let values = arguments
    return try run { context in try context.call(name, values) }
  }

  /// The thread's last call: it destroys itself (the marker's destroy export with its `self` arguments), then
  /// stops.
  public func destroy() throws(HostError) {
    defer { stop() }
    try run { context in try context.destroySelf() }
  }

  /// Stops the thread without destroying it, after reading what a leader needs to destroy it later
  /// (``InstanceContext/destroy(_:)``, or ``destroy(_:)`` on the leader).
  public func park() throws(HostError) -> ParkedThread {
    defer { stop() }
    return try run { context in try context.parkingRecord() }
  }

  /// Destroys a parked follower from this thread's instance.
  public func destroy(_ follower: ParkedThread) throws(HostError) {
    try run { context in try context.destroy(follower) }
  }

  /// Lets the thread finish its queued jobs, drop its instance and exit; waits for that (bounded: a thread stuck in
  /// WebAssembly code cannot be stopped, and is left behind).
  public func stop() {
    condition.lock()
    defer { condition.unlock() }
    stopping = true
    condition.broadcast()
    let deadline = Date().addingTimeInterval(host.configuration.timeout)
    while !exited {
      if !condition.wait(until: deadline) { return }
    }
  }
}

/// The result of a job queued on a ``HostThread``.
public final class HostJob<T: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var result: Result<T, HostError>?
  private let thread: UInt32
  private let timeout: Double

  init(thread: UInt32, timeout: Double) {
    self.thread = thread
    self.timeout = timeout
  }

  func finish(_ result: Result<T, HostError>) {
    condition.lock()
    self.result = result
    condition.broadcast()
    condition.unlock()
  }

  /// Waits for the job (bounded by the host's timeout) and returns its result or throws its error.
  public func wait() throws(HostError) -> T {
    condition.lock()
    defer { condition.unlock() }
    let deadline = Date().addingTimeInterval(timeout)
    while result == nil {
      if !condition.wait(until: deadline) && result == nil {
        throw HostError(.timedOut, "thread \(thread) did not finish its call within \(timeout) s")
      }
    }
    return try result!.get()
  }

  /// Runs `body`, turning what it throws into a ``HostError``.
  static func mapping(_ body: () throws -> T) throws(HostError) -> T {
    do {
      return try body()
    } catch let error as HostError {
      throw error
    } catch {
      throw HostError(.badCall, "\(error)")
    }
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }
}
