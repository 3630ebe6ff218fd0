import ThreadifyRules
import WasmBinary

/// What a template's names mean in one module: indices for `$references`, values for `{constants}`, and which
/// names hold for `@if`.
struct TemplateBindings {
  var locals: [String: UInt32] = [:]
  var globals: [String: GlobalIndex] = [:]
  var functions: [String: FunctionIndex] = [:]
  var constants: [String: Int64] = [:]
  var tables: [String: TableIndex] = [:]
  /// The type index of every signature an indirect call names (see ``TemplateReferences``).
  var typeIndices: [FunctionType: TypeIndex] = [:]
  /// Names for which `@if NAME` holds: bound symbols, non-zero params.
  var holding: Set<String> = []
  /// The largest memory offset memory 0 takes: `UInt32.max`, or `UInt64.max` for a memory64.
  var maxOffset = UInt64(UInt32.max)
}

/// Turns a checked template into encoded instructions for one module.
struct TemplateInstantiator {
  let scope: TemplateBindings

  /// Encodes `items` (a function body without its final `end`), then the final `end`.
  func encodeBody(_ items: [TemplateItem]) throws(PatchError) -> [UInt8] {
    var writer = ByteWriter()
    try encode(items, into: &writer)
    writer.byte(0x0B)
    return writer.bytes
  }

  /// Encodes `items` as they are: a rewrite's replacement, spliced into an existing body.
  func encodeFragment(_ items: [TemplateItem]) throws(PatchError) -> [UInt8] {
    var writer = ByteWriter()
    try encode(items, into: &writer)
    return writer.bytes
  }

  /// The concrete immediates of one instruction.
  func immediates(of instruction: TemplateInstruction) throws(PatchError) -> [Immediate] {
    try zip(instruction.info.immediates, instruction.operands).map { (kind, operand) throws(PatchError) in
      try immediate(kind, operand, instruction)
    }
  }

  /// Whether `@if condition` holds.
  func holds(_ condition: Condition) -> Bool {
    scope.holding.contains(condition.name) != condition.negated
  }

  private func encode(_ items: [TemplateItem], into writer: inout ByteWriter) throws(PatchError) {
    for item in items {
      switch item {
      case .instruction(let instruction):
        let immediates = try immediates(of: instruction)
        do {
          try writer.instruction(instruction.info, immediates)
        } catch {
          throw .invalidEdit("\(instruction.location): \(error)")
        }
      case .conditional(let condition, let then, let otherwise, _):
        try encode(holds(condition) ? then : otherwise, into: &writer)
      }
    }
  }

  private func immediate(_ kind: ImmediateKind, _ operand: TemplateOperand, _ instruction: TemplateInstruction)
    throws(PatchError) -> Immediate
  {
    switch operand {
    case .reference(let name):
      let table: [String: UInt32] =
        switch kind {
        case .local: scope.locals
        case .global: scope.globals
        case .function: scope.functions
        case .table: scope.tables
        default: [:]
        }
      guard let index = table[name] else {
        throw .invalidEdit("\(instruction.location): `$\(name)` is not bound in this module")
      }
      return .index(index)
    case .constant(let constant):
      return .integer(try value(of: constant, at: instruction))
    case .blockType(let type):
      return type.map(Immediate.valueBlock) ?? .emptyBlock
    case .label(let depth):
      return .index(depth)
    case .memArg(let offset, let alignBytes):
      guard case .memArg(let natural) = kind else {
        throw .invalidEdit("\(instruction.location): memory argument on \(instruction.info.name)")
      }
      let offsetBits: UInt64
      switch offset {
      case nil: offsetBits = 0
      case .literal(let literal)?: offsetBits = UInt64(bitPattern: literal)  // the parser reads offsets unsigned
      case .constant?:
        let value = try value(of: offset!, at: instruction)
        guard value >= 0 else { throw .invalidEdit("\(instruction.location): offset \(value) is negative") }
        offsetBits = UInt64(value)
      }
      guard offsetBits <= scope.maxOffset else {
        throw .invalidEdit("\(instruction.location): offset \(offsetBits) does not fit in 32 bits")
      }
      let align = alignBytes.map { UInt32($0.trailingZeroBitCount) } ?? natural
      return .memArg(align: align, offset: offsetBits)
    case .memoryZero:
      return .index(0)
    case .signature(let type):
      guard let index = scope.typeIndices[type] else {
        throw .invalidEdit("\(instruction.location): no type index planned for \(TypeSyntax.describe(type))")
      }
      return .index(index)
    case .referenceType(let type):
      return .referenceType(type)
    }
  }

  private func value(of constant: ConstantOperand, at instruction: TemplateInstruction) throws(PatchError) -> Int64 {
    switch constant {
    case .literal(let value):
      return value
    case .constant(let name):
      guard let value = scope.constants[name] else {
        throw .invalidEdit("\(instruction.location): `{\(name)}` has no value in this module")
      }
      return value
    }
  }
}
