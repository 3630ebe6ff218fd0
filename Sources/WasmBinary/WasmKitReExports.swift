// WasmBinary speaks WasmKit's vocabulary (ValueType, FunctionType, GlobalType, Limits, ...) in its public API.
@_exported import WasmParser
@_exported import WasmTypes
