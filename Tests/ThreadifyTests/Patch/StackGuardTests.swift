import TestSupport
import Testing
import Threadify
import WasmBinary
import WasmKit

/// The opt-in stack guard (`--set stack_guard=1`): an instruction rewrite checks every write of the stack pointer.
/// A follower that recurses past its 64 KiB heap stack must trap instead of overwriting the TLS block allocated
/// just below its stack by the previous follower; without the guard the same run corrupts that block.
@Suite struct StackGuardTests {
  /// Three instances over one memory: 0 keeps the static stack, 1 and 2 get heap stacks in that order, so that
  /// instance 2's stack sits just above instance 1's TLS block. Instance 2 then recurses 80 KiB deep.
  /// `trap`: the trap the recursion ended in, nil if it returned; any other error is rethrown.
  private func overflowSecondFollower(guarded: Bool) throws -> (trap: Trap?, neighbourIntact: Bool) {
    let patched = try PatchFixtures.patch(
      try PatchFixtures.wat("stack-overflow"), params: ["stack_size": 65536, "stack_guard": guarded ? 1 : 0])
    let engine = Engine(configuration: EngineConfiguration(features: [.threads]))
    let store = Store(engine: engine)
    let module = try parseWasm(bytes: patched, features: [.threads])
    let shared = try SharedMemory(
      engine: engine, type: MemoryType(min: 9, max: 100, shared: true), resourceLimiter: DefaultResourceLimiter())
    var imports = Imports()
    imports.define(module: "env", name: "memory", WasmKit.Memory(store: store, sharedMemory: shared))
    let instances = try (0..<3).map { _ in try module.instantiate(store: store, imports: imports) }
    let follower = instances[1]
    let overflowing = instances[2]
    let fillTLS = try #require(follower.exports[function: "fill_tls"])
    let tlsIntact = try #require(follower.exports[function: "tls_intact"])
    let recurse = try #require(overflowing.exports[function: "recurse"])
    _ = try fillTLS([.i32(0x5A)])
    var trap: Trap?
    do {
      _ = try recurse([.i32(80), .i32(0xEE)])
    } catch let error as Trap {
      trap = error
    }
    return (trap, try tlsIntact([.i32(0x5A)]) == [.i32(1)])
  }

  /// The name of the function the trap was raised in: the innermost frame of WasmKit's backtrace (named from the
  /// patched module's name section), as its description prints it (`Trap: REASON` then `    0: (0x…) NAME`).
  private func innermostFunction(of trap: Trap) -> String? {
    let frames = trap.description.split(separator: "\n").dropFirst()
    guard let first = frames.first, first.hasPrefix("    0: ") else { return nil }
    return first.split(separator: " ").last.map(String.init)
  }

  @Test func guardedOverflowTrapsInTheGuardAndSparesTheNeighbour() throws {
    let result = try overflowSecondFollower(guarded: true)
    let trap = try #require(result.trap, "the guarded overflow did not trap")
    #expect(trap.description.hasPrefix("Trap: unreachable"), "\(trap)")
    #expect(innermostFunction(of: trap) == "wasm-threadify.stack_overflow", "\(trap)")
    #expect(result.neighbourIntact)
  }

  @Test func unguardedOverflowCorruptsTheNeighbour() throws {
    let result = try overflowSecondFollower(guarded: false)
    #expect(result.trap == nil, "\(result.trap.map(String.init(describing:)) ?? "")")
    #expect(!result.neighbourIntact)
  }

  @Test func onlyBodiesThatWriteTheStackPointerAreRewritten() throws {
    let input = try WasmModule(bytes: try PatchFixtures.wat("stack-overflow"))
    let plan = try Threadifier.plan(input, rules: try BundledRules.load("wasmgrind"), params: ["stack_guard": 1])
    let rewrite = try #require(plan.rewrites.first)
    #expect(plan.rewrites.count == 1)
    #expect(rewrite.name == "guard_stack_pointer")
    #expect(rewrite.applied)
    #expect(rewrite.functions == 1)
    #expect(rewrite.sites == 2)
    let output = try WasmModule(bytes: try Threadifier.apply(plan, to: input))
    let recurse = try #require(input.exports.first { $0.name == "recurse" })
    guard case .function(let recurseIndex) = recurse.descriptor else {
      Issue.record("the fixture's export `recurse` is not a function: \(recurse.descriptor)")
      return
    }
    for offset in 0..<input.functionTypeIndices.count {
      let index = UInt32(input.importedFunctionCount + offset)
      if index == recurseIndex {
        #expect(input.body(ofFunction: index) != output.body(ofFunction: index))
      } else {
        #expect(input.body(ofFunction: index) == output.body(ofFunction: index), "function \(index)")
      }
    }
    #expect(try Validators.wabt(Array(output.bytes)).status == 0)
  }

  @Test func guardIsOffByDefault() throws {
    let input = try WasmModule(bytes: try PatchFixtures.wat("stack-overflow"))
    let plan = try Threadifier.plan(input, rules: try BundledRules.load("wasmgrind"))
    #expect(plan.rewrites.allSatisfy { !$0.applied })
    #expect(plan.rewrittenBodies.isEmpty)
  }
}
