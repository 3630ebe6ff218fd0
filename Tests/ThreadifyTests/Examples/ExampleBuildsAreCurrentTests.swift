import Foundation
import TestSupport
import Testing

/// The committed example modules are what `examples/build.sh` builds from `examples/c/` with this toolchain's
/// clang and wasm-ld: a stale build fails here.
@Suite struct ExampleBuildsAreCurrentTests {
  @Test func committedBuildsMatchARebuild() throws {
    let check = try OutsideTool.bash.run([Repository.url("examples/build.sh").path, "--check"])
    #expect(
      check.status == 0,
      "examples/build.sh --check exited \(check.status) (1: stale, 3: other toolchain):\n\(check.output)")
  }
}
