import WasmBinary

/// Parses an instruction's operands (the words after its mnemonic) according to its catalogue immediates.
struct OperandParser {
  typealias Token = TemplateLines.Token

  let info: InstructionInfo
  let location: SourceLocation
  private var rest: ArraySlice<Token>

  init(info: InstructionInfo, location: SourceLocation, operands: ArraySlice<Token>) {
    self.info = info
    self.location = location
    self.rest = operands
  }

  /// One operand per immediate (read in the instruction's text order, kept in its binary order), with locations;
  /// extra words are errors.
  mutating func parse() throws(RuleError) -> ParsedInstruction {
    var operands = [TemplateOperand](repeating: .memoryZero, count: info.immediates.count)
    var locations = [SourceLocation](repeating: location, count: info.immediates.count)
    for index in info.textOrder {
      (operands[index], locations[index]) = try parse(info.immediates[index])
    }
    if let extra = rest.first {
      let message =
        info.immediates.allSatisfy({ [.memoryIndex, .memoryIndexPair, .zeroByte].contains($0) })
        ? "'\(info.name)' takes no operands, found '\(extra.text)'"
        : "unexpected extra operand '\(extra.text)' for '\(info.name)'"
      throw RuleError(extra.location, message)
    }
    return ParsedInstruction(
      instruction: TemplateInstruction(info: info, operands: operands, location: location),
      operandLocations: locations)
  }

  private mutating func parse(_ kind: ImmediateKind) throws(RuleError) -> (TemplateOperand, SourceLocation) {
    switch kind {
    case .blockType:
      guard let token = rest.first, token.text.hasPrefix("(") else { return (.blockType(nil), location) }
      rest = rest.dropFirst()
      return (.blockType(try blockType(token)), token.location)
    case .label:
      let token = try next("a label depth (a non-negative integer)")
      guard let depth = UInt32(token.text) else {
        throw RuleError(
          token.location, "'\(info.name)' needs a label depth (a non-negative integer), found '\(token.text)'")
      }
      return (.label(depth), token.location)
    case .function, .local, .global, .table:
      let token = try next("a $name operand")
      guard token.text.hasPrefix("$"), Names.isIdentifier(token.text.dropFirst()) else {
        throw RuleError(token.location, "'\(info.name)' needs a $name operand, found '\(token.text)'")
      }
      return (.reference(String(token.text.dropFirst())), token.location)
    case .i32, .i64:
      let token = try next("an integer or a {constant}")
      return (.constant(try constant(token, type: kind == .i32 ? .i32 : .i64)), token.location)
    case .memArg(let naturalAlignment):
      return try memArg(naturalAlignment: naturalAlignment)
    case .dataIndex:
      let token = try next("a data segment index (a non-negative integer)")
      guard let index = UInt32(token.text) else {
        throw RuleError(
          token.location, "'\(info.name)' needs a data segment index (a non-negative integer), found '\(token.text)'")
      }
      return (.constant(.literal(Int64(index))), token.location)
    case .typeIndex:
      return try signature()
    case .heapType:
      let token = try next("a heap type ('func' or 'extern')")
      switch token.text {
      case "func": return (.referenceType(.ref(.funcRef)), token.location)
      case "extern": return (.referenceType(.ref(.externRef)), token.location)
      default:
        throw RuleError(token.location, "'\(info.name)' needs a heap type ('func' or 'extern'), found '\(token.text)'")
      }
    case .memoryIndex, .memoryIndexPair, .zeroByte:
      return (.memoryZero, location)
    }
  }

  /// A signature written as in `function:` symbols, `(i32 i32) -> i32`; it takes all remaining words.
  private mutating func signature() throws(RuleError) -> (TemplateOperand, SourceLocation) {
    guard let first = rest.first else {
      throw RuleError(location, "'\(info.name)' needs a signature, e.g. '(i32) -> (i32)'")
    }
    let text = rest.map(\.text).joined(separator: " ")
    rest = []
    guard let type = TypeSyntax.functionType(text) else {
      throw RuleError(
        first.location,
        "bad signature '\(text)' for '\(info.name)' (expected '(PARAMS) -> (RESULTS)' or '(PARAMS) -> RESULT', "
          + "e.g. '(i32 i32) -> i32')")
    }
    return (.signature(type), first.location)
  }

  private mutating func next(_ expected: String) throws(RuleError) -> Token {
    guard let token = rest.first else { throw RuleError(location, "'\(info.name)' needs \(expected)") }
    rest = rest.dropFirst()
    return token
  }

  private func blockType(_ token: Token) throws(RuleError) -> ValueType? {
    let words = token.text.dropFirst().dropLast().split(whereSeparator: \.isWhitespace)
    guard token.text.hasSuffix(")"), words.count == 2, words[0] == "result", let type = TypeSyntax.valueType(words[1])
    else {
      throw RuleError(
        token.location, "bad block type '\(token.text)' for '\(info.name)' (expected '(result i32)' or nothing)")
    }
    return type
  }

  private func constant(_ token: Token, type: ValueType) throws(RuleError) -> ConstantOperand {
    if let name = Self.constantName(token.text) { return .constant(name) }
    guard let literal = IntegerLiteral(token.text) else {
      throw RuleError(token.location, "'\(info.name)' needs an integer or a {constant}, found '\(token.text)'")
    }
    guard let value = literal.constant(for: type) else {
      throw RuleError(
        token.location, "'\(info.name)' operand \(token.text) does not fit in \(TypeSyntax.describe(type))")
    }
    return .literal(value)
  }

  /// `offset=N` / `offset={name}` and `align=N`, in any order, each at most once; they take all remaining words.
  private mutating func memArg(naturalAlignment: UInt32) throws(RuleError) -> (TemplateOperand, SourceLocation) {
    var offset: (value: ConstantOperand, location: SourceLocation)?
    var align: UInt32?
    for token in rest {
      let parts = token.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let value = parts.count == 2 ? String(parts[1]) : ""
      switch parts[0] {
      case "offset" where offset == nil && parts.count == 2:
        offset = (try memoryOffset(value, token), token.location)
      case "align" where align == nil && parts.count == 2:
        align = try alignment(value, token, natural: 1 << naturalAlignment)
      case "offset", "align":
        throw RuleError(token.location, "repeated or empty '\(parts[0])' in the memory argument of '\(info.name)'")
      default:
        throw RuleError(
          token.location,
          "bad memory argument '\(token.text)' for '\(info.name)' (expected offset=N and/or align=N)")
      }
    }
    let location = offset?.location ?? rest.first?.location ?? location
    rest = []
    return (.memArg(offset: offset?.value, alignBytes: align), location)
  }

  private func memoryOffset(_ text: String, _ token: Token) throws(RuleError) -> ConstantOperand {
    if let name = Self.constantName(text) { return .constant(name) }
    guard let literal = IntegerLiteral(text), !literal.negative else {
      throw RuleError(
        token.location, "offset of '\(info.name)' must be an unsigned integer or a {constant}, found '\(text)'")
    }
    // Stored as its bit pattern: offsets of a memory64 take all 64 bits.
    return .literal(Int64(bitPattern: literal.magnitude))
  }

  private func alignment(_ text: String, _ token: Token, natural: UInt32) throws(RuleError) -> UInt32 {
    guard let bytes = UInt32(text), bytes > 0, bytes & (bytes - 1) == 0 else {
      throw RuleError(token.location, "align of '\(info.name)' must be a power of two (bytes), found '\(text)'")
    }
    guard bytes <= natural else {
      throw RuleError(
        token.location, "align=\(bytes) of '\(info.name)' exceeds its natural alignment \(natural)")
    }
    return bytes
  }

  /// `NAME` for `{NAME}` with NAME a name, else `nil`.
  static func constantName(_ text: String) -> String? {
    guard text.hasPrefix("{"), text.hasSuffix("}"), text.count > 2 else { return nil }
    let name = text.dropFirst().dropLast()
    return Names.isIdentifier(name) ? String(name) : nil
  }
}
