import Foundation
import Testing

/// Runs the WebAssembly command-line tools the tests use to check outputs.
enum Tools {
  /// Runs WABT's `wasm-validate --enable-threads` on `bytes` and returns its exit status and output. Fails the test
  /// (rather than skipping) when the tool is not installed: CI installs WABT.
  static func wasmValidate(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
    let tool = try #require(
      ["/usr/bin/wasm-validate", "/usr/local/bin/wasm-validate"].first {
        FileManager.default.isExecutableFile(atPath: $0)
      },
      "wasm-validate (WABT) is not installed")
    let file = FileManager.default.temporaryDirectory.appending(path: "wasm-binary-\(UUID().uuidString).wasm")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["--enable-threads", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }

  /// Runs `wasm-tools validate` (default features; with `customSections`, `--validate-custom`) on `bytes` and returns
  /// its exit status and output. Fails the test when the tool is not installed (`.ci/run` installs it).
  static func wasmToolsValidate(_ bytes: [UInt8], customSections: Bool = false) throws -> (
    status: Int32, output: String
  ) {
    let path = ProcessInfo.processInfo.environment["PATH", default: "/usr/bin"].split(separator: ":")
    let tool = try #require(
      path.map { "\($0)/wasm-tools" }.first { FileManager.default.isExecutableFile(atPath: $0) },
      "wasm-tools is not installed")
    let file = FileManager.default.temporaryDirectory.appending(path: "wasm-binary-\(UUID().uuidString).wasm")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["validate"] + (customSections ? ["--validate-custom"] : []) + [file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }
}
