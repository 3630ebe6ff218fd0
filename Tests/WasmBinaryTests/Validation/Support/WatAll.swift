import WAT
import WasmBinary

/// Test support only: compiles WAT text with every feature WasmKit knows.
func wat2wasmAll(_ text: String) throws -> [UInt8] {
  try wat2wasm(text, features: .all)
}
