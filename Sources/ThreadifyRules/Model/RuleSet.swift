import WasmBinary

/// A parsed, checked rule set: everything wasm-threadify knows about one toolchain convention and one threading ABI.
///
/// Produced by ``RuleSetLoader``; every template in it has been type-checked against the declared types of the
/// symbols, globals, functions, params and locals it references.
public struct RuleSet: Sendable {
  /// The rule set's name (e.g. `wasmgrind`), written into the output's marker section.
  public var name: String
  /// The rule set's version string, written into the marker section.
  public var version: String
  /// Name of the custom section that marks a module as patched and tells hosts how to run it
  /// (docs/marker-format.md); `nil` writes no marker.
  public var marker: String?
  /// What the name section calls injected functions and globals start with (`names: prefix`); `nil`: functions are
  /// named `MARKER.NAME` (or `RULESET.NAME`), globals by their rule name.
  public var namePrefix: String?
  /// What a host needs to run the patched module, recorded in the marker section; `nil` when not declared.
  public var host: HostRule?
  /// Module shapes that must never be patched.
  public var refusals: [Refusal]
  /// What the module's memory and data must look like.
  public var requirements: Requirements
  /// Symbols to bind, in file order.
  public var symbols: [SymbolRule]
  /// Static memory reserved in fresh pages after the module's initial memory.
  public var reservation: Reservation?
  /// Named integer parameters with defaults, overridable from the command line.
  public var params: [ParamRule]
  /// Globals to inject.
  public var globals: [GlobalRule]
  /// Functions to inject.
  public var functions: [FunctionRule]
  /// What becomes of the module's start; `nil` leaves the start section alone.
  public var start: StartRule?
  /// Where the rule set declares itself a base (`base: true`): it describes modules for `inspect` and is extended
  /// by complete rule sets, but does not patch. `nil` for a rule set that patches.
  public var base: SourceLocation?
  /// Whether `patch` without `--rules` may choose this rule set (meaningless for a base, which never patches).
  public var selection: SelectionRule
  /// Instruction rewrites applied to the module's own function bodies, in file order.
  public var rewrites: [RewriteRule]
  /// Checks on the bound module, in file order; the first that fails refuses the module.
  public var checks: [CheckRule]
  /// The rule file this set was loaded from (the most derived one, when it extends others).
  public var location: SourceLocation
}

/// Address width of a memory.
public enum AddressType: String, Sendable { case i32, i64 }

/// Requirements on the module; each `nil` means "not checked". Hints are printed when the requirement fails,
/// keyed by requirement (`count`, `shared`, `imported`, `address`, `active_data_segments`, `growable`).
public struct Requirements: Sendable {
  public var memoryCount: Int?
  public var shared: Bool?
  public var imported: Bool?
  public var address: AddressType?
  /// `false`: the module must have no active data segments.
  public var activeDataSegmentsAllowed: Bool?
  public var hints: [String: String]
  public var location: SourceLocation
}

/// The kind of thing a symbol binds to, with its expected type when declared.
public enum SymbolKind: Sendable, Equatable {
  /// A global (defined or imported) of this type.
  case global(GlobalType)
  /// A function (defined or imported) of this signature.
  case function(FunctionType)
  /// An integer read from a global's constant initialiser (`i32.const N`).
  case value
  /// A table (defined or imported) of this type.
  case table(TableSymbolType)
}

/// A table symbol's declared type (`table: funcref`, `table: i64 funcref`).
public struct TableSymbolType: Sendable, Equatable {
  /// The element type: `funcref` or `externref`.
  public var element: ValueType
  /// The type of the table's indices: `i64` for a table64.
  public var index: AddressType

  /// A table type.
  public init(element: ValueType, index: AddressType) {
    self.element = element
    self.index = index
  }

  /// `i32` or `i64`, the value type of an index into the table.
  public var indexType: ValueType { index == .i64 ? .i64 : .i32 }
}

/// One way to find a symbol; a symbol tries its lookups in order and the first hit wins.
public enum Lookup: Sendable, Equatable {
  /// An export of this name (of the symbol's kind).
  case export(String)
  /// An import `module`.`name` (of the symbol's kind).
  case `import`(module: String, name: String)
  /// A name-section name (function names for functions, global names for globals and values).
  case name(String)
  /// The module's start function.
  case start
  /// A built-in heuristic; several matches are an error, never a guess.
  case heuristic(Heuristic)
  /// The item with this index in its index space (tables only).
  case index(UInt32)
  /// The module's only item of the kind; none or several is no match (tables only).
  case only
}

/// The built-in heuristics a lookup may name. They describe WebAssembly shapes, never toolchain names.
public enum Heuristic: String, Sendable, CaseIterable {
  /// A mutable i32 defined global whose initialiser is a non-zero `i32.const` (a linker's stack pointer).
  case mutableI32NonzeroInit = "mutable-i32-nonzero-init"
  /// The same for a mutable i64 global with a non-zero `i64.const` (a wasm64 linker's stack pointer).
  case mutableI64NonzeroInit = "mutable-i64-nonzero-init"
}

/// A symbol to bind: `$name` in templates (globals, functions) or `{name}` (values).
public struct SymbolRule: Sendable {
  public var name: String
  public var kind: SymbolKind
  /// Lookups with the place each was written, tried in order.
  public var lookups: [(lookup: Lookup, location: SourceLocation)]
  /// When true, binding may fail; templates use `@if name` to depend on it.
  public var optional: Bool
  /// A value symbol's fallback when no lookup matched (makes the symbol always bound).
  public var defaultValue: Int64?
  /// Remove the export the symbol was found by (or any export of it) from the output.
  public var unexport: Bool
  /// Make sure the symbol is exported under this name in the output.
  public var export: String?
  /// Printed when no lookup matched, e.g. which link flag to add.
  public var hint: String?
  /// What the symbol is in the module's memory layout, for `inspect`.
  public var role: SymbolRole?
  public var location: SourceLocation
}

/// What a symbol is at the WebAssembly level, for `inspect`'s memory map and TLS line: a fixed vocabulary, so that
/// the rule file, not Swift code, says which symbol plays which part. At most one symbol has each role.
public enum SymbolRole: String, Sendable, CaseIterable {
  /// The global holding the stack pointer (its initial value is the main stack's top).
  case stackPointer = "stack-pointer"
  /// The global holding the current thread's TLS block address.
  case tlsBase = "tls-base"
  /// The size of a TLS block, in bytes.
  case tlsSize = "tls-size"
  /// The alignment a TLS block needs, in bytes.
  case tlsAlign = "tls-align"
  /// The end of the static data.
  case dataEnd = "data-end"
  /// Where the heap starts.
  case heapBase = "heap-base"

  /// Whether the role is played by a global (else by a value).
  public var isGlobal: Bool { self == .stackPointer || self == .tlsBase }
}

extension RuleSet {
  /// The symbol with `role`, if the rule set declares one.
  public func symbol(withRole role: SymbolRole) -> SymbolRule? { symbols.first { $0.role == role } }
}

/// Static memory reserved in fresh pages placed at the module's initial memory size; the memory grows by `pages`.
public struct Reservation: Sendable {
  public var pages: Int
  /// Items laid out in order from the start of the reserved pages.
  public var items: [ReservedItem]
  public var location: SourceLocation
}

/// One reserved item; its address is a `{name}` constant.
public struct ReservedItem: Sendable {
  public var name: String
  /// How the item's address is chosen.
  public var placement: Placement
  public var location: SourceLocation

  /// How a reserved item's address is chosen.
  public enum Placement: Sendable, Equatable {
    /// The next free address with this alignment, taking `size` bytes.
    case sequential(size: Int, align: Int)
    /// The end of the reserved pages (a downward stack's top).
    case end
  }
}

extension Reservation {
  /// Bytes in a page of linear memory.
  public static let pageSize: Int64 = 65536

  /// Where a sequential item of `size` bytes aligned to `align` goes when the previous one ended at `offset`:
  /// its start and end, as offsets from the start of the reserved pages.
  public static func place(after offset: Int64, size: Int, align: Int) -> (start: Int64, end: Int64) {
    let start = (offset + Int64(align) - 1) / Int64(align) * Int64(align)
    return (start, start + Int64(size))
  }

  /// Each item's offset from the start of the reserved pages, in file order (an `end` item: the reservation's size).
  public var itemOffsets: [(name: String, offset: Int64)] {
    var next: Int64 = 0
    return items.map { item in
      switch item.placement {
      case .sequential(let size, let align):
        let placed = Self.place(after: next, size: size, align: align)
        next = placed.end
        return (item.name, placed.start)
      case .end:
        return (item.name, Int64(pages) * Self.pageSize)
      }
    }
  }
}

/// A named integer parameter (a `{name}` constant), validated when set.
public struct ParamRule: Sendable {
  public var name: String
  public var defaultValue: Int64
  public var min: Int64?
  public var max: Int64?
  public var multipleOf: Int64?
  /// One line explaining the parameter, shown by `rules check` and `--dry-run`.
  public var doc: String?
  public var location: SourceLocation
}

/// A constant operand: a literal, or a `{name}` constant resolved at binding time.
public enum ConstantOperand: Sendable, Equatable {
  case literal(Int64)
  case constant(String)
}

/// A global to inject.
public struct GlobalRule: Sendable {
  public var name: String
  public var type: GlobalType
  public var initialValue: ConstantOperand
  /// Export name, if the global is exported.
  public var export: String?
  public var location: SourceLocation
}

/// A function to inject.
public struct FunctionRule: Sendable {
  public var name: String
  public var params: [(name: String, type: ValueType)]
  public var results: [ValueType]
  public var locals: [(name: String, type: ValueType)]
  /// Export name, if the function is exported.
  public var export: String?
  /// The function's name in the output's name section (`name:`); `nil`: the marker name, a dot, and `name`.
  public var debugName: String?
  public var body: [TemplateItem]
  public var location: SourceLocation

  /// The function's signature.
  public var type: FunctionType { FunctionType(parameters: params.map(\.type), results: results) }
}

/// A line of a body template after snippets were expanded: an instruction, or a piece included conditionally.
public indirect enum TemplateItem: Sendable {
  case instruction(TemplateInstruction)
  /// `@if name` … `@else` … `@end`: `then` is used when `condition` holds at binding time.
  case conditional(condition: Condition, then: [TemplateItem], otherwise: [TemplateItem], location: SourceLocation)
}

/// A binding-time condition: `name` holds when the symbol `name` is bound, or when the param `name` is non-zero;
/// `!name` negates.
public struct Condition: Sendable, Equatable {
  public var name: String
  public var negated: Bool

  /// `@if name`, or `@if !name` when `negated`.
  public init(name: String, negated: Bool) {
    self.name = name
    self.negated = negated
  }
}

/// One instruction of a template, with operands still symbolic.
public struct TemplateInstruction: Sendable {
  public var info: InstructionInfo
  /// One operand per immediate of `info.immediates`.
  public var operands: [TemplateOperand]
  public var location: SourceLocation
}

/// An instruction operand as written in a template.
public enum TemplateOperand: Sendable, Equatable {
  /// `$name`: a local/param of the function, a symbol, an injected global or function.
  case reference(String)
  /// A literal integer or a `{name}` constant.
  case constant(ConstantOperand)
  /// A block type: no result, or one value type.
  case blockType(ValueType?)
  /// A label depth.
  case label(UInt32)
  /// `offset=` and `align=` (alignment in bytes as in the text format; `nil` = natural). A literal offset is
  /// the bit pattern of an unsigned 64-bit integer.
  case memArg(offset: ConstantOperand?, alignBytes: UInt32?)
  /// Memory index operands (always 0).
  case memoryZero
  /// A function signature, for the type index of `call_indirect` / `return_call_indirect`.
  case signature(FunctionType)
  /// A reference type, for `ref.null`.
  case referenceType(ValueType)
}

/// What becomes of the start function.
public struct StartRule: Sendable {
  /// The function that runs at instantiation: an injected function or a function symbol (an optional symbol that
  /// is unbound leaves the module without one).
  public var function: String
  /// How it runs.
  public var mode: Mode
  public var location: SourceLocation

  /// How the injected function runs.
  public enum Mode: String, Sendable, CaseIterable {
    /// It becomes the module's start function.
    case startSection = "start-section"
    /// It is exported (under its injected function's or its symbol's `export` name) and the start section is
    /// removed; the host calls it on every instance after instantiation.
    case exported
    /// It is exported and the start section is left as the module has it: the first instance is set up by the start
    /// section alone, every other instance is entered through the export.
    case otherInstances = "other-instances"
    /// As `other-instances`, but the host allocates each other instance's stack and TLS block and passes them (and
    /// the thread's start routine) to the export by a convention the marker cannot describe yet: the marker says so
    /// and every host refuses the module by name. `host.start_args` must be empty.
    case hostAllocates = "host-allocates"

    /// Whether the function is exported for the host to call.
    public var isExported: Bool { self != .startSection }
  }
}

/// What a host must do with a patched module beyond instantiating it: the arguments of an exported start, the
/// program's spawn import and the destroy routine. Written into the marker section so that hosts need no ABI names
/// of their own.
public struct HostRule: Sendable {
  /// Arguments a host passes to the exported start function, one per parameter (empty for a start section).
  public var startArguments: [HostArgument]
  /// The import through which the program spawns its own threads; `nil` when only the host creates threads.
  public var spawn: SpawnRule?
  /// The stack size a thread gets when the host passes `0` (or nothing): usually `{stack_size}`; `nil`: not told.
  public var stackSize: ConstantOperand?
  /// How a thread's stack and TLS are given back; `nil` when the rule set has no destroy routine.
  public var destroy: DestroyRule?
  public var location: SourceLocation
}

/// One argument a host passes to a function of the patched module.
public enum HostArgument: Sendable, Equatable {
  /// This integer, as is.
  case literal(Int64)
  /// A value the host chooses: one of ``HostArgument/roles``.
  case role(String)
  /// The value of an exported global (named by the rule set's global or symbol) in the instance concerned.
  case exportedGlobal(String)

  /// The role of the thread's stack size in bytes (`0`: the module's default).
  public static let stackSizeRole = "stack_size"
  /// The role of the thread id the host assigned (`0` for the first instance).
  public static let threadIDRole = "thread_id"
  /// The role of the value the program passed to its spawn import (`0` for a thread the host started itself).
  public static let spawnArgumentRole = "spawn_arg"
  /// Every role a host fills.
  public static let roles = [stackSizeRole, threadIDRole, spawnArgumentRole]
}

/// The import a program calls to spawn a thread, which the host implements: it makes a new instance on a new thread,
/// enters it through the exported start with the spawn argument, and returns the thread id (or `error` when it
/// cannot).
public struct SpawnRule: Sendable {
  /// The import's module and name.
  public var module: String
  public var name: String
  /// Its signature; the first parameter is the spawn argument.
  public var type: FunctionType
  /// What the import returns on success: ``SpawnRule/threadIDResult``.
  public var returns: String
  /// What it returns when no thread could be made (e.g. a negative errno).
  public var error: Int64
  public var location: SourceLocation

  /// The only success result so far: the new thread's id, greater than 0.
  public static let threadIDResult = "thread_id"
}

/// The destroy routine as a host calls it.
public struct DestroyRule: Sendable {
  /// The injected function (it must have an export name).
  public var function: String
  /// The arguments a thread passes to destroy itself.
  public var ownArguments: [Int64]
  /// The arguments a leader passes to destroy another thread: literals or that thread's exported globals.
  public var otherArguments: [HostArgument]
  public var location: SourceLocation
}

/// An instruction rewrite: every instruction of the module's own function bodies that equals `match` (after its
/// references are bound) is replaced by `replacement`. Bodies without a match are copied byte for byte.
public struct RewriteRule: Sendable {
  public var name: String
  /// Applies only when this holds at binding time (`nil`: always).
  public var condition: Condition?
  /// The instruction to find; its operands are bound like a template's.
  public var match: TemplateInstruction
  /// Scratch locals added to every rewritten function (its own `locals` and those of the snippets it uses).
  public var locals: [(name: String, type: ValueType)]
  /// What replaces each match: takes the match's operands from the stack and leaves its results.
  public var replacement: [TemplateItem]
  public var location: SourceLocation
}
