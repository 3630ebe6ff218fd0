/// The implementation limits `wasm-tools validate` (wasmparser) enforces, which the WebAssembly JS API shares: a
/// module beyond one of them is rejected by engines, so the validator rejects it too.
enum ValidationLimits {
  static let types = 1_000_000
  static let functions = 1_000_000
  static let imports = 1_000_000
  static let exports = 1_000_000
  static let globals = 1_000_000
  static let tags = 1_000_000
  static let tables = 100
  static let memories = 100
  static let elementSegments = 100_000
  static let dataSegments = 100_000
  static let tableEntries = 10_000_000
  static let parameters = 1000
  static let results = 1000
  /// The longest name (import, export or custom section name), in bytes.
  static let nameBytes = 100_000
  /// The largest function body (locals and code), in bytes.
  static let functionBodyBytes = 7_654_321
  /// The most pages of a 32-bit memory (4 GiB) and of a 64-bit memory (2^64 bytes).
  static let memory32Pages: UInt64 = 1 << 16
  static let memory64Pages: UInt64 = 1 << 48

  /// Fails when `count` entries of a kind (`what`) exceed `limit`.
  static func check(_ count: Int, _ limit: Int, _ what: String, offset: Int) throws(ModuleError) {
    guard count <= limit else { throw ModuleError(offset: offset, "\(count) \(what): more than the limit of \(limit)") }
  }
}
