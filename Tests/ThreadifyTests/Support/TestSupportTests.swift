import Foundation
import TestSupport
import Testing

/// The test support library does what the tests rely on: processes end by their timeout, a missing tool fails by
/// name, bytes are encoded as the specification says.
@Suite struct TestSupportTests {
  @Test func aProcessPastItsTimeoutIsKilled() throws {
    let clock = Stopwatch()
    let result = try BoundedProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "sleep 30"], timeout: 0.5)
    #expect(result.timedOut && result.signalled && result.status == SIGKILL, "\(result)")
    #expect(clock.seconds < 10)
  }

  /// The control: a process that ends in time is not reported as killed, and its status, output and input arrive.
  @Test func aProcessThatEndsInTimeReportsWhatItDid() async throws {
    let result = try await BoundedProcess.run(
      URL(fileURLWithPath: "/bin/sh"), ["-c", "cat; printf err >&2; exit 3"], input: [0, 1, 2, 0xFF], timeout: 60)
    #expect(!result.timedOut && !result.signalled && result.status == 3, "\(result)")
    #expect(result.stdout == [0, 1, 2, 0xFF] && result.stderr == "err")
  }

  @Test func aMissingToolFailsNamingWhatToInstall() {
    let tool = OutsideTool("wasm-threadify-no-such-tool", install: "apt-get install no-such-package")
    let thrown = #expect(throws: TestFailure.self) { try tool.url() }
    #expect(thrown?.description.hasPrefix("wasm-threadify-no-such-tool is not installed (apt-get install") == true)
    #expect(throws: Never.self) { try OutsideTool("sh", install: "a POSIX shell").url() }
  }

  @Test func leb128IsTheSpecificationsEncoding() {
    #expect(TestBytes.leb128(0) == [0x00])
    #expect(TestBytes.leb128(127) == [0x7F])
    #expect(TestBytes.leb128(128) == [0x80, 0x01])
    #expect(TestBytes.leb128(624_485) == [0xE5, 0x8E, 0x26])
    #expect(TestBytes.customSection("a", [9]) == [0x00, 0x03, 0x01, 0x61, 0x09])
  }

  @Test func theRepositoryRootHoldsThePackage() {
    #expect(FileManager.default.fileExists(atPath: Repository.url("Package.swift").path))
    #expect(FileManager.default.fileExists(atPath: Repository.rules.appending(path: "wasmgrind.yaml").path))
  }
}
