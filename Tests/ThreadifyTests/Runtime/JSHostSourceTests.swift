import Foundation
import TestSupport
import Testing

/// The JS host reads everything ABI-specific from the module's marker: no toolchain or ABI symbol name may appear
/// in `examples/host/threadify-host.mjs` or `examples/host/threadlink.mjs` (threadlink knows only its own contract:
/// the `wasm_threadlink` imports and the `thread_start` export).
@Suite struct JSHostSourceTests {
  @Test(arguments: [
    "examples/host/threadify-host.mjs", "examples/host/marker.mjs", "examples/host/threadlink.mjs",
  ])
  func hostNamesNoToolchainSymbol(path: String) throws {
    let lines = try String(contentsOf: Repository.url(path), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count > 100)
    let hits = lines.enumerated().filter { _, line in
      ToolchainNames.all.contains(where: line.contains)
    }.map { "\(path):\($0.offset + 1): \($0.element)" }
    #expect(
      hits.isEmpty, "toolchain names in the JS host (they belong in the marker):\n\(hits.joined(separator: "\n"))")
  }
}
