import WasmKit

/// Instantiates a module without imports in WasmKit and calls one of its exported functions.
func run(_ bytes: [UInt8], _ export: String, _ arguments: [Value] = []) throws -> [Value] {
  let engine = Engine(configuration: EngineConfiguration(features: [.threads]))
  let store = Store(engine: engine)
  let instance = try parseWasm(bytes: bytes, features: [.threads]).instantiate(store: store)
  guard let function = instance.exports[function: export] else { throw RunnerError.noSuchExport(export) }
  return try function(arguments)
}

enum RunnerError: Error {
  case noSuchExport(String)
}
