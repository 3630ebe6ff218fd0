import MarkerFormat
import Threadify
import WasmBinary

/// What the marker and the patched module promise about every thread's state, as verify needs it: the globals by
/// index, the sizes, the static memory and the utility page. Made from the marker alone, with no ABI name.
struct ThreadLayout {
  /// The globals (index space, imports first) holding the stack pointer and the TLS base.
  let stackPointerGlobal: UInt32
  let tlsBaseGlobal: UInt32?
  /// The global's initial values in the module: the static stack top, and what the TLS base holds before a start.
  let staticStackTop: Int64?
  let initialTLSBase: Int64?
  /// The stack every other thread gets, in bytes.
  let stackSize: Int64
  /// Bytes in a TLS block, and the alignment it needs.
  let tlsSize: Int64
  let tlsAlign: Int64
  /// Addresses below this are static memory (static data, the static stack and static TLS): the larger of the
  /// marker's `data-end` and `heap-base`; 0 when it names neither.
  let staticEnd: Int64
  /// The utility page the patch reserved, as a byte range.
  let utilityPage: Range<Int64>?
  /// How an instance is set up and destroyed.
  let start: ThreadMarker.Start?
  let destroy: ThreadMarker.Destroy?

  /// The layout `marker` describes for `module`, or the reason verify cannot use it (a failed `marker` check).
  static func make(marker: ThreadMarker, module: WasmModule, stackSize requested: UInt32) -> Result<
    ThreadLayout, CheckFailure
  > {
    func refuse(_ why: String) -> Result<ThreadLayout, CheckFailure> {
      .failure(CheckFailure(.marker, thread: nil, why))
    }
    guard let globals = marker.globals, let stackPointer = globals.stackPointer else {
      return refuse(
        "the marker has no \"globals\" record naming the stack pointer (format \(marker.format)): re-patch the "
          + "original module with this version, or declare `role: stack-pointer` in the rule file")
    }
    if marker.spawn != nil {
      return refuse(
        "the marker's \"spawn\" record (family (d), threads the program spawns) cannot be driven by verify: "
          + "the spawned entry runs the program's own thread body")
    }
    if let start = marker.start, start.call == .hostAllocates {
      return refuse(
        "the marker's start \"call\": \"host-allocates\" (entry \(start.export)) cannot be driven by verify: the "
          + "host allocates each thread's stack and TLS block by a convention the marker does not describe")
    }
    let count = module.globalCount
    for (key, global) in [("stack-pointer", stackPointer), ("tls-base", globals.tlsBase)] {
      if let global, Int(global.index) >= count {
        return refuse("\"globals.\(key)\" names global \(global.index), but the module has \(count) globals")
      }
    }
    let tlsSize = globals.tlsSize ?? 0
    if tlsSize > 0 && globals.tlsBase == nil {
      return refuse(
        "the marker gives a TLS size of \(tlsSize) bytes but names no TLS base global (\"globals.tls-base\"): a "
          + "rule set whose host allocates every thread's stack and TLS block itself cannot be verified from its marker"
      )
    }
    let takesStackSize = marker.start?.arguments.contains(.role(.stackSize)) ?? false
    let stackSize = takesStackSize && requested != 0 ? Int64(requested) : (globals.stackSize ?? 0)
    guard stackSize > 0 else {
      return refuse("the marker gives no \"globals.stack-size\": verify cannot tell where a thread's stack ends")
    }
    let utilityPage = marker.reserved.map { Int64($0.address)..<(Int64($0.address) + Int64($0.pages) * 65536) }
    return .success(
      ThreadLayout(
        stackPointerGlobal: stackPointer.index, tlsBaseGlobal: globals.tlsBase?.index,
        staticStackTop: module.constantInitializer(ofGlobal: stackPointer.index),
        initialTLSBase: globals.tlsBase.flatMap { module.constantInitializer(ofGlobal: $0.index) },
        stackSize: stackSize, tlsSize: tlsSize, tlsAlign: max(globals.tlsAlign ?? 1, 1),
        staticEnd: max(globals.dataEnd ?? 0, globals.heapBase ?? 0), utilityPage: utilityPage,
        start: marker.start, destroy: marker.destroy))
  }
}
