/// How much of a module is validated before it is patched.
public enum ValidationLevel: String, Sendable, CaseIterable {
  /// Everything outside the function bodies (``WasmModule/validate()``); the bodies a patch writes are validated in
  /// its output. Copied bodies are trusted.
  case module
  /// Also every function body of the input, on all cores.
  case full
}
