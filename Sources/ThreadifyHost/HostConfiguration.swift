import MarkerFormat

/// How a ``ModuleHost`` runs its threads.
public struct HostConfiguration: Sendable {
  /// The thread ABI to use instead of the module's marker; nil (the default) reads the marker and refuses a module
  /// without one. For running a module that was not patched, on purpose (a control run).
  public var abi: ThreadMarker?
  /// The stack size in bytes passed where the marker's start arguments say `stack_size`; 0 means the module's default.
  public var stackSize: UInt32 = 0
  /// The longest any host wait lasts, in seconds: a thread's start, a call, a join, a stop. A wait that runs out
  /// fails with ``HostError/Kind/timedOut`` instead of hanging.
  public var timeout: Double = 60
  /// The native stack of each host thread, in bytes (WasmKit's interpreter recurses on it for host calls).
  public var nativeStackBytes = 8 << 20

  /// The defaults: the module's marker (in whichever custom section holds it), its stack size, 60 s waits.
  public init() {}
}
