import Foundation

/// Runs an outside program (a validator, a build script) and collects its exit status and combined output.
enum ExternalTool {
  static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }

  /// Runs `executable` with `arguments` followed by the path of a temporary file holding `module`.
  static func run(_ executable: URL, _ arguments: [String], onModule module: [UInt8]) throws -> (
    status: Int32, output: String
  ) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("threadify-\(UUID().uuidString).wasm")
    try Data(module).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try run(executable, arguments + [file.path])
  }
}
