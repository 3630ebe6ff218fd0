/// One condition on a module's shape; a refusal holds when every one of its conditions does.
public enum ModuleMatcher: Sendable, Equatable {
  /// The module exports something under this name.
  case export(String)
  /// The module imports `module`.`name`.
  case `import`(module: String, name: String)
  /// The module imports something (anything) from this module name.
  case importModule(String)
  /// The module has at least one import, and every import comes from one of these module names.
  case importsOnlyFrom([String])
  /// The module has a custom section with this name.
  case customSection(String)
  /// The name section names a function or global so.
  case name(String)
  /// The module has a start section (`true`) or has none (`false`).
  case startSection(Bool)
  /// The module has a name section (`true`) or has none (`false`).
  case nameSection(Bool)
  /// Memory 0 exists and is shared (`true`), or the module has no shared memory 0 (`false`).
  case sharedMemory(Bool)
}

/// One refusal: its conditions (all must hold), a flavour word for `inspect` verdicts, and the reason printed.
public struct Refusal: Sendable {
  /// The conditions, in file order; never empty, and never only `startSection`, `nameSection` or `sharedMemory`
  /// (those only narrow a condition that names something).
  public var matchers: [ModuleMatcher]
  /// A short word for the kind of module (e.g. `wasi-threads`, `emscripten`, `already-patched`).
  public var flavour: String
  public var reason: String
  public var location: SourceLocation
}
