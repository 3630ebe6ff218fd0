import Foundation
import Testing

/// Paths the command-line tests use: the built `wasm-threadify` and the fixture modules.
enum CLIPaths {
  /// The package's root folder.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The executable built beside the test bundle (`swift build --build-tests` builds it: it is a product of the
  /// package). `WASM_THREADIFY` overrides the search.
  static let executable: URL? = {
    if let path = ProcessInfo.processInfo.environment["WASM_THREADIFY"] { return URL(fileURLWithPath: path) }
    var folders = Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map {
      $0.bundleURL.deletingLastPathComponent()
    }
    if let main = Bundle.main.executableURL { folders.append(main.deletingLastPathComponent()) }
    folders.append(packageRoot.appending(path: ".build/debug"))
    return folders.map { $0.appending(path: "wasm-threadify") }.first {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }
  }()

  /// A real toolchain binary in Tests/Fixtures/real.
  static func real(_ name: String) -> URL { packageRoot.appending(path: "Tests/Fixtures/real/\(name)") }

  /// A module built from the C examples in examples/build.
  static func example(_ name: String) -> URL { packageRoot.appending(path: "examples/build/\(name)") }

  /// Every fixture module: the real ones, then the examples.
  static var allModules: [URL] {
    ["Tests/Fixtures/real", "examples/build"].flatMap { folder in
      let url = packageRoot.appending(path: folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      return names.filter { $0.hasSuffix(".wasm") }.sorted().map { url.appending(path: $0) }
    }
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

/// A scratch folder for one test, removed by ``remove()``. Runs the tool with the folder as its working directory.
struct CLIScratch {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appending(path: "wasm-threadify-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func remove() {
    // Make every folder writable again (a test may have locked one), so that the folder can be deleted. Only real
    // folders are touched: `chmod` follows symbolic links, and a test's link (e.g. to `/dev/null`) must never change
    // anything outside the scratch folder.
    Self.unlockFolders(in: folder.path)
    try? FileManager.default.removeItem(at: folder)
  }

  func url(_ name: String) -> URL { folder.appending(path: name) }

  /// Makes `folder` and every folder under it writable, descending only into real folders, never through a link.
  private static func unlockFolders(in folder: String) {
    var info = stat()
    guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
    chmod(folder, 0o755)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      unlockFolders(in: folder + "/" + name)
    }
  }

  func path(_ name: String) -> String { url(name).path }

  /// Copies a fixture into the folder (writable, whatever the fixture's mode) and returns its name.
  @discardableResult
  func copy(_ source: URL, as name: String? = nil) throws -> String {
    let name = name ?? source.lastPathComponent
    try Data(contentsOf: source).write(to: url(name))
    return name
  }

  func write(_ bytes: [UInt8], to name: String) throws {
    try Data(bytes).write(to: url(name))
  }

  func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: url(name)))
  }

  func exists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: path(name))
  }

  /// Every entry of the folder, hidden ones (temporary files) included.
  func listing(_ subfolder: String = "") throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: subfolder.isEmpty ? folder.path : path(subfolder)))
  }

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
    let id = UUID().uuidString
    let stdinFile = FileManager.default.temporaryDirectory.appending(path: "cli-in-\(id)")
    let stdoutFile = FileManager.default.temporaryDirectory.appending(path: "cli-out-\(id)")
    let stderrFile = FileManager.default.temporaryDirectory.appending(path: "cli-err-\(id)")
    defer {
      for file in [stdinFile, stdoutFile, stderrFile] { try? FileManager.default.removeItem(at: file) }
    }
    try Data(input ?? []).write(to: stdinFile)
    for file in [stdoutFile, stderrFile] { try Data().write(to: file) }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let handles = try [stdinFile, stdoutFile, stderrFile].enumerated().map { index, file in
      index == 0 ? try FileHandle(forReadingFrom: file) : try FileHandle(forWritingTo: file)
    }
    defer { for handle in handles { try? handle.close() } }
    process.standardInput = handles[0]
    process.standardOutput = handles[1]
    process.standardError = handles[2]
    try process.run()
    process.waitUntilExit()
    return CLIResult(
      status: process.terminationStatus, standardOutput: Array(try Data(contentsOf: stdoutFile)),
      standardError: String(decoding: try Data(contentsOf: stderrFile), as: UTF8.self))
  }
}

/// A file's state at one moment.
struct CLIFileSnapshot: Equatable {
  let bytes: [UInt8]
  let modified: Date?
  let inode: UInt64?
  let permissions: Int?
}

struct CLITestError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
