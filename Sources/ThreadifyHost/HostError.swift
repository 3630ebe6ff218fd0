/// Why the host refused a module or a call failed. ``description`` is a complete sentence for a user.
public struct HostError: Error, CustomStringConvertible, Sendable, Equatable {
  /// What kind of failure this is, for callers that react to some of them.
  public enum Kind: String, Sendable, Equatable {
    /// The module carries no marker section: it was not patched (or not by a rule set that records its ABI).
    case notPatched
    /// The marker section exists but cannot be used: an old payload, a newer format, or malformed JSON.
    case badMarker
    /// The module cannot run on this host (no shared memory import, an import kind the host cannot provide, ...).
    case unsupportedModule
    /// The module imports something nobody provided.
    case missingImport
    /// A call named an export the module does not have, or gave it the wrong arguments.
    case badCall
    /// WebAssembly code trapped.
    case trap
    /// The program reported an unrecoverable error through the runtime contract (`panic`).
    case panic
    /// A bounded wait ran out: the thread did not answer in time.
    case timedOut
    /// The thread has stopped or failed to start; it takes no more calls.
    case threadGone
  }

  /// What kind of failure this is.
  public let kind: Kind
  /// The message, without an `error:` prefix.
  public let description: String

  /// A failure of `kind` described by `description`.
  public init(_ kind: Kind, _ description: String) {
    self.kind = kind
    self.description = description
  }
}
