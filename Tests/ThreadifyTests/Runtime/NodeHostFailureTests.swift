import Foundation
import TestSupport
import Testing
import Threadify

/// How the JS host fails, through its command line `examples/host/run.mjs` in node: it refuses a module that was
/// not patched (or by an old version) by name, names a missing import, and when a thread traps, throws or hangs,
/// the call that waited for it fails with the message in bounded time and node exits.
@Suite("Runtime: JS host refusals and failures in node")
struct NodeHostFailureTests {
  static let runScript = Repository.url("examples/host/run.mjs")
  static let faults = Repository.url("Tests/ThreadifyTests/Runtime/node/fault-imports.mjs")

  struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
    /// The node process's lifetime as seen from here (includes waiting for a CPU when the suite runs in parallel).
    let seconds: Double

    /// With `--json`: node's own time from start to the report, in seconds.
    func reportedSeconds() throws -> Double {
      let line = try #require(stdout.split(separator: "\n").last { $0.hasPrefix("{") }, "no JSON: \(stdout)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return try #require(object["elapsed_ms"] as? Double) / 1000
    }
  }

  /// `node run.mjs FILE ARGUMENTS` on `bytes` written to a temporary file named `name`.
  static func run(_ bytes: [UInt8], name: String, _ arguments: [String]) async throws -> Outcome {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(bytes, to: name)
    let clock = Stopwatch()
    // A node that cannot shut down (a worker the host failed to terminate) fails the test after 300 s.
    let result = try await NodeHarness.node([runScript.path, scratch.path(name)] + arguments, limit: 300)
    return Outcome(status: result.status, stdout: result.standardOutput, stderr: result.stderr, seconds: clock.seconds)
  }

  static func realModule(_ name: String) throws -> [UInt8] {
    try Repository.bytes("Tests/Fixtures/real/\(name)")
  }

  static func patched(_ name: String) throws -> [UInt8] {
    try PatchFixtures.patch(try realModule(name), rules: "wasmgrind")
  }

  @Test("a module that was not patched is refused by name")
  func unpatchedRefused() async throws {
    let r = try await Self.run(
      try Self.realModule("minimal_test.wasm"), name: "minimal_test.wasm", ["--invoke", "threading_test"])
    #expect(r.status == 1)
    #expect(
      r.stderr.contains("minimal_test.wasm was not patched by wasm-threadify")
        && r.stderr.contains("no marker section"), "\(r.stderr)")
    #expect(r.stdout.isEmpty)
  }

  @Test("a module patched by wasm-threadify 0.2 (text marker) is refused, asking for a re-patch")
  func oldMarkerRefused() async throws {
    let old =
      try Self.realModule("minimal_test.wasm")
      + TestBytes.customSection("wasm-threadify", Array("rules=wasmgrind version=1".utf8))
    let r = try await Self.run(old, name: "old.wasm", ["--invoke", "threading_test"])
    #expect(r.status == 1)
    #expect(
      r.stderr.contains("was written by wasm-threadify 0.2") && r.stderr.contains("patch the original"), "\(r.stderr)")
    #expect(r.stderr.contains("rules=wasmgrind version=1"), "\(r.stderr)")
  }

  @Test("a file that is not a module is refused, naming it")
  func notAModule() async throws {
    let r = try await Self.run(Array("not wasm".utf8), name: "text.wasm", ["--invoke", "threading_test"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("text.wasm is not a valid WebAssembly module"), "\(r.stderr)")
  }

  @Test("a marker of a newer format is refused")
  func newerMarkerRefused() async throws {
    let newer =
      try Self.realModule("minimal_test.wasm")
      + TestBytes.customSection("wasm-threadify", Array(#"{"marker": 3}"#.utf8))
    let r = try await Self.run(newer, name: "newer.wasm", ["--invoke", "threading_test"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("format 3 is newer than this reader understands (2)"), "\(r.stderr)")
  }

  @Test("a missing import is named")
  func missingImportNamed() async throws {
    let r = try await Self.run(
      try Self.patched("minimal_test.wasm"), name: "minimal_test.wasm",
      ["--invoke", "threading_test", "--no-threadlink"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("missing import wasm_threadlink.thread_create (function)"), "\(r.stderr)")
  }

  /// A grandchild thread fails; its parent's `thread_join` returns non-zero, the Rust side calls `panic`, and so on
  /// up to the first thread: the invocation fails with the grandchild's message.
  @Test(
    "a thread that traps or throws fails the call that waited for it, with the message", arguments: ["trap", "throw"])
  func failurePropagates(mode: String) async throws {
    let r = try await Self.run(
      try Self.patched("minimal_test_tracing.wasm"), name: "minimal_test_tracing.wasm",
      [
        "--invoke", "two_nested_threads_test", "--timeout-ms", "60000", "--json", "--imports",
        "\(Self.faults.absoluteString)?mode=\(mode)",
      ])
    #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains("two_nested_threads_test"), "\(r.stderr)")
    #expect(r.stderr.contains("wasm_threadlink.panic(3)"), "the joiner's panic carries the failure: \(r.stderr)")
    let cause = mode == "trap" ? "RuntimeError" : "injected fault in thread"
    #expect(r.stderr.contains(cause), "\(r.stderr)")
    let seconds = try r.reportedSeconds()
    // Bounded: the failure arrives long before any timeout (a loaded machine may take seconds per new worker).
    #expect(seconds < 60, "took \(seconds) s")
    print(
      "[node host] \(mode) in a grandchild: exit \(r.status) after \(String(format: "%.1f", seconds)) s "
        + "(process \(String(format: "%.1f", r.seconds)) s): \(r.stderr)")
  }

  /// A thread that never ends: its joiner gives up after the timeout, the call fails, and node still exits (the
  /// host terminates the stuck worker).
  @Test("a hanging thread ends in a timeout, and node exits")
  func hangTimesOut() async throws {
    let r = try await Self.run(
      try Self.patched("minimal_test_tracing.wasm"), name: "minimal_test_tracing.wasm",
      [
        "--invoke", "two_nested_threads_test", "--timeout-ms", "3000", "--json", "--imports",
        "\(Self.faults.absoluteString)?mode=hang",
      ])
    #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
    // The invocation (or a join inside it) timed out: not a thread's start (those may take up to 60 s).
    #expect(
      r.stderr.contains("two_nested_threads_test")
        && (r.stderr.contains("timed out after 3000 ms") || r.stderr.contains("thread_join")), "\(r.stderr)")
    let seconds = try r.reportedSeconds()
    #expect(seconds < 3 + 60 + 10, "took \(seconds) s")
    print(
      "[node host] hang: exit \(r.status) after \(String(format: "%.1f", seconds)) s "
        + "(process \(String(format: "%.1f", r.seconds)) s): \(r.stderr)")
  }

  @Test("run.mjs prints the results one per line")
  func printsResults() async throws {
    let r = try await Self.run(
      try Self.patched("minimal_test.wasm"), name: "minimal_test.wasm", ["--invoke", "threading_test"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "0\n")
  }
}
