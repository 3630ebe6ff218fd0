import WasmBinary

/// A rule-level check on a bound module: a comparison of bound values, optionally with values captured from an
/// instruction pattern found in a bound function's body. A failing check refuses the module with its `reason`.
///
/// Checks are linear and bounded: a pattern is a few instructions, matched at each instruction of one body.
public struct CheckRule: Sendable {
  public var name: String
  /// Applies only when this holds at binding time (`nil`: always).
  public var condition: Condition?
  /// Where `when` names the condition.
  public var conditionLocation: SourceLocation?
  /// Where to capture values, if anywhere.
  public var scan: Scan?
  /// What must hold.
  public var expectation: Comparison
  /// Printed when the check fails.
  public var reason: String
  /// Printed after the reason, e.g. which linker to use.
  public var hint: String?
  /// The refusal's flavour word (for `inspect` verdicts).
  public var flavour: String
  public var location: SourceLocation

  /// Instructions to find, in order, in the body of a bound function symbol.
  public struct Scan: Sendable {
    /// A function symbol; the check is skipped when it is unbound or imported.
    public var function: String
    public var pattern: [PatternStep]
    /// When the pattern is nowhere in the body: `true` refuses the module, `false` passes the check.
    public var refuseWhenMissing: Bool
    /// Where `in` names the function.
    public var location: SourceLocation
  }

  /// One instruction of a pattern: its catalogue entry and a matcher per immediate.
  public struct PatternStep: Sendable {
    public var info: InstructionInfo
    public var operands: [PatternOperand]
    public var location: SourceLocation
  }

  /// What an immediate must be: anything (`_`), a given integer, or anything captured under a name (`?name`).
  public enum PatternOperand: Sendable, Equatable {
    case any
    case literal(Int64)
    case capture(String)
  }

  /// `LEFT OP RIGHT`.
  public struct Comparison: Sendable {
    public var left: Operand
    public var relation: Relation
    public var right: Operand
    public var location: SourceLocation
  }

  /// A comparison operand: an integer, a `{constant}` (a param or a value symbol) or a `?capture`.
  public enum Operand: Sendable, Equatable {
    case literal(Int64)
    case constant(String)
    case capture(String)
  }

  /// A comparison between two integers.
  public enum Relation: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `left RELATION right` holds.
    public func holds(_ left: Int64, _ right: Int64) -> Bool {
      switch self {
      case .equal: left == right
      case .notEqual: left != right
      case .less: left < right
      case .lessOrEqual: left <= right
      case .greater: left > right
      case .greaterOrEqual: left >= right
      }
    }
  }
}
