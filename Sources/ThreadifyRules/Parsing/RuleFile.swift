import WasmBinary

/// One rule file as written, every key checked but nothing resolved across files: the unit that `extends` merges.
struct RuleFile {
  /// The top-level mapping.
  var location: SourceLocation
  /// The base file's path as written, and where.
  var extends: (path: String, location: SourceLocation)?
  var name: String?
  var version: String?
  var marker: String?
  /// `names: prefix`: what the names of injected functions and globals start with.
  var namePrefix: String?
  var refusals: [Refusal] = []
  var requirements: Requirements?
  var symbols: [SymbolRule] = []
  var reservation: Reservation?
  var params: [ParamRule] = []
  var globals: [GlobalDeclaration] = []
  var snippets: [Snippet] = []
  var functions: [FunctionDeclaration] = []
  var start: StartDeclaration?
  var host: HostDeclaration?
  /// What to remove from the base before this file is laid over it.
  var drops: Drops?
  /// `base: true`, and where; never inherited.
  var base: SourceLocation?
  /// `selection`, as this file writes it; never inherited.
  var selection: SelectionRule?
  var rewrites: [RewriteDeclaration] = []
  var checks: [CheckRule] = []
}

/// A named template piece inserted by `@use`, with the scratch locals it needs from the function using it.
struct Snippet {
  let name: String
  let location: SourceLocation
  let locals: [SnippetLocal]
  let body: [TemplateNode]
}

/// A scratch local of a snippet: added to every function that uses the snippet (once, however often it is used).
struct SnippetLocal {
  /// Whose local it is, for messages: `snippet 'NAME'` or `rewrite 'NAME'`.
  let owner: String
  let name: String
  let type: ValueType
  let location: SourceLocation
}

/// A function to inject, as written: its body not yet expanded nor type-checked.
struct FunctionDeclaration {
  /// The function with an empty body (filled in once checked).
  var rule: FunctionRule
  var body: [TemplateNode]
  /// The `body` key, for errors about the body as a whole.
  var bodyLocation: SourceLocation
  /// Where each param and local is declared.
  var variableLocations: [String: SourceLocation]

  var name: String { rule.name }
}

/// The `start` rule, with the place its function is named.
struct StartDeclaration {
  let rule: StartRule
  let functionLocation: SourceLocation
}

/// The `host` key as written: destroy's `other` arguments still name rule globals and symbols, not exports.
struct HostDeclaration {
  var rule: HostRule
  /// Where `start_args` and destroy's `function` are written.
  var startArgumentsLocation: SourceLocation?
  /// Where each start argument, `spawn` and `stack_size` are written.
  var startArgumentLocations: [SourceLocation] = []
  var spawnLocation: SourceLocation?
  var stackSizeLocation: SourceLocation?
  var destroyFunctionLocation: SourceLocation?
  /// Where each of destroy's `self` and `other` lists is written.
  var ownArgumentsLocation: SourceLocation?
  var otherArgumentsLocation: SourceLocation?
  /// Where each of destroy's `other` arguments is written.
  var otherArgumentLocations: [SourceLocation] = []
}

/// A global to inject, with the place of its initialiser.
struct GlobalDeclaration {
  let rule: GlobalRule
  let initLocation: SourceLocation

  var name: String { rule.name }
}

/// An instruction rewrite as written: templates not yet expanded nor type-checked.
struct RewriteDeclaration {
  let name: String
  let location: SourceLocation
  /// `when: NAME`, and where NAME is written.
  let condition: (condition: Condition, location: SourceLocation)?
  let match: [TemplateNode]
  /// The `match` key, for errors about the match as a whole.
  let matchLocation: SourceLocation
  let locals: [SnippetLocal]
  let replacement: [TemplateNode]
  let replacementLocation: SourceLocation
}
