import Foundation

/// Locates the test inputs: the real binaries in Tests/Fixtures/real and any modules built under examples/build.
enum Fixtures {
  /// The Tests folder.
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

  /// The real toolchain binaries.
  static let real: [URL] = wasmFiles(in: testsFolder.appending(path: "Fixtures/real"), recursive: false)

  /// Modules built from the examples, when they have been built.
  static let examples: [URL] = wasmFiles(
    in: testsFolder.deletingLastPathComponent().appending(path: "examples/build"), recursive: true)

  /// Every fixture module, real ones first.
  static let all: [URL] = real + examples

  /// The bytes of a real fixture, by file name.
  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: testsFolder.appending(path: "Fixtures/real/\(name)")))
  }

  private static func wasmFiles(in folder: URL, recursive: Bool) -> [URL] {
    let manager = FileManager.default
    let paths: [String]
    if recursive {
      paths = (manager.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
    } else {
      paths = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
    }
    return paths.filter { $0.hasSuffix(".wasm") }.sorted().map { folder.appending(path: $0) }
  }
}
