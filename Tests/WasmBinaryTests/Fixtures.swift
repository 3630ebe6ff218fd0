import TestSupport

/// The modules the reader tests read: the real binaries in Tests/Fixtures/real and the examples' builds.
enum Fixtures {
  /// The real toolchain binaries.
  static let real = Repository.wasmFiles(in: "Tests/Fixtures/real")

  /// The modules built from the examples.
  static let examples = Repository.wasmFiles(in: "examples/build", recursive: true)

  /// Every fixture module, real ones first.
  static let all = real + examples

  /// The bytes of a real fixture, by file name.
  static func bytes(_ name: String) throws -> [UInt8] {
    try Repository.bytes("Tests/Fixtures/real/\(name)")
  }
}
