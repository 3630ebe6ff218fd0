/// One failed check: which, on which thread (nil: the module or the run as a whole), and why.
public struct CheckFailure: Error, Sendable, Codable, Equatable, CustomStringConvertible {
  /// The check that failed.
  public let check: VerifyCheck
  /// The thread it failed on, if any.
  public let thread: UInt32?
  /// What was seen, with the addresses involved.
  public let detail: String

  init(_ check: VerifyCheck, thread: UInt32?, _ detail: String) {
    self.check = check
    self.thread = thread
    self.detail = detail
  }

  /// `CHECK: thread N: DETAIL`.
  public var description: String {
    "\(check.rawValue): " + (thread.map { "thread \($0): " } ?? "") + detail
  }
}
