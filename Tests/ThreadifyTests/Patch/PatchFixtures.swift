import Foundation
import Testing
import Threadify
import ThreadifyRules
import WAT
import WasmBinary

/// Files of the repository and patch helpers shared by the patch tests.
enum PatchFixtures {
  /// The repository's root folder.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Bytes of a file under the repository root.
  static func bytes(_ relativePath: String) throws -> [UInt8] {
    Array(try Data(contentsOf: root.appendingPathComponent(relativePath)))
  }

  /// A WAT fixture of `Tests/Fixtures/wat`, assembled with the threads feature (and a name section when `names`).
  static func wat(_ name: String, names: Bool = false) throws -> [UInt8] {
    let text = try String(contentsOf: root.appendingPathComponent("Tests/Fixtures/wat/\(name).wat"), encoding: .utf8)
    return try wat2wasm(text, features: [.threads, .memory64], options: EncodeOptions(nameSection: names))
  }

  /// Patches `bytes` with a bundled rule set.
  static func patch(_ bytes: [UInt8], rules: String = "wasmgrind", params: [String: Int64] = [:]) throws
    -> [UInt8]
  {
    try Threadifier.patch(bytes, rules: try BundledRules.load(rules), params: params)
  }

  /// Runs `wasm-validate --enable-threads` on `bytes`; returns its exit status and messages.
  static func wasmValidate(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
    try ExternalTool.run(URL(fileURLWithPath: "/usr/bin/env"), ["wasm-validate", "--enable-threads"], onModule: bytes)
  }
}
