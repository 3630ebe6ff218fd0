/// Why `verify` could not run a module at all (a failed check is a ``VerifyReport`` that did not pass, not an error).
public struct VerifyError: Error, Sendable, CustomStringConvertible {
  /// What kind of problem it is; the CLI maps it to its exit status.
  public enum Kind: Sendable {
    /// The module is malformed, not patched, or its marker cannot be honoured (exit status 1).
    case refused
    /// The options are unusable (exit status 2).
    case usage
  }

  /// The kind of problem.
  public let kind: Kind
  /// The message, naming the module and, for a refusal, the check.
  public let message: String

  init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}
