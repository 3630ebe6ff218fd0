import Foundation

/// What `verify` saw: the threads it started, every check's verdict, the memory per round. The JSON form (``json``)
/// is the one the JS host's `verify()` reports too.
public struct VerifyReport: Codable, Sendable {
  /// One thread as the report lists it.
  public struct Row: Codable, Sendable, Equatable {
    /// The thread's id (0: the first instance) and the round that started it (0 for the first instance).
    public let thread: UInt32
    public let round: Int
    /// Its stack pointer and TLS base right after its start.
    public let stackTop: Int64
    public let tlsBase: Int64?
    /// The checks that failed on it (empty: every check held).
    public var failed: [VerifyCheck]
  }

  /// One check's verdict.
  public struct Verdict: Codable, Sendable, Equatable {
    public let check: VerifyCheck
    public let passed: Bool
    /// How many times it failed (over all threads and rounds).
    public let failures: Int
  }

  /// The module's name as given, and the rule set (and version) its marker names.
  public let module: String
  public let rules: String?
  /// Threads per round (besides the first instance) and rounds run.
  public let threads: Int
  public let rounds: Int
  /// The sizes verify checked against, from the marker.
  public let stackSize: Int64?
  public let tlsSize: Int64?
  public let tlsAlign: Int64?
  /// Whether the first instance kept the static TLS block (nil: unknown, no TLS).
  public let firstKeepsStaticTLS: Bool?
  /// The first instance, and the threads of the first and the last round.
  public let rows: [Row]
  /// The memory size in 64 KiB pages after the first instance's start (index 0) and after each round.
  public let pages: [Int]
  /// Every check's verdict, in check order.
  public let verdicts: [Verdict]
  /// The first failures (at most ``maximumListedFailures``), in the order they were seen.
  public let failures: [CheckFailure]
  /// Wall-clock time of the run in seconds.
  public let seconds: Double
  /// Whether every check held.
  public var passed: Bool { verdicts.allSatisfy(\.passed) }

  /// The most failures a report lists (each check's count is in ``verdicts``).
  public static let maximumListedFailures = 50

  enum CodingKeys: String, CodingKey {
    case module, rules, threads, rounds, rows, pages, verdicts, failures, seconds, passed
    case stackSize = "stack-size"
    case tlsSize = "tls-size"
    case tlsAlign = "tls-align"
    case firstKeepsStaticTLS = "first-keeps-static-tls"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(module, forKey: .module)
    try container.encode(rules, forKey: .rules)
    try container.encode(threads, forKey: .threads)
    try container.encode(rounds, forKey: .rounds)
    try container.encode(stackSize, forKey: .stackSize)
    try container.encode(tlsSize, forKey: .tlsSize)
    try container.encode(tlsAlign, forKey: .tlsAlign)
    try container.encode(firstKeepsStaticTLS, forKey: .firstKeepsStaticTLS)
    try container.encode(rows, forKey: .rows)
    try container.encode(pages, forKey: .pages)
    try container.encode(verdicts, forKey: .verdicts)
    try container.encode(failures, forKey: .failures)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(passed, forKey: .passed)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    module = try container.decode(String.self, forKey: .module)
    rules = try container.decodeIfPresent(String.self, forKey: .rules)
    threads = try container.decode(Int.self, forKey: .threads)
    rounds = try container.decode(Int.self, forKey: .rounds)
    stackSize = try container.decodeIfPresent(Int64.self, forKey: .stackSize)
    tlsSize = try container.decodeIfPresent(Int64.self, forKey: .tlsSize)
    tlsAlign = try container.decodeIfPresent(Int64.self, forKey: .tlsAlign)
    firstKeepsStaticTLS = try container.decodeIfPresent(Bool.self, forKey: .firstKeepsStaticTLS)
    rows = try container.decode([Row].self, forKey: .rows)
    pages = try container.decode([Int].self, forKey: .pages)
    verdicts = try container.decode([Verdict].self, forKey: .verdicts)
    failures = try container.decode([CheckFailure].self, forKey: .failures)
    seconds = try container.decode(Double.self, forKey: .seconds)
  }

  init(
    module: String, rules: String?, options: VerifyOptions, layout: ThreadLayout?, firstKeepsStaticTLS: Bool?,
    rows: [Row], pages: [Int], failures: [CheckFailure], seconds: Double
  ) {
    self.module = module
    self.rules = rules
    threads = options.threads
    rounds = options.rounds
    stackSize = layout?.stackSize
    tlsSize = layout?.tlsSize
    tlsAlign = layout?.tlsAlign
    self.firstKeepsStaticTLS = firstKeepsStaticTLS
    self.rows = rows
    self.pages = pages
    var counts: [VerifyCheck: Int] = [:]
    for failure in failures { counts[failure.check, default: 0] += 1 }
    verdicts = VerifyCheck.allCases.map { Verdict(check: $0, passed: counts[$0] == nil, failures: counts[$0] ?? 0) }
    self.failures = Array(failures.prefix(Self.maximumListedFailures))
    self.seconds = seconds
  }

  /// The report as compact JSON with sorted keys.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// The report as a table (`thread | stack top | TLS base | checks`), the memory per round, the failures and the
  /// verdict.
  public var table: String {
    func hex(_ value: Int64?) -> String {
      value.map { ($0 < 0 ? "-0x" : "0x") + String($0.magnitude, radix: 16) } ?? "-"
    }
    var lines = ["thread | stack top  | TLS base   | checks"]
    for row in rows {
      let checks = row.failed.isEmpty ? "ok" : "FAILED " + row.failed.map(\.rawValue).joined(separator: ", ")
      let thread = String(row.thread).padding(toLength: 6, withPad: " ", startingAt: 0)
      let top = hex(row.stackTop).padding(toLength: 10, withPad: " ", startingAt: 0)
      let tls = hex(row.tlsBase).padding(toLength: 10, withPad: " ", startingAt: 0)
      lines.append("\(thread) | \(top) | \(tls) | \(checks)")
    }
    if !pages.isEmpty {
      lines.append(
        "memory (pages) after the first start and each round: \(pages.map(String.init).joined(separator: ", "))")
    }
    for failure in failures { lines.append("FAILED \(failure)") }
    let held = verdicts.filter(\.passed).count
    let total = 1 + threads * rounds
    lines.append(
      passed
        ? "verify: every check held (\(held) checks, \(total) threads over \(rounds) rounds, "
          + "\(String(format: "%.2f", seconds)) s)"
        : "verify: FAILED "
          + verdicts.filter { !$0.passed }.map { "\($0.check.rawValue) (\($0.failures))" }.joined(separator: ", "))
    return lines.joined(separator: "\n")
  }
}
