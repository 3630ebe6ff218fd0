import Foundation
import TestSupport
import Testing

/// `wasm-threadify run`: the seed's Rust programs on real threads from the command line (no node, no browser), the
/// results printed one per line, and a failing thread turned into a non-zero exit with its message.
@Suite(
  "CLI: wasm-threadify run",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct RunCommandTests {
  /// Runs of each quick export (one process each).
  static let runs = 20

  /// A scratch folder holding the fixture patched with the default rule set, as `name`.
  static func patched(_ fixture: String, as name: String) throws -> ScratchFolder {
    let scratch = try ScratchFolder()
    let bytes = try PatchFixtures.patch(
      try Repository.bytes("Tests/Fixtures/real/\(fixture)"), rules: "wasmgrind")
    try scratch.write(bytes, to: name)
    return scratch
  }

  @Test(
    "threading_test, the nested tests and thread_hierarchy_test run to completion",
    arguments: ["minimal_test.wasm", "minimal_test_tracing.wasm"])
  func rustPrograms(fixture: String) throws {
    let clock = Stopwatch()
    let scratch = try Self.patched(fixture, as: "p.wasm")
    defer { scratch.remove() }
    var values: [String] = []
    for _ in 0..<Self.runs {
      let result = try scratch.run(["run", "p.wasm", "--invoke", "threading_test"])
      #expect(result.status == 0, "\(result)")
      values.append(result.output)
    }
    #expect(values.allSatisfy { $0 == "0\n" }, "threading_test printed \(Set(values))")
    // Each export in its own process: the nested ones add 100 to a fresh variable (0), so it reads 100 after them;
    // reading it needs a second export in the same process, which `run` does not do: the exit status and the
    // thread counts (--stats) say they ran.
    for export in ["two_nested_threads_test", "two_nested_detached_threads_test"] {
      for _ in 0..<3 {
        let result = try scratch.run(["run", "p.wasm", "--invoke", export, "--stats"])
        #expect(result.status == 0 && result.output.isEmpty, "\(export): \(result)")
        #expect(result.standardError.contains("threads created: 2;"), "\(export): \(result.standardError)")
        if fixture.contains("tracing") {
          #expect(Self.locksBalance(result.standardError), "\(export): \(result.standardError)")
        }
      }
    }
    let hierarchy = try scratch.run(["run", "p.wasm", "--invoke", "thread_hierarchy_test", "--stats"])
    #expect(hierarchy.status == 0, "\(hierarchy)")
    #expect(hierarchy.standardError.contains("threads created: 50;"), "\(hierarchy.standardError)")
    #expect(
      hierarchy.standardError.contains(/start routine\): median [0-9]+\.[0-9]{2} ms over [0-9]+ threads\n$/),
      "\(hierarchy.standardError)")
    // Fewer threads allowed than the program needs: thread_create fails, the program panics, exit 134.
    let limited = try scratch.run(["run", "p.wasm", "--invoke", "thread_hierarchy_test", "--threads", "4"])
    #expect(limited.status == 134, "\(limited)")
    #expect(limited.standardError.contains("panicked") && limited.standardError.contains("at most 3"), "\(limited)")
    print(
      "[CLI run \(fixture)] threading_test ×\(Self.runs) processes printed \(Set(values)); nested ×3 each; "
        + "thread_hierarchy_test: \(hierarchy.standardError.trimmingCharacters(in: .newlines)); \(clock.formatted)")
  }

  /// `start_lock N, finish_lock N, start_unlock N, finish_unlock N` with one N > 0.
  static func locksBalance(_ stats: String) -> Bool {
    let counts = ["start_lock", "finish_lock", "start_unlock", "finish_unlock"].compactMap { name -> Int? in
      guard let range = stats.range(of: "\(name) ") else { return nil }
      return Int(stats[range.upperBound...].prefix { $0.isNumber })
    }
    return counts.count == 4 && Set(counts).count == 1 && counts[0] > 0
  }

  @Test("--stats also after a failed run; out of memory in the program's thread starts says so, fast")
  func statsOnFailure() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    // 64 MiB stacks: thread_hierarchy_test's 50 threads do not fit in the 1 GiB memory.
    let bytes = try PatchFixtures.patch(
      try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"), rules: "wasmgrind",
      params: ["stack_size": 64 << 20])
    try scratch.write(bytes, to: "big.wasm")
    let clock = Stopwatch()
    let result = try scratch.run(["run", "big.wasm", "--invoke", "thread_hierarchy_test", "--stats"])
    #expect(result.status == 134, "\(result)")
    #expect(result.standardError.contains("threads created: "), "--stats printed nothing: \(result.standardError)")
    #expect(
      result.standardError.contains("out_of_memory") && result.standardError.contains("the shared memory is"),
      "\(result.standardError)")
    #expect(
      !result.standardError.contains(/thread ([0-9]+): thread \1:/), "a thread named twice: \(result.standardError)")
    #expect(clock.seconds < 30, "the failed run took \(clock.seconds) s (a start waiting on a lock nobody frees?)")
    let refused = try scratch.run(["run", "big.wasm", "--invoke", "thread_hierarchy_test", "--threads", "4", "--stats"])
    #expect(refused.status == 134 && refused.standardError.contains("threads created: 3;"), "\(refused)")
  }

  @Test("results one per line; a trap, a panic and a bad call fail with the message")
  func failures() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try HostContractModule.module(), to: "t.wasm")
    let ok = try scratch.run(["run", "t.wasm", "--invoke", "spawn_and_join", "0"])
    #expect(ok.status == 0 && ok.output == "1\n", "\(ok)")
    let trap = try scratch.run(["run", "t.wasm", "--invoke", "spawn_and_join", "1"])
    #expect(trap.status == 134 && trap.output.isEmpty, "\(trap)")
    #expect(
      trap.standardError.contains("thread_start trapped") && trap.standardError.contains("unreachable"), "\(trap)")
    let panic = try scratch.run(["run", "t.wasm", "--invoke", "fail"])
    #expect(panic.status == 134 && panic.standardError.contains("panicked: errno 7"), "\(panic)")
    let boom = try scratch.run(["run", "t.wasm", "--invoke", "boom"])
    #expect(boom.status == 134 && boom.standardError.contains("boom trapped"), "\(boom)")
    // A detached thread that traps after the export returned still fails the run.
    let detached = try scratch.run(["run", "t.wasm", "--invoke", "spawn", "1"])
    #expect(detached.status == 134 && detached.standardError.contains("unreachable"), "\(detached)")
    let clock = Stopwatch()
    let hung = try scratch.run(["run", "t.wasm", "--invoke", "spawn_and_join", "2", "--timeout", "0.5"])
    #expect(hung.status == 134 && hung.standardError.contains("0.5 s"), "\(hung)")
    #expect(clock.seconds < 10, "a hanging thread kept the process for \(clock.seconds) s")
    for (arguments, message) in [
      (["--invoke", "nothing"], "exports no function nothing"),
      (["--invoke", "spawn_and_join"], "takes 1 arguments, 0 given"),
      (["--invoke", "spawn_and_join", "x"], "is not a valid i32"),
      (["--invoke", "spawn_and_join", "4294967296"], "is not a valid i32"),
    ] {
      let bad = try scratch.run(["run", "t.wasm"] + arguments)
      #expect(bad.status == 2 && bad.standardError.contains(message), "\(arguments): \(bad)")
    }
    let negative = try scratch.run(["run", "t.wasm", "--invoke", "spawn", "-5"])
    #expect(negative.status != 2, "a negative argument was taken for an option: \(negative)")
  }

  @Test("an unpatched module and a missing import are refused by name: exit 1")
  func refusals() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(CLIPaths.real("minimal_test.wasm"), as: "raw.wasm")
    let raw = try scratch.run(["run", "raw.wasm", "--invoke", "threading_test"])
    #expect(raw.status == 1 && raw.standardError.contains("raw.wasm") && raw.standardError.contains("not patched"))
    let text = """
      (module
        (import "env" "memory" (memory 1 1 shared))
        (import "env" "log_value" (func (param i32)))
        (func (export "run")))
      """
    try scratch.write(try HostContractModule.module(text), to: "m.wasm")
    let missing = try scratch.run(["run", "m.wasm", "--invoke", "run"])
    #expect(missing.status == 1 && missing.standardError.contains("env.log_value"), "\(missing)")
  }
}
