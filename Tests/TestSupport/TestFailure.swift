/// The one error the test support and the tests throw for a failed step: a missing tool, a process that timed out,
/// a report that does not decode. Its description is the whole message.
public struct TestFailure: Error, CustomStringConvertible {
  public let description: String

  public init(_ description: String) { self.description = description }
}
