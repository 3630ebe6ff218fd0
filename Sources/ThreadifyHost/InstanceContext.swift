import MarkerFormat
import WasmKit

/// One thread's instance of the module, its store and its view of the shared memory. Handed to the jobs a
/// ``HostThread`` runs; valid only on that thread (WasmKit's stores are not shared between threads).
public final class InstanceContext {
  /// The thread's id.
  public let thread: UInt32
  /// The thread's instance.
  public let instance: Instance
  /// The thread's wrapper of the shared memory.
  public let memory: Memory
  let store: Store
  let abi: ThreadMarker
  /// How long instantiation and the start routine took, in seconds.
  public internal(set) var startSeconds: Double = 0
  /// The error a host function threw during the current call, kept in case the engine reports it as something else.
  var pendingFailure: HostError?
  /// What the thread's host functions reach: released with the instance.
  private let reach: HostFunctionReach

  init(thread: UInt32, instance: Instance, memory: Memory, store: Store, abi: ThreadMarker, reach: HostFunctionReach) {
    self.thread = thread
    self.instance = instance
    self.memory = memory
    self.store = store
    self.abi = abi
    self.reach = reach
    reach.context = self
  }

  /// Breaks the one reference cycle of a thread (its store keeps its host functions, which reach its memory
  /// wrapper, which keeps the store) so that all of it is freed once the thread drops this context. The last thing
  /// a thread does with its instance.
  func release() {
    reach.release()
  }

  /// Calls the function export `name` with `arguments`; returns its results. A trap becomes a
  /// ``HostError/Kind/trap`` naming the thread and the export; an error a host function threw (a `panic`) comes out
  /// unchanged.
  @discardableResult
  public func call(_ name: String, _ arguments: [Value]) throws(HostError) -> [Value] {
    guard let function = instance.exports[function: name] else {
      throw HostError(.badCall, "the module exports no function \(name)")
    }
    let parameters = function.type.parameters
    guard parameters.count == arguments.count else {
      throw HostError(.badCall, "\(name) takes \(parameters.count) arguments, \(arguments.count) given")
    }
    pendingFailure = nil
    do {
      return try function(arguments)
    } catch {
      if let failure = pendingFailure ?? (error as? HostError) {
        pendingFailure = nil
        throw failure
      }
      throw HostError(.trap, "thread \(thread): \(name) trapped: \(Self.trapText(of: error))")
    }
  }

  /// Calls the function export `name` with integer arguments converted to its parameter types (i32 or i64).
  @discardableResult
  public func call(_ name: String, integers: [Int64]) throws(HostError) -> [Value] {
    guard let function = instance.exports[function: name] else {
      throw HostError(.badCall, "the module exports no function \(name)")
    }
    let types = function.type.parameters
    guard types.count == integers.count else {
      throw HostError(.badCall, "\(name) takes \(types.count) arguments, \(integers.count) given")
    }
    var values: [Value] = []
    for (type, integer) in zip(types, integers) {
      switch type {
      case .i32 where integer >= Int64(Int32.min) && integer <= Int64(UInt32.max):
        values.append(.i32(UInt32(truncatingIfNeeded: integer)))
      case .i64:
        values.append(.i64(UInt64(bitPattern: integer)))
      default:
        throw HostError(.badCall, "\(name): cannot pass \(integer) as \(type)")
      }
    }
    return try call(name, values)
  }

  /// The value of the exported global `name`.
  public func global(_ name: String) throws(HostError) -> Value {
    guard let global = instance.exports[global: name] else {
      throw HostError(.badCall, "the module exports no global \(name)")
    }
    return global.value
  }

  /// `count` bytes of the shared memory at `address`; fails when they are not all inside the memory.
  public func read(at address: UInt64, count: Int) throws(HostError) -> [UInt8] {
    try SharedMemoryAccess.read(memory, at: address, count: count)
  }

  /// Writes `bytes` into the shared memory at `address`; fails when they do not all fit.
  public func write(_ bytes: [UInt8], at address: UInt64) throws(HostError) {
    try SharedMemoryAccess.write(memory, bytes, at: address)
  }

  /// Gives this thread's stack and TLS block back: the marker's destroy export with its `self` arguments. It must
  /// be the thread's last call into the module (a module without a destroy routine has nothing to give back).
  public func destroySelf() throws(HostError) {
    destroyed = true
    guard let destroy = abi.destroy else { return }
    try call(destroy.export, integers: destroy.ownArguments)
  }

  /// Whether ``destroySelf()`` has been called (whatever it returned): the thread must not call the module again.
  public private(set) var destroyed = false

  /// What this thread must report before it parks so that a leader can destroy it: the globals the marker's
  /// `destroy.other` arguments name, read now.
  public func parkingRecord() throws(HostError) -> ParkedThread {
    var globals: [String: Int64] = [:]
    for name in abi.globalsToKeepWhenParking {
      switch try global(name) {
      case .i32(let value): globals[name] = Int64(value)
      case .i64(let value): globals[name] = Int64(bitPattern: value)
      default: throw HostError(.badMarker, "the global \(name) the marker names is not an integer")
      }
    }
    return ParkedThread(thread: thread, globals: globals)
  }

  /// Destroys a parked follower from this thread's instance: the marker's destroy export with its `other` arguments.
  public func destroy(_ follower: ParkedThread) throws(HostError) {
    guard let destroy = abi.destroy else { return }
    var integers: [Int64] = []
    for argument in destroy.otherArguments {
      switch argument {
      case .literal(let value): integers.append(value)
      case .exportedGlobal(let name):
        guard let value = follower.globals[name] else {
          throw HostError(.badCall, "thread \(follower.thread) was parked without its global \(name)")
        }
        integers.append(value)
      case .role: integers.append(0)
      }
    }
    try call(destroy.export, integers: integers)
  }

  /// The first line of an error's description (WasmKit appends a backtrace to a trap's).
  static func firstLine(of error: any Error) -> String {
    String(describing: error).split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
      ?? "\(error)"
  }

  /// A trap's first line and the function it happened in, from the first frame of WasmKit's backtrace
  /// (`    0: (0x…) NAME`): `Trap: unreachable in NAME`. Other errors: their first line.
  static func trapText(of error: any Error) -> String {
    let lines = String(describing: error).split(separator: "\n", omittingEmptySubsequences: true)
    guard let first = lines.first else { return "\(error)" }
    guard lines.count > 1, let frame = lines[1].split(separator: ")", maxSplits: 1).last,
      lines[1].trimmingPrefix(while: { $0 == " " }).hasPrefix("0: (")
    else { return String(first) }
    let function = frame.trimmingPrefix(while: { $0 == " " })
    return function.isEmpty || function == "unknown" ? String(first) : "\(first) in \(function)"
  }
}

/// A follower thread that stopped without destroying itself: what a leader needs to destroy it.
public struct ParkedThread: Sendable, Equatable {
  /// The follower's id.
  public let thread: UInt32
  /// The values of the globals the marker's `destroy.other` names, read in the follower before it parked.
  public let globals: [String: Int64]
}
