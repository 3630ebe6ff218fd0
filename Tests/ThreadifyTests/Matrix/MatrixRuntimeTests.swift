import Foundation
import TestSupport
import Testing
import Threadify

/// Every matrix module, patched with the shipped rule set of its allocator ABI, runs on 8 threads on every runtime
/// in ``runners``: own aligned and initialised TLS, private counters, own stacks, and 0 bytes leaked once the
/// threads destroyed themselves. The unpatched module fails the same checks (the control).
@Suite(
  "Toolchain matrix: run on 8 threads",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"),
  .serialized)
struct MatrixRuntimeTests {
  static let threads = 8
  static let increments = 1000

  /// The runtimes the matrix runs on. Another host: one more ``MatrixRunner`` here.
  enum Runtime: String, CaseIterable, Sendable {
    case node
    case wasmKit = "WasmKit"

    var runner: any MatrixRunner {
      switch self {
      case .node: NodeMatrixRunner()
      case .wasmKit: WasmKitMatrixRunner()
      }
    }
  }

  @Test(arguments: MatrixModule.arguments, Runtime.allCases)
  func patchedRunsOnEightThreads(_ module: MatrixModule, _ runtime: Runtime) async throws {
    let clock = Stopwatch()
    let rules = try BundledRules.load(module.ruleSet)
    let stackSize = try #require(try rules.paramValues(overrides: [:])["stack_size"])
    let patched = try Threadifier.patch(try module.bytes(), rules: rules)
    let run = try await runtime.runner.run(
      patched, unpatched: false, threads: Self.threads, increments: Self.increments)
    let problems = MatrixChecks.problems(
      run, module: module, stackSize: stackSize, count: Self.threads, increments: Int64(Self.increments))
    #expect(problems == [], "\(module.fileName) --rules \(module.ruleSet) on \(runtime.rawValue)")
    print("[matrix \(module.fileName) --rules \(module.ruleSet)] \(MatrixChecks.figures(run)); \(clock.formatted)")
  }

  /// The control: the module as built shares one TLS block and one stack; the checks above see it.
  @Test(arguments: MatrixModule.arguments, Runtime.allCases)
  func unpatchedFailsTheChecks(_ module: MatrixModule, _ runtime: Runtime) async throws {
    let rules = try BundledRules.load(module.ruleSet)
    let stackSize = try #require(try rules.paramValues(overrides: [:])["stack_size"])
    let run = try await runtime.runner.run(
      try module.bytes(), unpatched: true, threads: Self.threads, increments: Self.increments)
    let problems = MatrixChecks.problems(
      run, module: module, stackSize: stackSize, count: Self.threads, increments: Int64(Self.increments))
    for expected in ["TLS addresses not distinct", "stack addresses not distinct", "thread 1: __tls_base is 0"] {
      #expect(
        problems.contains { $0.hasPrefix(expected) },
        "\(module.fileName) unpatched on \(runtime.rawValue): the checks did not report \"\(expected)\": \(problems)")
    }
    print("[matrix \(module.fileName) UNPATCHED] \(MatrixChecks.figures(run)); \(problems.count) failed checks")
  }
}
