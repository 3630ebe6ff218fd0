import Foundation
import TestSupport
import Testing
import Threadify

/// The program that spawns its own threads wasi-libc style (`Tests/Fixtures/spawn`, `examples/c/spawn_demo.c`),
/// patched with `rules/wasi-threads-entry.yaml` or with the control rule file whose entry leaves the stack pointer
/// alone.
enum SpawnFixture {
  static let module = "Tests/Fixtures/spawn/demo-wasi-spawn.wasm"
  static let controlRules = "Tests/Fixtures/spawn/no-stack-pointer.yaml"
  /// Threads each round spawns, and rounds: 8 threads, 20 rounds (issue 18).
  static let threads = 8
  static let rounds = 20

  static func unpatched() throws -> [UInt8] { try Repository.bytes(module) }

  /// The fixture patched with the bundled `wasi-threads-entry`.
  static func patched() throws -> [UInt8] {
    try PatchFixtures.patch(try unpatched(), rules: "wasi-threads-entry")
  }

  /// The fixture patched with the control rule file (its entry does not set the stack pointer).
  static func patchedWithoutStackPointer() throws -> [UInt8] {
    try Threadifier.patch(try unpatched(), rules: try BundledRules.load(Repository.url(controlRules).path))
  }
}
