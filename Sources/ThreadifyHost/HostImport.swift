import WasmKit

/// A host function for one of the module's imports. Its type is the one the module declares for that
/// import. The body runs on the thread that called it, with that thread's ``HostCall``.
public struct HostImport: Sendable {
  /// The import's module name.
  public let module: String
  /// The import's field name.
  public let name: String
  /// The implementation: the arguments as the module passes them, the results in the declared types. Throwing a
  /// ``HostError`` makes the calling export fail with exactly that error.
  public let body: @Sendable (HostCall, [Value]) throws -> [Value]

  /// A function for the import `module`.`name`.
  public init(module: String, name: String, body: @escaping @Sendable (HostCall, [Value]) throws -> [Value]) {
    self.module = module
    self.name = name
    self.body = body
  }
}

/// Supplies the functions of one thread's imports: called once per thread, before its instance is made, with the
/// thread's id. Functions for imports the module does not have are ignored.
public typealias HostImportProvider = @Sendable (_ thread: UInt32) -> [HostImport]

/// What a host function can reach while it runs: the calling thread and the shared memory. Valid only during the
/// call, on the calling thread.
public struct HostCall {
  /// The id of the calling thread.
  public let thread: UInt32
  let memory: Memory

  /// `count` bytes of the shared memory at `address`; fails when they are not all inside the memory.
  public func read(at address: UInt64, count: Int) throws(HostError) -> [UInt8] {
    try SharedMemoryAccess.read(memory, at: address, count: count)
  }

  /// Writes `bytes` into the shared memory at `address`; fails when they do not all fit inside the memory.
  public func write(_ bytes: [UInt8], at address: UInt64) throws(HostError) {
    try SharedMemoryAccess.write(memory, bytes, at: address)
  }
}

/// What the host functions of one thread reach: its memory wrapper and, once it exists, its context. The thread's
/// store keeps the functions and the functions keep this, so it holds the memory wrapper (which keeps the store) only
/// until ``release()``: the thread calls it when it drops its instance, and the store, the instance and the functions
/// are freed together.
final class HostFunctionReach {
  private var memory: Memory?
  /// The thread's context, set once the instance exists; the thread keeps it.
  weak var context: InstanceContext?

  init(memory: Memory) {
    self.memory = memory
  }

  /// The WasmKit body of a host function for thread `thread`: `body` with the thread's ``HostCall``. A
  /// ``HostError`` it throws is kept on the context, in case the engine reports it as something else.
  func body(thread: UInt32, _ body: @escaping @Sendable (HostCall, [Value]) throws -> [Value])
    -> Function.Implementation
  {
    { _, arguments in
      guard let memory = self.memory else {
        throw HostError(.threadGone, "thread \(thread) has released its instance")
      }
      do {
        return try body(HostCall(thread: thread, memory: memory), arguments)
      } catch let failure as HostError {
        self.context?.pendingFailure = failure
        throw failure
      }
    }
  }

  /// Lets go of the memory wrapper: the host functions can no longer run, and nothing keeps the store alive.
  func release() {
    memory = nil
  }
}

/// Bounds-checked access to a memory (WasmKit's own accessors stop the process on an out-of-bounds range).
enum SharedMemoryAccess {
  static func check(_ memory: Memory, _ address: UInt64, _ count: Int) throws(HostError) {
    let size = UInt64(memory.byteCount)
    guard count >= 0, address <= size, UInt64(count) <= size - address else {
      throw HostError(.badCall, "memory access of \(count) bytes at \(address) is outside the memory (\(size) bytes)")
    }
  }

  static func read(_ memory: Memory, at address: UInt64, count: Int) throws(HostError) -> [UInt8] {
    try check(memory, address, count)
    return memory.withUnsafeBufferPointer(offset: UInt(address), count: count) { Array($0) }
  }

  static func write(_ memory: Memory, _ bytes: [UInt8], at address: UInt64) throws(HostError) {
    try check(memory, address, bytes.count)
    memory.withUnsafeMutableBufferPointer(offset: UInt(address), count: bytes.count) {
      $0.copyBytes(from: bytes)
    }
  }
}
