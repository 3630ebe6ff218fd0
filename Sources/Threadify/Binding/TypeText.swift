import WasmBinary

/// Types written the way rule files write them: `mut i32`, `(i32 i32) -> i32`.
enum TypeText {
  static func value(_ type: ValueType) -> String {
    switch type {
    case .i32: "i32"
    case .i64: "i64"
    case .f32: "f32"
    case .f64: "f64"
    case .v128: "v128"
    case .ref(let reference) where reference == .funcRef: "funcref"
    case .ref(let reference) where reference == .externRef: "externref"
    case .ref: "ref"
    }
  }

  static func global(_ type: GlobalType) -> String {
    (type.mutability == .variable ? "mut " : "") + value(type.valueType)
  }

  static func function(_ type: FunctionType) -> String {
    let results = type.results.map(value).joined(separator: " ")
    return "(\(type.parameters.map(value).joined(separator: " "))) -> "
      + (type.results.count == 1 ? results : "(\(results))")
  }
}
