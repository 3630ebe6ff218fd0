import Foundation
import Testing

/// The committed example modules are what `examples/build.sh` builds from `examples/c/` with this toolchain's
/// clang and wasm-ld: a stale build fails here.
@Suite struct ExampleBuildsAreCurrentTests {
  @Test func committedBuildsMatchARebuild() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [PatchFixtures.root.appendingPathComponent("examples/build.sh").path, "--check"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(
      process.terminationStatus == 0,
      "examples/build.sh --check exited \(process.terminationStatus) (1: stale, 3: other toolchain):\n\(text)")
  }
}
