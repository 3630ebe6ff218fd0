import WasmParser

/// Constant expressions (global, table and element initialisers, segment offsets): `i32/i64/f32/f64/v128.const`,
/// `ref.null`, `ref.func`, `global.get` of an immutable global defined before the expression, and the extended-const
/// `i32/i64.add/sub/mul`, up to `end`, leaving exactly one value of the expected type.
extension ModuleValidator {
  /// Reads and checks a constant expression of type `expected`; `globalsInScope` is how many globals it may read
  /// (a global's initialiser sees only the globals before it). Each `ref.func` declares its function. `what` names
  /// the expression in an error, and is built only then.
  mutating func constantExpression(
    _ reader: inout ByteReader, _ expected: ValueType, _ what: @autoclosure () -> String, globalsInScope: Int? = nil
  ) throws(ModuleError) {
    let start = reader.offset
    var stack: [ValueType] = []
    while true {
      let offset = reader.offset
      let opcode = try reader.byte("an instruction of \(what())")
      switch opcode {
      case 0x0B:
        guard stack.count == 1, isSubtype(stack[0], of: expected) else {
          let found = stack.map { "\($0)" }.joined(separator: ", ")
          throw ModuleError(
            offset: start, "type mismatch: \(what()) must leave one \(expected), but leaves [\(found)]")
        }
        return
      case 0x41:
        _ = try reader.signed(bits: 32, "an i32.const in \(what())")
        stack.append(.i32)
      case 0x42:
        _ = try reader.signed(bits: 64, "an i64.const in \(what())")
        stack.append(.i64)
      case 0x43:
        try reader.skip(4, "an f32.const in \(what())")
        stack.append(.f32)
      case 0x44:
        try reader.skip(8, "an f64.const in \(what())")
        stack.append(.f64)
      case 0xFD:
        guard try reader.u32("a SIMD opcode in \(what())") == 0x0C else { throw notConstant(opcode, offset, what()) }
        try reader.skip(16, "a v128.const in \(what())")
        stack.append(.v128)
      case 0xD0:
        stack.append(.ref(ReferenceType(isNullable: true, heapType: try heapType(&reader, "a ref.null in \(what())"))))
      case 0xD2:
        let index = try reader.u32("a ref.func in \(what())")
        _ = try functionType(index, offset: offset)
        declaredFunctionReferences.insert(index)
        let type = functionTypeIndices[Int(index)]
        stack.append(.ref(ReferenceType(isNullable: false, heapType: .concrete(typeIndex: type))))
      case 0x23:
        stack.append(try globalGet(&reader, what(), inScope: globalsInScope ?? globals.count, offset: offset))
      case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E:
        let type: ValueType = opcode < 0x70 ? .i32 : .i64
        guard stack.count >= 2, stack.removeLast() == type, stack.removeLast() == type else {
          throw ModuleError(offset: offset, "type mismatch: \(what()): an arithmetic instruction needs two \(type)")
        }
        stack.append(type)
      default:
        throw notConstant(opcode, offset, what())
      }
    }
  }

  private func globalGet(_ reader: inout ByteReader, _ what: String, inScope: Int, offset: Int) throws(ModuleError)
    -> ValueType
  {
    let index = Int(try reader.u32("a global.get in \(what)"))
    guard index < inScope else {
      throw ModuleError(
        offset: offset, "unknown global \(index) in \(what) (\(inScope) globals are defined before it)")
    }
    guard globals[index].mutability == .constant else {
      throw ModuleError(offset: offset, "constant expression required: \(what) reads mutable global \(index)")
    }
    return globals[index].valueType
  }

  private func notConstant(_ opcode: UInt8, _ offset: Int, _ what: String) -> ModuleError {
    ModuleError(
      offset: offset, "constant expression required: \(what) holds opcode 0x\(String(opcode, radix: 16))")
  }
}
