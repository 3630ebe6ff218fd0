import Foundation
import Testing

/// Runs the WebAssembly command-line tools the tests use to check outputs. Each fails the test (rather than
/// skipping) when its tool is not installed: `.ci/run` installs them.
enum Tools {
  /// Runs WABT's `wasm-validate --enable-threads` on `bytes` and returns its exit status and output.
  static func wasmValidate(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
    let tool = try #require(
      ["/usr/bin/wasm-validate", "/usr/local/bin/wasm-validate"].first {
        FileManager.default.isExecutableFile(atPath: $0)
      },
      "wasm-validate (WABT) is not installed")
    return try run(tool, ["--enable-threads"], on: bytes)
  }

  /// Runs `wasm-tools validate` (default features; with `customSections`, `--validate-custom`) on `bytes` and returns
  /// its exit status and output.
  static func wasmToolsValidate(_ bytes: [UInt8], customSections: Bool = false) throws -> (
    status: Int32, output: String
  ) {
    let path = ProcessInfo.processInfo.environment["PATH", default: "/usr/bin"].split(separator: ":")
    let tool = try #require(
      path.map { "\($0)/wasm-tools" }.first { FileManager.default.isExecutableFile(atPath: $0) },
      "wasm-tools is not installed")
    return try run(tool, ["validate"] + (customSections ? ["--validate-custom"] : []), on: bytes)
  }

  /// Runs `tool ARGUMENTS FILE` on a temporary file holding `bytes`; its exit status and its output and errors.
  private static func run(_ tool: String, _ arguments: [String], on bytes: [UInt8]) throws -> (
    status: Int32, output: String
  ) {
    let file = FileManager.default.temporaryDirectory.appending(path: "wasm-binary-\(UUID().uuidString).wasm")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments + [file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }
}
