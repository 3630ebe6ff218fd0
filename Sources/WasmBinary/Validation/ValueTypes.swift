import WasmParser

/// Value, reference, heap, table, memory and global types as the validator reads them: each checked against the
/// features `wasm-tools validate` enables by default and against the types defined so far.
extension ModuleValidator {
  /// Reads a value type.
  func valueType(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> ValueType {
    let offset = reader.offset
    switch try reader.byte(what) {
    case 0x7F: return .i32
    case 0x7E: return .i64
    case 0x7D: return .f32
    case 0x7C: return .f64
    case 0x7B: return .v128
    case let byte:
      return .ref(try referenceType(startingWith: byte, &reader, what, offset: offset))
    }
  }

  /// Reads a reference type.
  func referenceType(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> ReferenceType {
    let offset = reader.offset
    return try referenceType(startingWith: try reader.byte(what), &reader, what, offset: offset)
  }

  private func referenceType(startingWith byte: UInt8, _ reader: inout ByteReader, _ what: String, offset: Int)
    throws(ModuleError) -> ReferenceType
  {
    switch byte {
    case 0x63, 0x64:
      return ReferenceType(isNullable: byte == 0x63, heapType: try heapType(&reader, what))
    default:
      guard let abstract = Self.abstractHeapType(byte) else {
        throw ModuleError(offset: offset, "\(what): invalid value type 0x\(String(byte, radix: 16))")
      }
      return ReferenceType(isNullable: true, heapType: .abstract(abstract))
    }
  }

  /// Reads a heap type: a type index (which must be defined) or an abstract heap type.
  func heapType(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> HeapType {
    let offset = reader.offset
    let value = try reader.signed(bits: 33, "the heap type of \(what)")
    if value >= 0 {
      guard value < types.count else {
        throw ModuleError(offset: offset, "\(what): unknown type \(value) (the module has \(types.count) types)")
      }
      return .concrete(typeIndex: UInt32(value))
    }
    guard value >= -64, let abstract = Self.abstractHeapType(UInt8(value + 128)) else {
      throw ModuleError(offset: offset, "\(what): invalid heap type \(value)")
    }
    return .abstract(abstract)
  }

  /// Reads a table type: a reference type and limits (32- or 64-bit), minimum ≤ maximum.
  func tableType(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> TableType {
    let elementType = try referenceType(&reader, "the element type of \(what)")
    let offset = reader.offset
    let flags = try reader.byte("the limits of \(what)")
    guard flags & ~0x05 == 0 else {
      throw ModuleError(
        offset: offset, "\(what): invalid limits flags 0x\(String(flags, radix: 16)) (shared tables are not enabled)")
    }
    let limits = try self.limits(&reader, flags: flags, is64: flags & 0x04 != 0, what, offset: offset)
    return TableType(elementType: elementType, limits: limits)
  }

  /// Reads a memory type: limits (32- or 64-bit, maybe shared) within the pages an address space holds; a shared
  /// memory needs a maximum.
  func memoryType(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> MemoryType {
    let offset = reader.offset
    let flags = try reader.byte("the limits of \(what)")
    guard flags & ~0x07 == 0 else {
      throw ModuleError(
        offset: offset,
        "\(what): invalid limits flags 0x\(String(flags, radix: 16)) (custom page sizes are not enabled)")
    }
    var limits = try self.limits(&reader, flags: flags, is64: flags & 0x04 != 0, what, offset: offset)
    limits.shared = flags & 0x02 != 0
    let pages = limits.isMemory64 ? ValidationLimits.memory64Pages : ValidationLimits.memory32Pages
    guard limits.min <= pages, (limits.max ?? 0) <= pages else {
      throw ModuleError(offset: offset, "\(what): memory size must be at most \(pages) pages of 64 KiB")
    }
    guard !limits.shared || limits.max != nil else {
      throw ModuleError(offset: offset, "\(what): a shared memory must have a maximum size")
    }
    return limits
  }

  private func limits(
    _ reader: inout ByteReader, flags: UInt8, is64: Bool, _ what: String, offset: Int
  ) throws(ModuleError) -> Limits {
    let bits = is64 ? 64 : 32
    let min = try reader.unsigned(bits: bits, "the minimum of \(what)")
    let max = flags & 0x01 != 0 ? try reader.unsigned(bits: bits, "the maximum of \(what)") : nil
    if let max, min > max {
      throw ModuleError(offset: offset, "\(what): the minimum size \(min) is greater than the maximum \(max)")
    }
    return Limits(min: min, max: max, isMemory64: is64)
  }

  /// Reads a global type: a value type and a mutability (0 or 1; shared globals are not enabled).
  func globalType(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> GlobalType {
    let type = try valueType(&reader, "the type of \(what)")
    let offset = reader.offset
    switch try reader.byte("the mutability of \(what)") {
    case 0x00: return GlobalType(mutability: .constant, valueType: type)
    case 0x01: return GlobalType(mutability: .variable, valueType: type)
    case let byte:
      throw ModuleError(offset: offset, "\(what): invalid mutability 0x\(String(byte, radix: 16))")
    }
  }

  /// Whether a value of type `sub` may stand where `type` is expected.
  func isSubtype(_ sub: ValueType, of type: ValueType) -> Bool {
    guard case .ref(let subReference) = sub, case .ref(let reference) = type else { return sub == type }
    return isSubtype(subReference, of: reference)
  }

  /// Whether a reference of type `sub` may stand where `type` is expected (function types compare structurally).
  func isSubtype(_ sub: ReferenceType, of type: ReferenceType) -> Bool {
    guard type.isNullable || !sub.isNullable else { return false }
    switch (sub.heapType, type.heapType) {
    case (.concrete(let a), .concrete(let b)): return types[Int(a)] == types[Int(b)]
    case (.concrete, .abstract(let b)): return b == .funcRef
    case (.abstract(.noFunc), .concrete): return true
    case (.abstract, .concrete): return false
    case (.abstract(let a), .abstract(let b)): return a == b || Self.abstractSupertypes[a, default: []].contains(b)
    }
  }

  /// The abstract heap type a byte encodes (`0x70` func, `0x6F` extern, ...), nil for any other byte.
  static func abstractHeapType(_ byte: UInt8) -> AbstractHeapType? {
    switch byte {
    case 0x70: .funcRef
    case 0x6F: .externRef
    case 0x69: .exnRef
    case 0x6E: .any
    case 0x6D: .eq
    case 0x6C: .i31
    case 0x6B: .structRef
    case 0x6A: .arrayRef
    case 0x71: .noneRef
    case 0x72: .noExtern
    case 0x73: .noFunc
    case 0x74: .noExn
    default: nil
    }
  }

  /// The proper supertypes of each abstract heap type.
  private static let abstractSupertypes: [AbstractHeapType: Set<AbstractHeapType>] = [
    .noFunc: [.funcRef], .noExtern: [.externRef], .noExn: [.exnRef],
    .noneRef: [.any, .eq, .i31, .structRef, .arrayRef], .i31: [.eq, .any], .structRef: [.eq, .any],
    .arrayRef: [.eq, .any], .eq: [.any],
  ]
}
