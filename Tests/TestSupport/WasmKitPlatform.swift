import WasmKit

/// What the tests that run modules in WasmKit need of the platform.
public enum WasmKitPlatform {
  /// Shared memories need WasmKit's mprotect bounds checking, which is off under AddressSanitizer (and on
  /// platforms without it): the WasmKit runtime tests are disabled there.
  public static let sharedMemoryAvailable: Bool = Engine().configuration.memoryBoundsChecking == .mprotect
}
