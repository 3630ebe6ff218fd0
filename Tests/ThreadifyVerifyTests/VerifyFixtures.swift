import Foundation
import Testing
import Threadify
import ThreadifyRules
import ThreadifyVerify

/// The modules the verify tests patch and verify, all inside the repository: the seed's `minimal_test.wasm`
/// (Tests/Fixtures/real), the toolchain matrix (examples/matrix/build) and the broken rule files next to these tests.
enum VerifyFixtures {
  /// The repository's root folder (this file is `Tests/ThreadifyVerifyTests/VerifyFixtures.swift`).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The bytes of a file under the repository root; a missing file fails the test.
  static func bytes(_ relativePath: String) throws -> [UInt8] {
    Array(try Data(contentsOf: root.appending(path: relativePath)))
  }

  /// The seed's Rust module, not patched.
  static func minimalTest() throws -> [UInt8] { try bytes("Tests/Fixtures/real/minimal_test.wasm") }

  /// `module` patched with the bundled rule set `name`, with `params` set.
  static func patch(_ module: [UInt8], bundled name: String, params: [String: Int64] = [:]) throws -> [UInt8] {
    try patch(module, rules: BundledRules.load(name), params: params)
  }

  /// `module` patched with the broken rule file `BrokenRules/NAME.yaml` (which extends a bundled rule set).
  static func patch(_ module: [UInt8], broken name: String) throws -> [UInt8] {
    let path = root.appending(path: "Tests/ThreadifyVerifyTests/BrokenRules/\(name).yaml").path
    return try patch(module, rules: BundledRules.load(path), params: [:])
  }

  private static func patch(_ module: [UInt8], rules: RuleSet, params: [String: Int64]) throws -> [UInt8] {
    try Threadifier.patch(module, rules: rules, params: params)
  }

  /// The matrix modules listed in `examples/matrix/build/MODULES.tsv`, with the bundled rule set whose allocator
  /// ABI each exports.
  static func matrix() throws -> [(file: String, rules: String)] {
    let text = try String(decoding: bytes("examples/matrix/build/MODULES.tsv"), as: UTF8.self)
    return text.split(separator: "\n").dropFirst().map { line in
      let file = String(line.split(separator: "\t")[0])
      let rules =
        file.hasPrefix("demo-c-")
        ? "c-aligned-alloc"
        : file.hasPrefix("demo-wasm-bindgen-")
          ? "wasm-bindgen" : "wasmgrind"
      return (file, rules)
    }
  }

  /// Verifies `bytes` with small options (fast, and enough rounds to see a steady state).
  static func verify(_ bytes: [UInt8], threads: Int = 3, rounds: Int = 4) throws -> VerifyReport {
    var options = VerifyOptions()
    options.threads = threads
    options.rounds = rounds
    return try Verifier.verify(bytes: bytes, name: "test.wasm", options: options)
  }

  /// The names of the checks that failed in `report`.
  static func failed(_ report: VerifyReport) -> Set<VerifyCheck> {
    Set(report.verdicts.filter { !$0.passed }.map(\.check))
  }
}
