import Foundation

/// Wall-clock time since its creation, for the bounds the tests check and the figures they print.
public struct Stopwatch: Sendable {
  private let start = Date()

  public init() {}

  /// Seconds since the start.
  public var seconds: Double { Date().timeIntervalSince(start) }

  /// ``seconds`` to two decimals, with its unit.
  public var formatted: String { String(format: "%.2f s", seconds) }
}
