import WasmBinary

/// The one namespace shared by symbols, reserved items, params, injected globals and injected functions.
struct Namespace {
  /// What a name stands for.
  enum Entity {
    case symbol(SymbolKind)
    case reservedItem
    case param
    case global(GlobalType)
    case function(FunctionType)

    /// `a global symbol`, `a param`, ... for messages.
    var description: String {
      switch self {
      case .symbol(.global): "a global symbol"
      case .symbol(.function): "a function symbol"
      case .symbol(.value): "a value symbol"
      case .symbol(.table): "a table symbol"
      case .reservedItem: "a reserved item"
      case .param: "a param"
      case .global: "an injected global"
      case .function: "an injected function"
      }
    }

    /// The type of a `$name` usable with `global.*`.
    var globalType: GlobalType? {
      switch self {
      case .symbol(.global(let type)), .global(let type): type
      default: nil
      }
    }

    /// The signature of a `$name` usable with `call`.
    var functionType: FunctionType? {
      switch self {
      case .symbol(.function(let type)), .function(let type): type
      default: nil
      }
    }

    /// The type of a `$name` usable with `call_indirect` and `table.*`.
    var tableType: TableSymbolType? {
      if case .symbol(.table(let type)) = self { type } else { nil }
    }

    /// Whether `{name}` may name it: a param, a value symbol or a reserved item.
    var isConstant: Bool {
      switch self {
      case .param, .symbol(.value), .reservedItem: true
      default: false
      }
    }

    /// Whether `@if name` may name it: a symbol or a param.
    var isCondition: Bool {
      switch self {
      case .param, .symbol: true
      default: false
      }
    }
  }

  /// The memory's address type, which every memory instruction of a template takes (`requires.memory.address`;
  /// `i32` when the rule set does not declare it).
  let addressType: AddressType
  /// Says where the address type comes from, for type errors on addresses.
  let addressNote: String

  private var entities: [String: (entity: Entity, location: SourceLocation)] = [:]
  /// Names in declaration order, for listing in messages.
  private var order: [String] = []

  /// Collects the names of `file`; a name used twice is an error at its second declaration.
  init(_ file: RuleFile) throws(RuleError) {
    if let requirements = file.requirements, let address = requirements.address {
      addressType = address
      addressNote = "requires.memory.address is \(address.rawValue) (\(requirements.location))"
    } else {
      addressType = .i32
      addressNote = "the rule set declares no requires.memory.address, so addresses are i32"
    }
    for symbol in file.symbols { try add(symbol.name, .symbol(symbol.kind), symbol.location) }
    for item in file.reservation?.items ?? [] { try add(item.name, .reservedItem, item.location) }
    for param in file.params { try add(param.name, .param, param.location) }
    for global in file.globals { try add(global.rule.name, .global(global.rule.type), global.rule.location) }
    for function in file.functions { try add(function.name, .function(function.rule.type), function.rule.location) }
  }

  /// What `name` stands for, if declared.
  subscript(name: String) -> Entity? { entities[name]?.entity }

  /// Where `name` is declared.
  func location(of name: String) -> SourceLocation? { entities[name]?.location }

  /// Declared names whose entity satisfies `predicate`, in declaration order.
  func names(where predicate: (Entity) -> Bool) -> [String] {
    order.filter { predicate(entities[$0]!.entity) }
  }

  private mutating func add(_ name: String, _ entity: Entity, _ location: SourceLocation) throws(RuleError) {
    if let earlier = entities[name] {
      throw RuleError(
        location,
        "name '\(name)' is already used by \(earlier.entity.description) (\(Self.place(earlier.location, from: location))); "
          + "symbols, "
          + "reserved items, params, globals and functions share one namespace")
    }
    entities[name] = (entity, location)
    order.append(name)
  }

  /// `line N` within one file, the full location across files.
  private static func place(_ location: SourceLocation, from other: SourceLocation) -> String {
    location.file == other.file ? "line \(location.line)" : "at \(location)"
  }
}
