/// One instruction with concrete immediates, compared against instructions found in function bodies. The
/// comparison is on values, so padded LEB128 encodings (as wasm-ld writes them) match too.
public struct InstructionPattern: Sendable, Equatable {
  public let info: InstructionInfo
  public let immediates: [Immediate]

  /// A pattern for `info` with `immediates` (one per `info.immediates`).
  public init(_ info: InstructionInfo, _ immediates: [Immediate]) {
    self.info = info
    self.immediates = immediates
  }

  /// Whether `bytes` of `module`, exactly one encoded instruction, is this instruction.
  func matches(_ bytes: ModuleBytes, _ range: Range<Int>) -> Bool {
    guard bytes[range.lowerBound] == info.opcode[0] else { return false }
    var reader = ByteReader(bytes, range.lowerBound + 1..<range.upperBound)
    do {
      if let subOpcode = info.subOpcode {
        guard try reader.u32("sub-opcode") == subOpcode else { return false }
      }
      for (kind, value) in zip(info.immediates, immediates) {
        guard try Self.read(kind, from: &reader) == value else { return false }
      }
      return reader.isAtEnd
    } catch {
      return false
    }
  }

  /// The immediates of the one encoded instruction at `range` of `bytes` when it is `info`'s instruction, in the
  /// canonical form the encoder takes; `nil` for another instruction.
  public static func immediates(of info: InstructionInfo, in bytes: ModuleBytes, _ range: Range<Int>) -> [Immediate]? {
    guard range.count >= info.opcode.count, bytes[range.lowerBound] == info.opcode[0] else { return nil }
    var reader = ByteReader(bytes, range.lowerBound + 1..<range.upperBound)
    do {
      if let subOpcode = info.subOpcode {
        guard try reader.u32("sub-opcode") == subOpcode else { return nil }
      }
      var immediates: [Immediate] = []
      for kind in info.immediates {
        guard let immediate = try read(kind, from: &reader) else { return nil }
        immediates.append(immediate)
      }
      return reader.isAtEnd ? immediates : nil
    } catch {
      return nil
    }
  }

  /// Reads one immediate of `kind` in the canonical form the encoder takes.
  private static func read(_ kind: ImmediateKind, from reader: inout ByteReader) throws(ModuleError) -> Immediate? {
    switch kind {
    case .blockType:
      let byte = try reader.byte("block type")
      return byte == 0x40 ? .emptyBlock : valueType(byte).map(Immediate.valueBlock)
    case .label, .function, .local, .global, .typeIndex, .table:
      return .index(try reader.u32("index"))
    case .dataIndex:
      return .integer(Int64(try reader.u32("data index")))
    case .i32:
      return .integer(try reader.signed(bits: 32, "i32 constant"))
    case .i64:
      return .integer(try reader.signed(bits: 64, "i64 constant"))
    case .memArg:
      let align = try reader.u32("alignment")
      return .memArg(align: align, offset: try reader.unsigned(bits: 64, "offset"))
    case .heapType:
      switch try reader.byte("heap type") {
      case 0x70: return .referenceType(.ref(.funcRef))
      case 0x6F: return .referenceType(.ref(.externRef))
      default: return nil
      }
    case .memoryIndex, .zeroByte:
      _ = try reader.byte("memory index")
      return .index(0)
    case .memoryIndexPair:
      _ = try reader.byte("memory index")
      _ = try reader.byte("memory index")
      return .index(0)
    }
  }

  private static func valueType(_ byte: UInt8) -> ValueType? {
    switch byte {
    case 0x7F: .i32
    case 0x7E: .i64
    case 0x7D: .f32
    case 0x7C: .f64
    case 0x7B: .v128
    default: nil
    }
  }
}
