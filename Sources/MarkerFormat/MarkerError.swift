/// Why a marker payload could not be read. ``message`` is the same text the JS reader (`examples/host/marker.mjs`)
/// gives for the same payload (the test vectors in `Tests/Fixtures/marker-vectors/` pin both).
public struct MarkerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of problem it is.
  public enum Kind: Sendable, Equatable {
    /// The payload of wasm-threadify 0.2 (`rules=NAME version=V`), which records no host ABI.
    case oldFormat
    /// A format version newer than this reader knows.
    case newerFormat
    /// Not a marker payload, or one with a key of the wrong type or out of range.
    case malformed
  }

  public let kind: Kind
  /// What is wrong, naming the key.
  public let message: String

  /// An error of `kind` saying `message`.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}
