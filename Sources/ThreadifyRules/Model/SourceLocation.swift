/// A place in a rule file, for diagnostics: `file:line:column` (both 1-based).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The rule file's path as given by the user (or a bundled rule set's name).
  public let file: String
  /// 1-based line.
  public let line: Int
  /// 1-based column.
  public let column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`.
  public var description: String { "\(file):\(line):\(column)" }
}

/// An error in a rule file, always located: printed as `file:line:column: error: message`.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Where the problem is.
  public let location: SourceLocation
  /// What is wrong, naming the key or instruction concerned.
  public let message: String

  /// Creates a located error.
  public init(_ location: SourceLocation, _ message: String) {
    self.location = location
    self.message = message
  }

  /// `file:line:column: error: message`.
  public var description: String { "\(location): error: \(message)" }
}
