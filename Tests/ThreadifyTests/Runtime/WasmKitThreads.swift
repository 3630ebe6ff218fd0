import Foundation
import Testing
import WasmKit

/// One WebAssembly "thread" under WasmKit: a dedicated Swift `Thread` that owns one `Store`, one `Memory` wrapper of
/// the shared memory and one instance of the module, and runs the jobs it is given one after another. The store and
/// the instance never leave that thread.
final class WasmKitThread: @unchecked Sendable {
  /// The instance and what belongs to it; only touched on the owning thread.
  final class Context {
    let index: Int
    let store: Store
    let memory: Memory
    let instance: Instance

    init(index: Int, store: Store, memory: Memory, instance: Instance) {
      self.index = index
      self.store = store
      self.memory = memory
      self.instance = instance
    }

    /// Calls an export with i32 arguments; returns its i32 result (or nil for a function without results).
    @discardableResult
    func call(_ name: String, _ arguments: UInt32...) throws -> UInt32? {
      guard let function = instance.exports[function: name] else {
        throw WasmKitThreads.Failure(description: "thread \(index): the module exports no function \(name)")
      }
      let results = try function(arguments.map { .i32($0) })
      guard let first = results.first else { return nil }
      guard case .i32(let value) = first else {
        throw WasmKitThreads.Failure(description: "\(name) returned \(first), expected an i32")
      }
      return value
    }

    /// Calls an export that returns an i32.
    func value(_ name: String, _ arguments: UInt32...) throws -> UInt32 {
      guard let function = instance.exports[function: name] else {
        throw WasmKitThreads.Failure(description: "thread \(index): the module exports no function \(name)")
      }
      let results = try function(arguments.map { .i32($0) })
      guard results.count == 1, case .i32(let value) = results[0] else {
        throw WasmKitThreads.Failure(description: "\(name) returned \(results), expected one i32")
      }
      return value
    }

    /// An exported i32 global.
    func global(_ name: String) throws -> UInt32 {
      guard let global = instance.exports[global: name], case .i32(let value) = global.value else {
        throw WasmKitThreads.Failure(description: "thread \(index): the module exports no i32 global \(name)")
      }
      return value
    }

    /// Whether the module exports a global `name`.
    func hasGlobal(_ name: String) -> Bool { instance.exports[global: name] != nil }

    /// `count` bytes of the shared memory at `address`.
    func bytes(at address: UInt32, count: Int) -> [UInt8] {
      memory.withUnsafeBufferPointer(offset: UInt(address), count: count) { Array($0) }
    }
  }

  let index: Int
  private let condition = NSCondition()
  private var jobs: [(Context?) -> Void] = []
  private var stopping = false
  private var exited = false
  private var context: Context?
  private var thread: Thread?

  /// Starts the thread; it instantiates the module (`setup`) before it takes any job.
  init(index: Int, setup: @escaping @Sendable (Int) throws -> Context) {
    self.index = index
    let thread = Thread { [self] in self.main(setup) }
    thread.name = "wasm-thread-\(index)"
    thread.stackSize = 8 << 20
    self.thread = thread
    thread.start()
  }

  private var setupError: (any Error)?
  private var setupDone = false

  private func main(_ setup: @Sendable (Int) throws -> Context) {
    let made: Result<Context, any Error> = Result { try setup(index) }
    condition.lock()
    switch made {
    case .success(let context): self.context = context
    case .failure(let error): setupError = error
    }
    setupDone = true
    condition.broadcast()
    condition.unlock()
    while true {
      condition.lock()
      while jobs.isEmpty && !stopping { condition.wait() }
      if jobs.isEmpty && stopping {
        context = nil  // the store and instance are released on their own thread
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

  /// Waits until the instance exists; throws what instantiation threw.
  func waitUntilInstantiated() throws {
    condition.lock()
    defer { condition.unlock() }
    while !setupDone { condition.wait() }
    if let setupError { throw setupError }
  }

  /// Queues `body` on the thread and returns a handle to its result.
  func submit<T: Sendable>(_ body: @escaping @Sendable (Context) throws -> T) -> WasmKitJob<T> {
    let job = WasmKitJob<T>()
    let index = self.index
    condition.lock()
    jobs.append { context in
      guard let context else {
        job.finish(.failure(WasmKitThreads.Failure(description: "thread \(index) has no instance")))
        return
      }
      job.finish(Result { try body(context) })
    }
    condition.broadcast()
    condition.unlock()
    return job
  }

  /// Runs `body` on the thread and waits for it.
  @discardableResult
  func run<T: Sendable>(_ body: @escaping @Sendable (Context) throws -> T) throws -> T {
    try submit(body).wait()
  }

  /// Lets the thread finish its queued jobs, drop its instance and exit; waits for that.
  func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while !exited { condition.wait() }
    condition.unlock()
  }
}

/// The result of a job queued on a ``WasmKitThread``.
final class WasmKitJob<T: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var result: Result<T, any Error>?

  fileprivate func finish(_ result: Result<T, any Error>) {
    condition.lock()
    self.result = result
    condition.broadcast()
    condition.unlock()
  }

  func wait() throws -> T {
    condition.lock()
    defer { condition.unlock() }
    while result == nil { condition.wait() }
    return try result!.get()
  }
}

/// A reusable barrier for the host threads that drive the instances, so that their calls overlap. A thread that
/// failed breaks it (``abort()``), so the others throw instead of waiting for ever; so does a timeout.
final class WasmKitBarrier: @unchecked Sendable {
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
    if broken { throw WasmKitThreads.Failure(description: "another thread failed") }
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
        throw WasmKitThreads.Failure(description: "barrier timed out (\(arrived)/\(parties) arrived)")
      }
    }
    if generation == mine { throw WasmKitThreads.Failure(description: "another thread failed") }
  }

  /// Releases every waiting thread with an error.
  func abort() {
    condition.lock()
    broken = true
    condition.broadcast()
    condition.unlock()
  }
}

/// One module over one `SharedMemory`, instantiated once per ``WasmKitThread``.
final class WasmKitThreads: @unchecked Sendable {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  let engine: Engine
  let module: Module
  let sharedMemory: SharedMemory
  /// For the wasm-bindgen ABI: the exported init routine, called with 0 (default stack size) after instantiating.
  let startExport: String?
  /// Host functions every instance imports besides the memory: (module, name, type, implementation).
  let hostFunctions: [(String, String, FunctionType, @Sendable ([Value]) throws -> [Value])]
  private(set) var threads: [WasmKitThread] = []

  /// Parses `bytes` and creates the shared memory its import asks for (its initial size already includes the utility
  /// page a patch reserved).
  init(
    bytes: [UInt8], startExport: String?,
    hostFunctions: [(String, String, FunctionType, @Sendable ([Value]) throws -> [Value])] = []
  ) throws {
    engine = Engine(configuration: EngineConfiguration(features: [.threads]))
    module = try parseWasm(bytes: bytes, features: [.threads])
    var memoryType: MemoryType?
    var memoryImport: (String, String)?
    for entry in module.imports {
      if case .memory(let type) = entry.descriptor {
        memoryType = type
        memoryImport = (entry.module, entry.name)
      }
    }
    guard let memoryType, let memoryImport, memoryType.shared else {
      throw Failure(description: "the module imports no shared memory")
    }
    self.memoryImport = memoryImport
    sharedMemory = try SharedMemory(engine: engine, type: memoryType, resourceLimiter: DefaultResourceLimiter())
    self.startExport = startExport
    self.hostFunctions = hostFunctions
  }

  private let memoryImport: (String, String)

  /// Starts a thread that instantiates the module (its start function runs there) and, for the wasm-bindgen ABI,
  /// calls the exported init routine. Waits until the instance exists.
  @discardableResult
  func spawn(index: Int) throws -> WasmKitThread {
    let thread = WasmKitThread(index: index) { [self] index in try self.makeContext(index: index) }
    threads.append(thread)
    try thread.waitUntilInstantiated()
    return thread
  }

  /// Spawns threads `range` at once (each instantiates on its own thread, concurrently), waits for them all.
  func spawnConcurrently(_ range: Range<Int>) throws -> [WasmKitThread] {
    var started: [WasmKitThread] = []
    for index in range {
      let thread = WasmKitThread(index: index) { [self] index in
        try self.makeContext(index: index)
      }
      started.append(thread)
    }
    threads += started
    for thread in started { try thread.waitUntilInstantiated() }
    return started
  }

  private func makeContext(index: Int) throws -> WasmKitThread.Context {
    let store = Store(engine: engine)
    let memory = Memory(store: store, sharedMemory: sharedMemory)
    var imports = Imports()
    imports.define(module: memoryImport.0, name: memoryImport.1, memory)
    for (moduleName, name, type, body) in hostFunctions {
      imports.define(
        module: moduleName, name: name, Function(store: store, type: type) { _, arguments in try body(arguments) })
    }
    let instance = try module.instantiate(store: store, imports: imports)
    let context = WasmKitThread.Context(index: index, store: store, memory: memory, instance: instance)
    if let startExport { try context.call(startExport, 0) }
    return context
  }

  /// Runs `body` on every thread in `threads` at once and returns the results in the same order.
  static func runAll<T: Sendable>(
    _ threads: [WasmKitThread], _ body: @escaping @Sendable (WasmKitThread.Context) throws -> T
  ) throws -> [T] {
    let jobs = threads.map { $0.submit(body) }
    return try jobs.map { try $0.wait() }
  }

  /// Stops the given threads (their instances are dropped) and forgets them.
  func stop(_ stopped: [WasmKitThread]) {
    for thread in stopped { thread.stop() }
    let ids = Set(stopped.map { ObjectIdentifier($0) })
    threads.removeAll { ids.contains(ObjectIdentifier($0)) }
  }

  /// Stops every thread.
  func stopAll() { stop(threads) }
}
