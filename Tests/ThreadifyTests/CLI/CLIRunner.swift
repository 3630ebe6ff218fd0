import Foundation
import TestSupport
import Testing

/// Paths the command-line tests use: the built `wasm-threadify` and the fixture modules.
enum CLIPaths {
  /// The executable built beside the test bundle (`swift build --build-tests` builds it: it is a product of the
  /// package). `WASM_THREADIFY` overrides the search.
  static let executable: URL? = {
    if let path = ProcessInfo.processInfo.environment["WASM_THREADIFY"] { return URL(fileURLWithPath: path) }
    var folders = Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map {
      $0.bundleURL.deletingLastPathComponent()
    }
    if let main = Bundle.main.executableURL { folders.append(main.deletingLastPathComponent()) }
    folders.append(Repository.root.appending(path: ".build/debug"))
    return folders.map { $0.appending(path: "wasm-threadify") }.first {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }
  }()

  /// A real toolchain binary in Tests/Fixtures/real.
  static func real(_ name: String) -> URL { Repository.url("Tests/Fixtures/real/\(name)") }

  /// A module built from the C examples in examples/build.
  static func example(_ name: String) -> URL { Repository.url("examples/build/\(name)") }

  /// Every fixture module: the real ones, then the examples.
  static var allModules: [URL] {
    Repository.wasmFiles(in: "Tests/Fixtures/real") + Repository.wasmFiles(in: "examples/build")
  }
}

/// What one run of the command line did.
struct CLIResult: CustomStringConvertible {
  let status: Int32
  let standardOutput: [UInt8]
  let standardError: String

  var output: String { String(decoding: standardOutput, as: UTF8.self) }

  var description: String { "exit status \(status); stderr: \(standardError)" }
}

extension ScratchFolder {
  /// A file's bytes, modification time and inode, to show it was left alone (or replaced by a rename).
  func snapshot(_ name: String) throws -> CLIFileSnapshot {
    let attributes = try FileManager.default.attributesOfItem(atPath: path(name))
    return CLIFileSnapshot(
      bytes: try bytes(name), modified: attributes[.modificationDate] as? Date,
      inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value,
      permissions: (attributes[.posixPermissions] as? NSNumber)?.intValue)
  }

  /// Moves a file's modification time into the past, so that any write to it would show.
  func age(_ name: String) throws {
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)], ofItemAtPath: path(name))
  }

  /// Runs `wasm-threadify` (or `program`) with `arguments` in the folder, feeding `input` on standard input.
  func run(_ arguments: [String], input: [UInt8]? = nil, program: URL? = nil) throws -> CLIResult {
    let executable =
      try program
      ?? #require(
        CLIPaths.executable, "wasm-threadify is not built next to the tests (run `swift build --build-tests`)")
    let result = try BoundedProcess.run(executable, arguments, in: folder, input: input ?? [])
    return CLIResult(status: result.status, standardOutput: result.stdout, standardError: result.stderr)
  }
}

/// A file's state at one moment.
struct CLIFileSnapshot: Equatable {
  let bytes: [UInt8]
  let modified: Date?
  let inode: UInt64?
  let permissions: Int?
}
