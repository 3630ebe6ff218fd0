/// A concrete immediate value, ready to encode.
public enum Immediate: Sendable, Equatable {
  /// No result (`[] -> []`) for a block type.
  case emptyBlock
  /// A single-result block type.
  case valueBlock(ValueType)
  /// An index (label depth, function, local or global index).
  case index(UInt32)
  /// A constant for `i32.const` / `i64.const`.
  case integer(Int64)
  /// A memory argument: alignment exponent and offset (up to 64 bits for a memory64).
  case memArg(align: UInt32, offset: UInt64)
  /// A reference type (`funcref` or `externref`) for `ref.null`.
  case referenceType(ValueType)
}

/// An error in an instruction given to the encoder (a bug in the caller: templates are checked before encoding).
public struct InstructionEncodingError: Error, CustomStringConvertible, Equatable {
  /// What was wrong.
  public let description: String
}

extension ByteWriter {
  /// Appends a value type's one-byte encoding (numeric and vector types, funcref and externref).
  public mutating func valueType(_ type: ValueType) {
    switch type {
    case .i32: byte(0x7F)
    case .i64: byte(0x7E)
    case .f32: byte(0x7D)
    case .f64: byte(0x7C)
    case .v128: byte(0x7B)
    case .ref(let reference) where reference == .funcRef: byte(0x70)
    case .ref(let reference) where reference == .externRef: byte(0x6F)
    case .ref: preconditionFailure("only funcref and externref reference types are written")
    }
  }

  /// Appends one instruction: its opcode, then its immediates, which must match `info.immediates`.
  public mutating func instruction(_ info: InstructionInfo, _ immediates: [Immediate]) throws(InstructionEncodingError)
  {
    guard immediates.count == info.immediates.count else {
      throw InstructionEncodingError(
        description: "\(info.name) takes \(info.immediates.count) immediates, got \(immediates.count)")
    }
    raw(info.opcode)
    for (kind, value) in zip(info.immediates, immediates) {
      switch (kind, value) {
      case (.blockType, .emptyBlock): byte(0x40)
      case (.blockType, .valueBlock(let type)): valueType(type)
      case (.label, .index(let index)), (.function, .index(let index)), (.local, .index(let index)),
        (.global, .index(let index)), (.typeIndex, .index(let index)), (.table, .index(let index)):
        unsigned(index)
      case (.i32, .integer(let value)):
        guard value >= Int64(Int32.min), value <= Int64(UInt32.max) else {
          throw InstructionEncodingError(description: "\(info.name): \(value) does not fit in 32 bits")
        }
        signed(Int32(truncatingIfNeeded: value))
      case (.i64, .integer(let value)): signed(value)
      case (.memArg, .memArg(let align, let offset)):
        unsigned(align)
        unsigned(offset)
      case (.dataIndex, .integer(let value)):
        guard let index = UInt32(exactly: value) else {
          throw InstructionEncodingError(description: "\(info.name): data index \(value) does not fit in 32 bits")
        }
        unsigned(index)
      case (.heapType, .referenceType(let type)): valueType(type)
      case (.memoryIndex, _), (.zeroByte, _): byte(0)
      case (.memoryIndexPair, _):
        byte(0)
        byte(0)
      default:
        throw InstructionEncodingError(description: "\(info.name): immediate \(value) does not fit \(kind)")
      }
    }
  }
}
