import Testing
import ThreadifyVerify

/// `verify` passes on a module of every bundled rule set that a host can run from its marker alone, with and
/// without its opt-in params, on the seed's module and on every module of the toolchain matrix.
@Suite("verify: correctly patched modules pass")
struct VerifyPassesTests {
  /// The param settings every rule set is verified with: the defaults, the guarded stack, no static TLS reuse.
  static let settings: [[String: Int64]] = [[:], ["stack_guard": 1], ["reuse_static_tls": 0]]

  @Test("minimal_test.wasm patched with wasmgrind passes every check", arguments: settings)
  func seedModule(params: [String: Int64]) throws {
    let patched = try VerifyFixtures.patch(VerifyFixtures.minimalTest(), bundled: "wasmgrind", params: params)
    let report = try VerifyFixtures.verify(patched)
    #expect(report.passed, "\(report.table)")
    #expect(report.rows.count == 1 + 2 * 3, "the first instance and the first and last rounds' threads")
    #expect(report.pages.count == 1 + 4)
    // reuse_static_tls (the default) keeps the static .tdata block for the first instance; 0 allocates one.
    #expect(report.firstKeepsStaticTLS == (params["reuse_static_tls"] != 0))
  }

  @Test("every matrix module passes with its rule set", arguments: try VerifyFixtures.matrix().map(\.file))
  func matrixModule(file: String) throws {
    let rules = try #require(try VerifyFixtures.matrix().first { $0.file == file }).rules
    let module = try VerifyFixtures.bytes("examples/matrix/build/\(file)")
    for params in Self.settings {
      let report = try VerifyFixtures.verify(try VerifyFixtures.patch(module, bundled: rules, params: params))
      #expect(report.passed, "\(file) \(rules) \(params):\n\(report.table)")
    }
  }

  @Test("the stack size a start takes is the one checked: wasm-bindgen with 64 KiB stacks")
  func requestedStackSize() throws {
    let module = try VerifyFixtures.bytes("examples/matrix/build/demo-wasm-bindgen-llvm19.wasm")
    var options = VerifyOptions()
    options.stackSize = 65536
    let report = try Verifier.verify(
      bytes: try VerifyFixtures.patch(module, bundled: "wasm-bindgen"), name: "b.wasm", options: options)
    #expect(report.passed, "\(report.table)")
    #expect(report.stackSize == 65536)
  }

  @Test("JSON report: every check named with its verdict, the rows and the pages")
  func json() throws {
    let report = try VerifyFixtures.verify(
      try VerifyFixtures.patch(VerifyFixtures.minimalTest(), bundled: "wasmgrind"), threads: 2, rounds: 2)
    let text = report.json
    for check in VerifyCheck.allCases { #expect(text.contains("\"check\":\"\(check.rawValue)\"")) }
    #expect(text.contains("\"passed\":true"))
    #expect(report.table.hasPrefix("thread | stack top  | TLS base   | checks"))
  }
}
