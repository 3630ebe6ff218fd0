import Foundation
import Testing
import ThreadifyVerify

/// `examples/host/verify.mjs`, the JS `verify()`: on the same module it reaches the same verdicts as the Swift
/// verifier and reports the same JSON keys. Needs node 20 on PATH (a missing node fails the test).
@Suite("verify: the JS verify() agrees with the Swift one")
struct JSVerifyTests {
  /// The `node` executable on PATH, or a failure naming PATH.
  static func node() throws -> URL {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for folder in path.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appending(path: "node")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw JSFailure(description: "node is not on PATH (PATH=\(path)): the JS verify tests need node 20")
  }

  struct JSFailure: Error, CustomStringConvertible { let description: String }

  /// Runs verify.mjs on `bytes` with `--json`; returns its exit status and the parsed report.
  static func runJS(_ bytes: [UInt8], threads: Int = 3, rounds: Int = 4) throws -> (Int32, [String: Any]) {
    let file = FileManager.default.temporaryDirectory.appending(path: "verify-js-\(UUID().uuidString).wasm")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = try node()
    process.arguments = [
      VerifyFixtures.root.appending(path: "examples/host/verify.mjs").path, file.path, "--threads", String(threads),
      "--rounds", String(rounds), "--json",
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return (process.terminationStatus, object)
  }

  /// The checks a JSON report says failed.
  static func failed(_ object: [String: Any]) -> Set<String> {
    Set(
      ((object["verdicts"] as? [[String: Any]]) ?? []).filter { $0["passed"] as? Bool == false }.compactMap {
        $0["check"] as? String
      })
  }

  @Test("a good module, an unpatched one and every broken rule file: the same verdicts, the same keys")
  func sameVerdicts() throws {
    let seed = try VerifyFixtures.minimalTest()
    var modules = [("wasmgrind", try VerifyFixtures.patch(seed, bundled: "wasmgrind")), ("unpatched", seed)]
    for (file, _) in VerifyBrokenTests.broken { modules.append((file, try VerifyFixtures.patch(seed, broken: file))) }
    for (label, bytes) in modules {
      let swift = try VerifyFixtures.verify(bytes)
      let (status, js) = try Self.runJS(bytes)
      #expect(status == (swift.passed ? 0 : 1), "\(label)")
      #expect(js["passed"] as? Bool == swift.passed, "\(label)")
      #expect(Self.failed(js) == Set(VerifyFixtures.failed(swift).map(\.rawValue)), "\(label)")
      let swiftJSON = try #require(
        try JSONSerialization.jsonObject(with: Data(swift.json.utf8)) as? [String: Any])
      #expect(Set(js.keys) == Set(swiftJSON.keys), "\(label)")
      #expect((js["rows"] as? [Any])?.count == swift.rows.count, "\(label)")
      #expect((js["pages"] as? [Int]) == swift.pages, "\(label)")
    }
  }
}
