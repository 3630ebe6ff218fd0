import Foundation
import TestSupport
import Testing

/// `wasm-threadify run` on a program that spawns its own threads: `run_children(8, 20)` returns the program's own
/// failed checks, leaks and memory growth over 20 rounds of 8 threads.
@Suite(
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct ProgramSpawnRunCommandTests {
  static func run(_ module: [UInt8]) throws -> CLIResult {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(module, to: "p.wasm")
    return try scratch.run([
      "run", "p.wasm", "--invoke", "run_children", "\(SpawnFixture.threads)", "\(SpawnFixture.rounds)", "--stats",
    ])
  }

  @Test func runsTheProgramsThreads() throws {
    let result = try Self.run(try SpawnFixture.patched())
    #expect(result.status == 0, "\(result)")
    #expect(result.output == "0\n", "run_children counted failures: \(result.output)")
    #expect(
      result.standardError.contains("threads created: \(SpawnFixture.threads * SpawnFixture.rounds);"),
      "\(result.standardError)")
  }

  @Test func theControlRuleFileFailsAndTheUnpatchedModuleIsRefused() throws {
    let control = try Self.run(try SpawnFixture.patchedWithoutStackPointer())
    #expect(control.status == 0, "\(control)")
    #expect(control.output != "0\n", "the control passed: the checks cannot see a shared stack")
    let unpatched = try Self.run(try SpawnFixture.unpatched())
    #expect(unpatched.status == 1, "\(unpatched)")
    #expect(unpatched.standardError.contains("not patched"), "\(unpatched.standardError)")
  }
}
