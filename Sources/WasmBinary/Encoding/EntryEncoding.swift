/// Encoders for the module-level entries the editor adds: types, limits, globals, constant expressions, exports, locals.
extension ByteWriter {
  /// Appends a function type: `0x60`, the parameter types, the result types.
  public mutating func functionType(_ type: FunctionType) {
    byte(0x60)
    unsigned(type.parameters.count)
    for parameter in type.parameters { valueType(parameter) }
    unsigned(type.results.count)
    for result in type.results { valueType(result) }
  }

  /// Appends a global type: the value type, then `0x00` (constant) or `0x01` (mutable).
  public mutating func globalType(_ type: GlobalType) {
    valueType(type.valueType)
    byte(type.mutability == .variable ? 0x01 : 0x00)
  }

  /// Appends limits: the flags (bit 0: has a maximum, bit 1: shared, bit 2: memory64), the minimum and the maximum.
  public mutating func limits(_ limits: Limits) {
    byte((limits.max != nil ? 0x01 : 0) | (limits.shared ? 0x02 : 0) | (limits.isMemory64 ? 0x04 : 0))
    unsigned(limits.min)
    if let max = limits.max { unsigned(max) }
  }

  /// Appends a constant expression: `i32.const N` or `i64.const N`, then `end`.
  public mutating func constantExpression(_ initializer: ConstantInitializer) {
    switch initializer {
    case .i32(let value):
      byte(0x41)
      signed(value)
    case .i64(let value):
      byte(0x42)
      signed(value)
    }
    byte(0x0B)
  }

  /// Appends an export entry: the name, the kind (0 function, 1 table, 2 memory, 3 global, 4 tag), the index.
  public mutating func export(_ export: Export) {
    name(export.name)
    let (kind, index): (UInt8, UInt32)
    switch export.descriptor {
    case .function(let function): (kind, index) = (0x00, function)
    case .table(let table): (kind, index) = (0x01, table)
    case .memory(let memory): (kind, index) = (0x02, memory)
    case .global(let global): (kind, index) = (0x03, global)
    case .tag(let tag): (kind, index) = (0x04, tag)
    }
    byte(kind)
    unsigned(index)
  }

  /// Appends a function's local declarations, compressing runs of one type: `[i32, i32, i64]` → `2 × i32, 1 × i64`.
  public mutating func localDeclarations(_ locals: [ValueType]) {
    var runs: [(count: Int, type: ValueType)] = []
    for local in locals {
      if let last = runs.last, last.type == local {
        runs[runs.count - 1].count += 1
      } else {
        runs.append((1, local))
      }
    }
    unsigned(runs.count)
    for run in runs {
      unsigned(run.count)
      valueType(run.type)
    }
  }
}
