/// Names from the `name` custom section. The maps are empty when the section is absent; a malformed name section is
/// ignored (every map empty) and what was wrong with it is recorded in ``problem``.
public struct ModuleNames: Sendable, Equatable {
  /// The module name (subsection 0).
  public var module: String?
  /// Function names by function index (subsection 1).
  public var functions: [UInt32: String]
  /// Local names by function index, then local index (subsection 2).
  public var locals: [UInt32: [UInt32: String]]
  /// Global names by global index (subsection 7).
  public var globals: [UInt32: String]
  /// Why the name section was ignored, with the offset of the problem; nil when it was read (or absent).
  public var problem: String?

  /// Creates a set of names (all empty by default).
  public init(
    module: String? = nil, functions: [UInt32: String] = [:], locals: [UInt32: [UInt32: String]] = [:],
    globals: [UInt32: String] = [:], problem: String? = nil
  ) {
    self.module = module
    self.functions = functions
    self.locals = locals
    self.globals = globals
    self.problem = problem
  }
}
