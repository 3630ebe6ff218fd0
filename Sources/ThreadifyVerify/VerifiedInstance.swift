import MarkerFormat
import Threadify
import WasmKit

/// A function import was called while verify drove a start or destroy routine (verify provides none).
struct ImportCalled: Error, CustomStringConvertible {
  let name: String
  var description: String { "the module called its import \(name), which verify does not provide" }
}

/// One thread's instance over the shared memory, driven by verify on its own thread: made, started and destroyed as
/// the marker says, its stack pointer and TLS base read through the instrumented exports.
final class VerifiedInstance {
  let thread: UInt32
  let instance: Instance
  let store: Store

  /// Instantiates thread `thread` and runs its start as the marker says (`start` with its arguments on every
  /// instance, or on every instance but the first).
  init(
    thread: UInt32, module: InstrumentedModule, engine: Engine, memory sharedMemory: SharedMemory,
    layout: ThreadLayout, stackSize: UInt32
  ) throws(CheckFailure) {
    self.thread = thread
    store = Store(engine: engine)
    let memory = Memory(store: store, sharedMemory: sharedMemory)
    var imports = Imports()
    imports.define(module: module.memoryImport.module, name: module.memoryImport.name, memory)
    for entry in module.functionImports {
      let name = "\(entry.module).\(entry.name)"
      imports.define(
        module: entry.module, name: entry.name,
        Function(store: store, type: entry.type) { _, _ in throw ImportCalled(name: name) })
    }
    do {
      instance = try module.module.instantiate(store: store, imports: imports)
    } catch {
      throw CheckFailure(.start, thread: thread, "instantiation failed: \(Self.firstLine(of: error))")
    }
    guard let start = layout.start, start.call == .everyInstance || thread != 0 else { return }
    let arguments = start.arguments.map { argument -> Int64 in
      switch argument {
      case .literal(let value): value
      case .role(.stackSize): Int64(stackSize)
      case .role(.threadID): Int64(thread)
      default: 0  // spawn_arg: a thread the host starts itself gets 0
      }
    }
    try call(start.export, arguments, check: .start)
  }

  /// The current value of the stack pointer global.
  var stackPointer: Int64 { value(InstrumentedModule.stackPointerExport) ?? -1 }
  /// The current value of the TLS base global (nil when the marker names none).
  var tlsBase: Int64? { value(InstrumentedModule.tlsBaseExport) }

  private func value(_ export: String) -> Int64? {
    switch instance.exports[global: export]?.value {
    case .i32(let value): Int64(value)
    case .i64(let value): Int64(bitPattern: value)
    default: nil
    }
  }

  /// The thread's last call: destroy with the marker's `self` arguments (nothing when the marker has no destroy).
  func destroySelf(_ destroy: ThreadMarker.Destroy?) throws(CheckFailure) {
    guard let destroy else { return }
    try call(destroy.export, destroy.ownArguments, check: .destroy)
  }

  /// Calls the function export `name` with integer arguments; a failure is `check` failing on this thread.
  private func call(_ name: String, _ integers: [Int64], check: VerifyCheck) throws(CheckFailure) {
    guard let function = instance.exports[function: name] else {
      throw CheckFailure(check, thread: thread, "the module exports no function \(name), which the marker names")
    }
    let types = function.type.parameters
    guard types.count == integers.count else {
      throw CheckFailure(
        check, thread: thread, "\(name) takes \(types.count) arguments; the marker gives \(integers.count)")
    }
    let values = zip(types, integers).map { type, integer -> Value in
      type == .i64 ? .i64(UInt64(bitPattern: integer)) : .i32(UInt32(truncatingIfNeeded: integer))
    }
    do {
      _ = try function(values)
    } catch {
      throw CheckFailure(check, thread: thread, "\(name) trapped: \(Self.firstLine(of: error))")
    }
  }

  /// The first line of an error's description (WasmKit appends a backtrace to a trap's).
  static func firstLine(of error: any Error) -> String {
    String(describing: error).split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
      ?? "\(error)"
  }
}
