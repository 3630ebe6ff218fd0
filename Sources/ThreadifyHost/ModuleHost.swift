import Foundation
import MarkerFormat
import WasmBinary
import WasmKit

/// Runs a module patched by wasm-threadify on WasmKit, one instance per thread over one shared memory.
///
/// The host reads everything ABI-specific from the module's marker section (``ThreadMarker``): which export sets up an
/// instance and with which arguments, which export gives a thread's stack and TLS back. It refuses, by name, a
/// module without a usable marker. It creates exactly the shared memory the module's memory import asks for (the
/// patch already counted its reserved page in it), and gives each thread its own `Store`, its own `Memory` wrapper of
/// that memory, its own instance and its own copy of the host functions (``addImports(_:)``).
///
/// ```swift
/// let host = try ModuleHost(bytes: patched, name: "app.wasm")
/// let main = try host.startThread()          // the first instance: initialises memory, keeps the static stack
/// let results = try main.call("run", [.i32(4)])
/// try main.destroy()                         // the thread's last call
/// ```
public final class ModuleHost: @unchecked Sendable {
  /// How the host runs its threads.
  public let configuration: HostConfiguration
  /// The thread ABI the module's marker declares.
  public let abi: ThreadMarker
  /// The name the host gives the module in messages.
  public let name: String
  /// The module's imports, in order.
  public let imports: [Import]
  let engine: Engine
  let module: Module
  let sharedMemory: SharedMemory
  private let memoryImport: (module: String, name: String)
  /// The type of each imported function, by "module.name".
  private let importTypes: [String: FunctionType]
  private let lock = NSCondition()
  private var providers: [HostImportProvider] = []
  private var nextID: UInt32 = 0
  private var live: [UInt32: HostThread] = [:]
  /// The spawn argument of each program-spawned thread whose instance is not made yet (family (d)).
  private var spawnArguments: [UInt32: Int64] = [:]
  /// The failures of program-spawned threads, in order.
  private var spawnedFailures: [HostError] = []
  /// How many threads the program has spawned, and how many of them are still running.
  private var spawnedCount = 0
  private var spawnedRunning = 0
  /// The start cost (instantiation and the entry, the thread's whole run) of each spawned thread that ended.
  private var spawnedStartSeconds: [Double] = []

  /// Reads `bytes` (a patched module), its marker and its memory import, and creates the shared memory. `name` names
  /// the module in messages (its file name, say).
  public init(bytes: [UInt8], name: String = "the module", configuration: HostConfiguration = HostConfiguration())
    throws(HostError)
  {
    self.configuration = configuration
    self.name = name
    let described: WasmModule
    do {
      described = try WasmModule(bytes: bytes)
    } catch {
      throw HostError(.unsupportedModule, "\(name) is not a valid module: \(error)")
    }
    if let given = configuration.abi {
      abi = given
    } else {
      abi = try MarkerReader.read(
        customSections: described.customSections.map { ($0.name, Array($0.payload)) }, moduleName: name)
    }
    imports = described.imports
    let memories = described.memories
    if memories.count == 1, let memory = memories.first, memory.type.isMemory64 {
      throw HostError(
        .unsupportedModule,
        "\(name) has a 64-bit memory (memory64): WasmKit 0.4.2, which this host runs on, cannot share a 64-bit "
          + "memory between threads; run it in a browser with the JS host (examples/host)")
    }
    guard memories.count == 1, let memory = memories.first, let module = memory.importModule,
      let field = memory.importName, memory.type.shared, !memory.type.isMemory64
    else {
      throw HostError(
        .unsupportedModule, "\(name) does not import exactly one shared 32-bit memory: nothing to share between threads"
      )
    }
    memoryImport = (module, field)
    maximumMemoryPages = Int(clamping: memory.type.max ?? 65536)
    var importTypes: [String: FunctionType] = [:]
    for entry in described.imports {
      switch entry.descriptor {
      case .memory: continue
      case .function(let typeIndex) where Int(typeIndex) < described.types.count:
        importTypes["\(entry.module).\(entry.name)"] = described.types[Int(typeIndex)]
      default:
        throw HostError(
          .unsupportedModule, "\(name) imports \(entry.module).\(entry.name), which is not a function: not supported")
      }
    }
    self.importTypes = importTypes
    // Every proposal WasmKit implements (LLVM 19+ output uses reference-types encodings, for one).
    engine = Engine(configuration: EngineConfiguration(features: .all))
    do {
      self.module = try parseWasm(bytes: bytes, features: .all)
      sharedMemory = try SharedMemory(engine: engine, type: memory.type, resourceLimiter: DefaultResourceLimiter())
    } catch {
      throw HostError(.unsupportedModule, "\(name): \(InstanceContext.firstLine(of: error))")
    }
    if let start = abi.start, start.call == .hostAllocates {
      throw HostError(
        .badMarker,
        "\(name): marker \"start\": \"call\": \"\(start.call.rawValue)\" (entry \(start.export)), which this host "
          + "cannot honour: it does not allocate stacks and TLS blocks for an entry")
    }
    if let spawn = abi.spawn {
      guard Self.honours(spawn), importTypes["\(spawn.module).\(spawn.name)"].map(Self.isSpawnType) ?? true else {
        throw HostError(
          .badMarker,
          "\(name): marker \"spawn\": the import \(spawn.module).\(spawn.name) of signature (\(spawn.params.joined(separator: " "))) -> "
            + "(\(spawn.results.joined(separator: " "))), which this host cannot honour (it implements (i32) -> (i32))")
      }
      installSpawnImport()
    }
  }

  /// Whether the module declares its spawn import as (i32 or i64) -> (i32).
  private static func isSpawnType(_ type: FunctionType) -> Bool {
    type.parameters.count == 1 && [.i32, .i64].contains(type.parameters[0]) && type.results == [.i32]
  }

  /// What went wrong in threads the program spawned through its spawn import (family (d)), in order.
  public var spawnFailures: [HostError] {
    lock.lock()
    defer { lock.unlock() }
    return spawnedFailures
  }

  /// How many threads the program has spawned through its spawn import so far (family (d)).
  public var spawnedThreads: Int {
    lock.lock()
    defer { lock.unlock() }
    return spawnedCount
  }

  /// The start cost (instantiation and the entry, in seconds: a spawned thread's whole run) of each spawned thread
  /// that ended.
  public var spawnedThreadStartSeconds: [Double] {
    lock.lock()
    defer { lock.unlock() }
    return spawnedStartSeconds
  }

  /// Waits (bounded by the configuration's timeout) until no thread the program spawned is running: a program may
  /// return before the threads it spawned have ended.
  public func waitUntilSpawnedThreadsEnd() throws(HostError) {
    lock.lock()
    defer { lock.unlock() }
    let deadline = Date().addingTimeInterval(configuration.timeout)
    while spawnedRunning > 0 {
      if !lock.wait(until: deadline) && spawnedRunning > 0 {
        throw HostError(
          .timedOut, "\(spawnedRunning) spawned threads were still running after \(configuration.timeout) s")
      }
    }
  }

  /// Starts a thread the program spawned with `argument`; `body` runs once its instance exists (its entry ran).
  func launchSpawned(
    argument: Int64, _ body: @escaping @Sendable (_ thread: UInt32, InstanceContext?, HostError?) -> HostError?
  ) -> HostThread {
    lock.lock()
    spawnedCount += 1
    spawnedRunning += 1
    lock.unlock()
    return launch(
      work: HostThread.Work(
        body: { [weak self] thread, context, failure in
          if let self, let context {
            self.lock.lock()
            self.spawnedStartSeconds.append(context.startSeconds)
            self.lock.unlock()
          }
          return body(thread, context, failure)
        },
        onExit: { [weak self] _, failure in
          guard let self else { return }
          self.lock.lock()
          self.spawnedRunning -= 1
          if let failure { self.spawnedFailures.append(failure) }
          self.lock.broadcast()
          self.lock.unlock()
        }), spawnArgument: argument)
  }

  /// Adds functions for the module's imports, made afresh for every thread started after this call.
  public func addImports(_ provider: @escaping HostImportProvider) {
    lock.lock()
    providers.append(provider)
    lock.unlock()
  }

  /// Whether the module imports anything from the import module `module`.
  public func importsModule(_ module: String) -> Bool {
    imports.contains { $0.module == module }
  }

  /// Starts a thread and waits (bounded) until its instance exists and its start has run. The first thread a host
  /// starts runs the module's memory initialisation.
  public func startThread() throws(HostError) -> HostThread {
    let thread = launch(work: nil)
    try thread.waitUntilStarted()
    return thread
  }

  /// Starts `count` threads at once (each instantiates concurrently on its own thread) and waits for them all.
  public func startThreads(_ count: Int) throws(HostError) -> [HostThread] {
    let threads = (0..<count).map { _ in launch(work: nil) }
    for thread in threads { try thread.waitUntilStarted() }
    return threads
  }

  /// Starts a thread for one piece of work and does not wait. `body` runs on it once its instance exists (with the
  /// thread's id and instance, or the error that stopped it from starting) and returns the thread's failure, if
  /// any; then the thread destroys itself (``InstanceContext/destroySelf()``) unless `body` did (a body that
  /// trapped before its own destroy leaves nothing behind), releases its instance and exits, and `onExit` runs
  /// with that failure (or the destroy's).
  @discardableResult
  public func startDetachedThread(
    _ body: @escaping @Sendable (_ thread: UInt32, InstanceContext?, HostError?) -> HostError?,
    onExit: @escaping @Sendable (_ thread: UInt32, HostError?) -> Void
  ) -> HostThread {
    launch(work: HostThread.Work(body: body, onExit: onExit))
  }

  private func launch(work: HostThread.Work?, spawnArgument: Int64? = nil) -> HostThread {
    lock.lock()
    let thread = HostThread(id: nextID, host: self)
    nextID += 1
    live[thread.id] = thread
    spawnArguments[thread.id] = spawnArgument
    lock.unlock()
    thread.launch(work: work)
    return thread
  }

  /// The threads that have not exited yet.
  public var liveThreads: [HostThread] {
    lock.lock()
    defer { lock.unlock() }
    return live.values.sorted { $0.id < $1.id }
  }

  func threadExited(_ id: UInt32) {
    lock.lock()
    live[id] = nil
    lock.broadcast()
    lock.unlock()
  }

  /// Stops every live thread (each bounded by the timeout); returns the ids of those that did not exit.
  @discardableResult
  public func shutdown() -> [UInt32] {
    for thread in liveThreads { thread.stop() }
    return liveThreads.map(\.id)
  }

  /// The shared memory's current size in 64 KiB pages.
  public var memoryPages: Int { sharedMemory.byteCount / 65536 }

  /// The most pages the shared memory can grow to.
  public let maximumMemoryPages: Int

  /// The shared memory's size against its maximum, for the message of a start that trapped (the allocator may have
  /// run out of memory for the thread's stack or TLS block).
  var memoryUse: String {
    "the shared memory is \(memoryPages) of at most \(maximumMemoryPages) pages"
  }

  /// Makes thread `id`'s instance on the calling thread: its store, memory wrapper and host functions, then its
  /// start as the marker says.
  func makeInstance(thread id: UInt32) throws(HostError) -> InstanceContext {
    let store = Store(engine: engine)
    let memory = Memory(store: store, sharedMemory: sharedMemory)
    var definitions = Imports()
    definitions.define(module: memoryImport.module, name: memoryImport.name, memory)
    lock.lock()
    let providers = self.providers
    lock.unlock()
    var functions: [String: HostImport] = [:]
    for provider in providers {
      for function in provider(id) where functions["\(function.module).\(function.name)"] == nil {
        functions["\(function.module).\(function.name)"] = function
      }
    }
    let reach = HostFunctionReach(memory: memory)
    do throws(HostError) {
      for entry in imports {
        guard case .function = entry.descriptor else { continue }
        let key = "\(entry.module).\(entry.name)"
        guard let function = functions[key], let type = importTypes[key] else {
          throw HostError(
            .missingImport, "\(name) imports the function \(key), which nobody provided (thread \(id))")
        }
        definitions.define(
          module: entry.module, name: entry.name,
          Function(store: store, type: type, body: reach.body(thread: id, function.body)))
      }
      let instance: Instance
      do {
        instance = try module.instantiate(store: store, imports: definitions)
      } catch let failure as HostError {
        throw failure
      } catch {
        throw HostError(
          .trap, "thread \(id): instantiating \(name) failed: \(InstanceContext.trapText(of: error)); \(memoryUse)")
      }
      let made = InstanceContext(
        thread: id, instance: instance, memory: memory, store: store, abi: abi, reach: reach)
      // Family (c): the first instance is set up by its start section alone (docs/marker-format.md).
      if let start = abi.start, start.call == .everyInstance || id != 0 {
        lock.lock()
        let spawnArgument = spawnArguments.removeValue(forKey: id) ?? 0
        lock.unlock()
        let integers = start.arguments.map { argument -> Int64 in
          switch argument {
          case .literal(let value): value
          case .role(.stackSize): Int64(configuration.stackSize)
          case .role(.threadID): Int64(id)
          case .role(.spawnArgument): spawnArgument
          case .exportedGlobal: 0
          }
        }
        do throws(HostError) {
          try made.call(start.export, integers: integers)
        } catch  where error.kind == .trap {
          throw HostError(.trap, "\(error.description); \(memoryUse)")
        }
      }
      return made
    } catch {
      reach.release()
      throw error
    }
  }
}
