/// How ``Verifier`` exercises a module.
public struct VerifyOptions: Sendable {
  /// Threads started (and destroyed) in each round besides the first instance, which lives through every round.
  public var threads = 4
  /// Rounds of starting and destroying `threads` threads; at least 2, so that a steady state can be seen.
  public var rounds = 4
  /// The stack size passed where the marker's start arguments say `stack_size` (0: the module's default).
  public var stackSize: UInt32 = 0
  /// The custom section that holds the marker.
  public var markerSection = "wasm-threadify"
  /// Called after every round with the round's number (from 1) and the memory size in 64 KiB pages.
  public var progress: (@Sendable (_ round: Int, _ pages: Int) -> Void)?
  /// The native stack of the thread that drives the instances, in bytes (WasmKit's interpreter recurses on it).
  public var nativeStackBytes = 16 << 20

  /// The defaults: 4 threads × 4 rounds, the module's stack size.
  public init() {}
}
