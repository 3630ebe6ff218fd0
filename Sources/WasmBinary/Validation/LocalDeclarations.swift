/// The local declarations at the start of a function body, expanded into the types of all the function's locals
/// (its parameters first), and where its instructions start.
struct LocalDeclarations: Sendable {
  /// The most locals (parameters included) a function may have, as wasmparser counts them.
  static let maximumLocals = 50_000

  /// Local index → type.
  let types: [OperandType]
  /// The file offset of the first instruction.
  let instructionsStart: Int

  /// Reads the declarations of `body` (a function body without its size field, indexed by file offsets) for a
  /// function with `parameters`.
  init(_ body: ModuleBytes, parameters: [OperandType]) throws(ModuleError) {
    var reader = ByteReader(body, body.startIndex..<body.endIndex)
    let groups = try reader.count("local declarations", minimumEntrySize: 2)
    var types = parameters
    for _ in 0..<groups {
      let declaration = reader.offset
      let count = Int(try reader.u32("a local count"))
      let type = try Self.localType(&reader)
      guard count <= Self.maximumLocals - types.count else {
        throw ModuleError(
          offset: declaration,
          "too many locals: \(types.count) and \(count) more exceed the limit of \(Self.maximumLocals)")
      }
      types.append(contentsOf: repeatElement(type, count: count))
    }
    self.types = types
    self.instructionsStart = reader.offset
  }

  /// Reads a local's value type: a number, `v128`, or one of the nullable abstract references the validator types.
  private static func localType(_ reader: inout ByteReader) throws(ModuleError) -> OperandType {
    let offset = reader.offset
    let byte = try reader.byte("a local type")
    switch byte {
    case 0x7F: return .i32
    case 0x7E: return .i64
    case 0x7D: return .f32
    case 0x7C: return .f64
    case 0x7B: return .v128
    case 0x70: return .funcref
    case 0x6F: return .externref
    case 0x69: return .exnref
    case 0x63, 0x64:
      throw ModuleError(
        offset: offset, "unsupported local type: typed references (0x\(String(byte, radix: 16))) are not validated")
    default:
      throw ModuleError(offset: offset, "unsupported local type 0x\(String(byte, radix: 16))")
    }
  }
}
