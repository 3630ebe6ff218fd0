import Foundation
import TestSupport
import Threadify
import ThreadifyRules
import WAT
import WasmBinary

/// The patch helpers shared by the patch tests.
enum PatchFixtures {
  /// A WAT fixture of `Tests/Fixtures/wat`, assembled with the threads feature (and a name section when `names`).
  static func wat(_ name: String, names: Bool = false) throws -> [UInt8] {
    let text = try Repository.text("Tests/Fixtures/wat/\(name).wat")
    return try wat2wasm(text, features: [.threads, .memory64], options: EncodeOptions(nameSection: names))
  }

  /// Patches `bytes` with a bundled rule set.
  static func patch(_ bytes: [UInt8], rules: String = "wasmgrind", params: [String: Int64] = [:]) throws
    -> [UInt8]
  {
    try Threadifier.patch(bytes, rules: try BundledRules.load(rules), params: params)
  }
}
