/// What one run of an outside process did.
public struct ProcessResult: Sendable, CustomStringConvertible {
  /// The exit status; for a process ended by a signal, the signal's number.
  public let status: Int32
  /// Whether the process ended by a signal (SIGKILL after its timeout among them).
  public let signalled: Bool
  /// Whether it was killed because it still ran after its timeout.
  public let timedOut: Bool
  /// Standard output, byte for byte.
  public let stdout: [UInt8]
  /// Standard error, as text.
  public let stderr: String

  /// Standard output as text.
  public var standardOutput: String { String(decoding: stdout, as: UTF8.self) }

  /// Standard output then standard error, for tools whose messages may go to either.
  public var output: String { standardOutput + stderr }

  public var description: String {
    let end = timedOut ? "killed after its timeout" : signalled ? "signal \(status)" : "exit status \(status)"
    return "\(end); stdout: \(standardOutput.prefix(2000)) stderr: \(stderr.prefix(2000))"
  }
}
