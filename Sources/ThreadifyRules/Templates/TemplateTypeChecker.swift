import WasmBinary

/// Type-checks an expanded function body with WebAssembly's validation algorithm: an operand stack of value types
/// (`nil` = unknown, in unreachable code) and a stack of control frames.
///
/// An `@if` branch is checked as a pseudo-frame that takes the values of the enclosing frame and must give them
/// back with the same types; it is no branch target and no `end` or `else` may cross it.
struct TemplateTypeChecker {
  private struct Frame {
    enum Kind: String { case function, block, loop, `if`, `else`, branch }

    let kind: Kind
    let startTypes: [ValueType?]
    let endTypes: [ValueType?]
    /// Operand stack height at entry.
    let height: Int
    var unreachable: Bool
    /// The instruction or directive that opened the frame.
    let opener: Site
    /// For a branch: `@if NAME`.
    let condition: String?

    var labelTypes: [ValueType?] { kind == .loop ? startTypes : endTypes }
    /// `block`, `loop`, `if` (an `else` continues its `if`).
    var name: String { kind == .else ? "if" : kind.rawValue }
  }

  private let scope: TemplateScope
  private let declaration: FunctionDeclaration
  private var values: [ValueType?] = []
  private var frames: [Frame]
  /// The last instruction checked, where the function's results are checked.
  private var lastSite: Site?
  /// The callee of the last instruction checked, when it was a `call`.
  private var lastCallee: String?
  /// Appended to stack errors: where the callee of the instruction being checked (or of the previous one, whose
  /// results are on the stack) is declared, so that a wrong declared signature is found where it is written.
  private var calleeNote = ""

  /// Checks `body`, the expanded body of `function`, whose names resolve in `scope`.
  ///
  /// For a rewrite's replacement, `rewriteEntry` holds the matched instruction's operands, on the stack when the
  /// replacement starts; the replacement must then leave the function's results, and may neither `return` nor
  /// branch out of itself (the enclosing function is not known).
  static func check(
    _ body: [ExpandedNode], of function: FunctionDeclaration, in scope: TemplateScope,
    rewriteEntry: [ValueType]? = nil
  ) throws(RuleError) {
    var checker = TemplateTypeChecker(scope: scope, declaration: function, rewriteEntry: rewriteEntry)
    try checker.check(body)
    try checker.finish()
  }

  /// Whether the body is a rewrite's replacement rather than a function body.
  private let isRewrite: Bool

  private init(scope: TemplateScope, declaration: FunctionDeclaration, rewriteEntry: [ValueType]?) {
    self.scope = scope
    self.declaration = declaration
    isRewrite = rewriteEntry != nil
    values = (rewriteEntry ?? []).map(Optional.some)
    frames = [
      Frame(
        kind: .function, startTypes: [], endTypes: declaration.rule.results.map(Optional.some), height: 0,
        unreachable: false, opener: Self.bodySite(declaration), condition: nil)
    ]
  }

  private mutating func check(_ nodes: [ExpandedNode]) throws(RuleError) {
    for node in nodes {
      switch node {
      case .instruction(let instruction, let origin):
        let site = Site(location: instruction.location, origin: origin)
        var callee: String?
        if [.call, .returnCall].contains(instruction.instruction.info.effect) { callee = referenceName(instruction) }
        calleeNote =
          [callee, lastCallee].compactMap { $0 }.map { scope.declarationNote($0, from: site.location) }
          .first { !$0.isEmpty } ?? ""
        try check(instruction, at: site)
        lastSite = site
        lastCallee = callee
      case .conditional(let block, let origin):
        try check(block, origin: origin)
      }
    }
  }

  private mutating func finish() throws(RuleError) {
    if frames.count > 1, let open = frames.last {
      throw open.opener.error("'\(open.name)' is never closed (missing 'end')")
    }
    calleeNote =
      lastCallee.map { scope.declarationNote($0, from: (lastSite ?? Self.bodySite(declaration)).location) } ?? ""
    let (name, results, isRewrite) = (declaration.name, frames[0].endTypes, isRewrite)
    try endFrame(
      lastSite ?? Self.bodySite(declaration),
      isRewrite
        ? "rewrite '\(name)' must leave the matched instruction's results \(Self.format(results))"
        : "function '\(name)' must end with its results \(Self.format(results)) on the stack")
  }

  // MARK: Instructions

  private mutating func check(_ parsed: ParsedInstruction, at site: Site) throws(RuleError) {
    let info = parsed.instruction.info
    for (operand, location) in zip(parsed.instruction.operands, parsed.operandLocations) {
      switch operand {
      case .constant(.constant(let name)), .memArg(offset: .constant(let name), _):
        try scope.constant(name, at: Site(location: location, origin: site.origin))
      default: break
      }
    }
    let referenceSite = Site(location: parsed.operandLocations.first ?? site.location, origin: site.origin)
    switch info.effect {
    case .fixed(let params, let results):
      try pop(params, info.name, site)
      push(results)
    case .memory(let params, let results):
      try checkOffset(parsed, at: site)
      let note = params.contains(.address) ? "; \(scope.namespace.addressNote)" : ""
      let savedNote = calleeNote
      calleeNote += note
      defer { calleeNote = savedNote }
      try pop(scope.resolve(params), info.name, site)
      push(scope.resolve(results))
    case .get:
      push([try variableType(parsed, at: referenceSite, forSet: false)])
    case .set:
      try pop([try variableType(parsed, at: referenceSite, forSet: true)], info.name, site)
    case .tee:
      let type = try variableType(parsed, at: referenceSite, forSet: true)
      try pop([type], info.name, site)
      push([type])
    case .call:
      let name = referenceName(parsed)
      let type = try scope.function(name, at: referenceSite)
      try pop(type.parameters, "call $\(name)", site)
      push(type.results)
    case .returnCall:
      if isRewrite { throw site.error("'return_call' in rewrite '\(declaration.name)': a replacement cannot return") }
      let name = referenceName(parsed)
      let type = try scope.function(name, at: referenceSite)
      try tailCall(type, "return_call $\(name)", site)
    case .callIndirect, .returnCallIndirect:
      let (table, type) = try indirectCallee(parsed, at: site)
      if info.effect == .returnCallIndirect {
        if isRewrite {
          throw site.error("'return_call_indirect' in rewrite '\(declaration.name)': a replacement cannot return")
        }
        try pop([table.indexType], info.name, site)
        try tailCall(type, "\(info.name) \(TypeSyntax.describe(type))", site)
      } else {
        try pop(type.parameters + [table.indexType], "\(info.name) \(TypeSyntax.describe(type))", site)
        push(type.results)
      }
    case .refFunc:
      _ = try scope.function(referenceName(parsed), at: referenceSite)
      push([.ref(.funcRef)])
    case .refNull:
      guard case .referenceType(let type) = parsed.instruction.operands.first else {
        preconditionFailure("the template parser gives 'ref.null' a reference type")
      }
      push([type])
    case .table(let operation):
      let table = try scope.table(referenceName(parsed), at: referenceSite)
      let (index, element) = (table.indexType, table.element)
      switch operation {
      case .get:
        try pop([index], info.name, site)
        push([element])
      case .set: try pop([index, element], info.name, site)
      case .size: push([index])
      case .grow:
        try pop([element, index], info.name, site)
        push([index])
      case .fill: try pop([index, element, index], info.name, site)
      }
    case .drop:
      try pop([nil], info.name, site)
    case .select:
      try pop([.i32], info.name, site)
      let second = try popAny(info.name, site)
      let first = try popAny(info.name, site)
      if let first, let second, first != second {
        throw site.error(
          "type mismatch: 'select' needs two values of one type, found [\(Self.format(first)) \(Self.format(second))]")
      }
      push([first ?? second])
    case .control(let kind):
      try control(kind, parsed, at: site)
    }
  }

  private func referenceName(_ parsed: ParsedInstruction, at index: Int = 0) -> String {
    guard case .reference(let name) = parsed.instruction.operands[index] else {
      preconditionFailure("the template parser gives every reference instruction a $name operand")
    }
    return name
  }

  /// A literal offset above 32 bits needs a 64-bit memory.
  private func checkOffset(_ parsed: ParsedInstruction, at site: Site) throws(RuleError) {
    guard scope.namespace.addressType == .i32 else { return }
    for (operand, location) in zip(parsed.instruction.operands, parsed.operandLocations) {
      if case .memArg(offset: .literal(let bits), _) = operand, UInt64(bitPattern: bits) > UInt32.max {
        let offset = UInt64(bitPattern: bits)
        throw Site(location: location, origin: site.origin).error(
          "offset \(offset) of '\(parsed.name)' does not fit in 32 bits; \(scope.namespace.addressNote)")
      }
    }
  }

  /// The table and signature of `call_indirect $table SIGNATURE` (binary order: type, then table).
  private func indirectCallee(_ parsed: ParsedInstruction, at site: Site) throws(RuleError) -> (
    TableSymbolType, FunctionType
  ) {
    let table = try scope.table(
      referenceName(parsed, at: 1), at: Site(location: parsed.operandLocations[1], origin: site.origin))
    guard case .signature(let type) = parsed.instruction.operands[0] else {
      preconditionFailure("the template parser gives every indirect call a signature")
    }
    if table.element != .ref(.funcRef) {
      throw Site(location: parsed.operandLocations[1], origin: site.origin).error(
        "'\(parsed.name)' needs a funcref table; '$\(referenceName(parsed, at: 1))' is declared \(TypeSyntax.describe(table))"
      )
    }
    return (table, type)
  }

  /// A tail call of a function of `type`: its parameters are popped, its results must be the function's own.
  private mutating func tailCall(_ type: FunctionType, _ instruction: String, _ site: Site) throws(RuleError) {
    try pop(type.parameters, instruction, site)
    let results = declaration.rule.results
    guard type.results == results else {
      throw site.error(
        "type mismatch: '\(instruction)' returns \(Self.format(type.results.map(Optional.some))) but function "
          + "'\(declaration.name)' returns \(Self.format(results.map(Optional.some)))" + calleeNote)
    }
    markUnreachable()
  }

  /// The type a `local.*` / `global.*` instruction reads or writes; `global.set` needs a mutable global.
  private func variableType(_ parsed: ParsedInstruction, at site: Site, forSet: Bool) throws(RuleError) -> ValueType {
    let name = referenceName(parsed)
    guard parsed.instruction.info.immediates.first == .global else { return try scope.local(name, at: site) }
    let type = try scope.global(name, at: site)
    if forSet, type.mutability == .constant {
      throw site.error("'\(parsed.name)' on immutable global '$\(name)' (declared \(TypeSyntax.describe(type)))")
    }
    return type.valueType
  }

  // MARK: Control

  private mutating func control(_ kind: ControlKind, _ parsed: ParsedInstruction, at site: Site) throws(RuleError) {
    switch kind {
    case .block, .loop, .if:
      if kind == .if { try pop([.i32], "if", site) }
      guard case .blockType(let result) = parsed.instruction.operands.first else {
        preconditionFailure("the template parser gives every block instruction a block type")
      }
      let frameKind: Frame.Kind = kind == .block ? .block : kind == .loop ? .loop : .if
      frames.append(
        Frame(
          kind: frameKind, startTypes: [], endTypes: result.map { [$0] } ?? [], height: values.count,
          unreachable: false, opener: site, condition: nil))
    case .else:
      let frame = try closableFrame("else", at: site)
      guard frame.kind == .if else { throw site.error("'else' without a matching 'if'") }
      try endFrame(
        site, "'else': the 'if' at line \(frame.opener.location.line) must leave \(Self.format(frame.endTypes))")
      frames.append(
        Frame(
          kind: .else, startTypes: frame.startTypes, endTypes: frame.endTypes, height: values.count,
          unreachable: false, opener: frame.opener, condition: nil))
    case .end:
      let frame = try closableFrame("end", at: site)
      if frame.kind == .if, !frame.endTypes.isEmpty {
        throw site.error(
          "'end': the 'if' at line \(frame.opener.location.line) has a result \(Self.format(frame.endTypes)) but no 'else'"
        )
      }
      try endFrame(
        site,
        "'end': the '\(frame.name)' at line \(frame.opener.location.line) must leave \(Self.format(frame.endTypes))")
      push(frame.endTypes)
    case .br, .brIf:
      guard case .label(let depth) = parsed.instruction.operands.first else {
        preconditionFailure("the template parser gives every branch a label")
      }
      let instruction = "\(parsed.name) \(depth)"
      let labels = frames.filter { $0.kind != .branch }
      guard Int(depth) < labels.count else {
        throw Site(location: parsed.operandLocations[0], origin: site.origin).error(
          "'\(instruction)' refers to no enclosing block (the deepest label here is \(labels.count - 1))")
      }
      if isRewrite, Int(depth) == labels.count - 1 {
        throw Site(location: parsed.operandLocations[0], origin: site.origin).error(
          "'\(instruction)' would branch out of the rewrite '\(declaration.name)': a replacement may only branch to its own blocks"
        )
      }
      let types = labels[labels.count - 1 - Int(depth)].labelTypes
      if kind == .brIf {
        try pop([.i32], instruction, site)
        try pop(types, instruction, site)
        push(types)
      } else {
        try pop(types, instruction, site)
        markUnreachable()
      }
    case .return:
      if isRewrite {
        throw site.error("'return' in rewrite '\(declaration.name)': a replacement cannot return from the function")
      }
      try pop(frames[0].endTypes, "return", site)
      markUnreachable()
    case .unreachable:
      markUnreachable()
    }
  }

  /// The frame an `end` / `else` closes: not the function's, and not across an `@if` branch.
  private func closableFrame(_ instruction: String, at site: Site) throws(RuleError) -> Frame {
    let frame = frames[frames.count - 1]
    switch frame.kind {
    case .function:
      throw site.error(
        "'\(instruction)' without a matching \(instruction == "else" ? "'if'" : "'block', 'loop' or 'if'")")
    case .branch:
      throw site.error(
        "'\(instruction)' would close a block opened outside '\(frame.condition!)' (line \(frame.opener.location.line)): "
          + "an @if branch must not cross block boundaries")
    default:
      return frame
    }
  }

  // MARK: @if branches

  private mutating func check(_ block: ConditionalBlock<ExpandedNode>, origin: TemplateOrigin) throws(RuleError) {
    try scope.condition(block.condition.name, at: Site(location: block.nameLocation, origin: origin))
    let enclosing = frames[frames.count - 1]
    let entry = Array(values[enclosing.height...])
    values.removeLast(entry.count)
    var branches = [(body: block.then, closing: block.elseLocation ?? block.endLocation)]
    if block.elseLocation != nil { branches.append((block.otherwise, block.endLocation)) }
    for (index, (body, closing)) in branches.enumerated() {
      let directive = index == 0 && block.elseLocation != nil ? "@else" : "@end"
      let site = Site(location: closing, origin: origin)
      frames.append(
        Frame(
          kind: .branch, startTypes: entry, endTypes: entry, height: values.count,
          unreachable: enclosing.unreachable, opener: Site(location: block.ifLocation, origin: origin),
          condition: block.text))
      push(entry)
      try check(body)
      let top = frames[frames.count - 1]
      guard top.kind == .branch else {
        throw site.error(
          "'\(top.name)' at line \(top.opener.location.line) inside '\(block.text)' must be closed before '\(directive)'"
        )
      }
      try endFrame(
        site, "'\(directive)': the '\(block.text)' branch must leave the stack as it found it (\(Self.format(entry)))")
    }
    push(entry)
  }

  // MARK: Operand stack

  private mutating func push(_ types: [ValueType?]) { values += types }
  private mutating func push(_ types: [ValueType]) { values += types.map(Optional.some) }

  /// Pops `expected` (last = top of stack), allowing unknown values in unreachable code; `instruction` names the
  /// instruction in messages, e.g. `call $f`.
  private mutating func pop(_ expected: [ValueType?], _ instruction: String, _ site: Site) throws(RuleError) {
    let frame = frames[frames.count - 1]
    let available = values.count - frame.height
    let taken = min(available, expected.count)
    let actual = Array(values.suffix(taken))
    if taken < expected.count, !frame.unreachable {
      throw site.error(
        "stack underflow: '\(instruction)' needs \(Self.format(expected)), the stack has \(Self.format(Array(values[frame.height...])))"
          + calleeNote)
    }
    for (wanted, found) in zip(expected.suffix(taken), actual) where !Self.compatible(wanted, found) {
      throw site.error(
        "type mismatch: '\(instruction)' needs \(Self.format(expected)), the top of the stack is \(Self.format(actual))"
          + calleeNote)
    }
    values.removeLast(taken)
  }

  private mutating func pop(_ expected: [ValueType], _ instruction: String, _ site: Site) throws(RuleError) {
    try pop(expected.map(Optional.some), instruction, site)
  }

  private mutating func popAny(_ instruction: String, _ site: Site) throws(RuleError) -> ValueType? {
    let frame = frames[frames.count - 1]
    guard values.count > frame.height else {
      if frame.unreachable { return nil }
      throw site.error("stack underflow: '\(instruction)' needs two values of one type below its i32 condition")
    }
    return values.removeLast()
  }

  /// Checks that the innermost frame's values are its end types, then removes the frame and its values;
  /// `requirement` (built only for an error) says what was required.
  private mutating func endFrame(_ site: Site, _ requirement: @autoclosure () -> String) throws(RuleError) {
    let frame = frames[frames.count - 1]
    let actual = Array(values[frame.height...])
    let fits =
      frame.unreachable
      ? actual.count <= frame.endTypes.count
        && zip(frame.endTypes.suffix(actual.count), actual).allSatisfy(Self.compatible)
      : actual.count == frame.endTypes.count && zip(frame.endTypes, actual).allSatisfy(Self.compatible)
    guard fits else { throw site.error("\(requirement()), found \(Self.format(actual))" + calleeNote) }
    values.removeLast(actual.count)
    frames.removeLast()
  }

  private mutating func markUnreachable() {
    values.removeLast(values.count - frames[frames.count - 1].height)
    frames[frames.count - 1].unreachable = true
  }

  private static func bodySite(_ declaration: FunctionDeclaration) -> Site {
    Site(location: declaration.bodyLocation, origin: TemplateOrigin(function: declaration.name, snippets: []))
  }

  private static func compatible(_ expected: ValueType?, _ actual: ValueType?) -> Bool {
    expected == nil || actual == nil || expected == actual
  }

  private static func format(_ type: ValueType?) -> String { type.map(TypeSyntax.describe) ?? "any" }

  private static func format(_ types: [ValueType?]) -> String { "[\(types.map(format).joined(separator: " "))]" }
}
