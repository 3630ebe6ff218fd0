import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary
import WasmKit

/// `rules/wasmgrind-entry.yaml` run under WasmKit: the test is the host. It reads `__tls_size` / `__tls_align` with
/// the library's inspector (what `inspect --json` prints), allocates a 64 KiB stack and an aligned TLS block per
/// thread with the program's allocator on the main instance, and calls `__wasmgrind_instance_entry` on 8 new
/// instances at once (issue 12, item 9).
@Suite struct InstanceEntryRuntimeTests {
  static let threadCount = 8
  static let stackSize: UInt32 = 65536
  static let increments: UInt32 = 2000

  @Test func everyThreadGetsTheStackAndTLSTheHostAllocated() throws {
    let input = try Repository.bytes(EntryHost.fixture)
    let report = Inspector.inspect(try WasmModule(bytes: input), rules: try BundledRules.load("llvm-threads"))
    let tlsSize = try #require(report.tlsSize)
    let tlsAlign = try #require(report.tlsAlign)
    #expect(tlsSize == 84 && tlsAlign == 64)

    let patched = try Threadifier.patch(input, rules: try BundledRules.load("wasmgrind-entry"))
    let validation = try Validators.wabt(patched)
    #expect(validation.status == 0, "wasm-validate: \(validation.output)")
    let output = try WasmModule(bytes: patched)
    let exports = Set(output.exports.map(\.name))
    #expect(exports.contains("__wasmgrind_instance_entry"))
    for removed in ["__wasmgrind_thread_start", "__wasm_init_tls", "__tls_size", "__tls_align"] {
      #expect(!exports.contains(removed), "\(removed) is still exported")
    }
    #expect(output.start == (try WasmModule(bytes: input)).start)
    #expect(output.memories[0].type == (try WasmModule(bytes: input)).memories[0].type)

    let host = try EntryHost(bytes: patched)
    let main = try host.instantiate()
    var blocks: [(stackBase: UInt32, tls: UInt32)] = []
    for _ in 0..<Self.threadCount {
      let stack = try main.call("__wasmgrind_malloc", Self.stackSize, 16)
      let tls = try main.call("__wasmgrind_malloc", UInt32(tlsSize), UInt32(tlsAlign))
      #expect(stack != 0 && tls != 0 && tls % UInt32(tlsAlign) == 0)
      blocks.append((stack, tls))
    }
    let routine = try main.call("test_start_routine")
    let blocksCopy = blocks
    let observations = try host.runThreads(Self.threadCount) { index, instance in
      let (stackBase, tls) = blocksCopy[index]
      try instance.call(
        "__wasmgrind_instance_entry", routine, 100 + UInt32(index), stackBase + Self.stackSize, tls)
      return try Self.observe(instance, index: index)
    }
    for (index, seen) in observations.enumerated() {
      let (stackBase, tls) = blocks[index]
      #expect(seen.tlsAddress == tls, "thread \(index)")
      #expect(seen.alignedAddress == tls + 64 && seen.alignedAddress % 64 == 0, "thread \(index)")
      #expect(seen.tlsInitialOK == 1, "thread \(index): .tdata not initialised")
      #expect(seen.counterAfterStart == 100 + UInt32(index), "thread \(index): the start routine did not run once")
      #expect(seen.counterAtEnd == 100 + UInt32(index) + Self.increments, "thread \(index): counter not private")
      #expect(seen.stackAddress > stackBase && seen.stackAddress < stackBase + Self.stackSize, "thread \(index)")
      #expect(seen.stackProbe == 1, "thread \(index): another thread wrote into this stack")
    }
    #expect(Set(observations.map(\.tlsAddress)).count == Self.threadCount)
  }

  /// Control: without the entry (the unpatched module, its start routine called directly) every thread runs on
  /// the one static stack and the one static TLS block.
  @Test func withoutTheEntryThreadsShareTheStack() throws {
    let host = try EntryHost(bytes: try Repository.bytes(EntryHost.fixture))
    let main = try host.instantiate()
    let routine = try main.call("test_start_routine")
    let observations = try host.runThreads(Self.threadCount) { index, instance in
      try instance.call("__wasmgrind_thread_start", routine, 100 + UInt32(index))
      return (stack: try instance.call("stack_pointer_now"), tls: try instance.call("tls_address"))
    }
    #expect(Set(observations.map(\.stack)).count == 1)
    #expect(Set(observations.map(\.tls)).count == 1)
  }

  private static func observe(_ instance: EntryHost.Instance, index: Int) throws -> EntryObservation {
    let counterAfterStart = try instance.call("tls_counter")
    var counter: UInt32 = 0
    for _ in 0..<increments { counter = try instance.call("tls_increment", 1) }
    return EntryObservation(
      tlsAddress: try instance.call("tls_address"), alignedAddress: try instance.call("tls_aligned_address"),
      tlsInitialOK: try instance.call("tls_initial_ok"), counterAfterStart: counterAfterStart, counterAtEnd: counter,
      stackAddress: try instance.call("stack_pointer_now"),
      stackProbe: try instance.call("stack_probe", 32, 0x5EA0_0000 + UInt32(index)))
  }
}

/// A minimal WasmKit host for these tests: one shared memory, one store and instance per thread, every thread
/// instantiating and running its body at the same time.
/// What one thread of the entry fixture saw, read by the WasmKit host or reported by `run-entry.mjs`.
struct EntryObservation: Decodable, Sendable {
  let tlsAddress: UInt32
  let alignedAddress: UInt32
  let tlsInitialOK: UInt32
  let counterAfterStart: UInt32
  let counterAtEnd: UInt32
  let stackAddress: UInt32
  let stackProbe: UInt32
}

final class EntryHost: @unchecked Sendable {
  /// The module these hosts run, as built (`Tests/Fixtures/entry/build.sh`).
  static let fixture = "Tests/Fixtures/entry/demo-wasmgrind-entry.wasm"

  /// One instance and the store it lives in; used only on the thread that made it.
  struct Instance {
    let store: Store
    let instance: WasmKit.Instance

    /// Calls an export with i32 arguments; its i32 result, or 0 for a function without results.
    @discardableResult
    func call(_ name: String, _ arguments: UInt32...) throws -> UInt32 {
      guard let function = instance.exports[function: name] else { throw TestFailure("no export \(name)") }
      let results = try function(arguments.map { .i32($0) })
      if case .i32(let value)? = results.first { return value }
      return 0
    }
  }

  private let engine = Engine(configuration: EngineConfiguration(features: [.threads, .referenceTypes]))
  private let module: Module
  private let memory: SharedMemory
  private let memoryImport: (module: String, name: String)

  init(bytes: [UInt8]) throws {
    module = try parseWasm(bytes: bytes, features: [.threads, .referenceTypes])
    guard
      let entry = module.imports.first(where: { if case .memory = $0.descriptor { true } else { false } }),
      case .memory(let type) = entry.descriptor
    else { throw TestFailure("the module imports no memory") }
    memoryImport = (entry.module, entry.name)
    memory = try SharedMemory(engine: engine, type: type, resourceLimiter: DefaultResourceLimiter())
  }

  /// A new instance (its start function runs) in a new store, for use on the calling thread only.
  func instantiate() throws -> Instance {
    let store = Store(engine: engine)
    var imports = Imports()
    imports.define(module: memoryImport.module, name: memoryImport.name, Memory(store: store, sharedMemory: memory))
    return Instance(store: store, instance: try module.instantiate(store: store, imports: imports))
  }

  /// Runs `body` on `count` threads at once, each with a new instance; the results in thread order.
  func runThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int, Instance) throws -> T) throws -> [T] {
    let results = Results<T>(count: count)
    let group = DispatchGroup()
    for index in 0..<count {
      group.enter()
      let thread = Thread { [self] in
        results.set(index, Result { try body(index, try self.instantiate()) })
        group.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
    return try results.all()
  }

  /// The threads' results, written under a lock.
  private final class Results<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<T, any Error>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<T, any Error>) { lock.withLock { values[index] = result } }

    func all() throws -> [T] { try lock.withLock { try values.map { try $0!.get() } } }
  }
}
