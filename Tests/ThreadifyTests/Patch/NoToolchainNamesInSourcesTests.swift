import Foundation
import Testing

/// All toolchain knowledge lives in rules/*.yaml: no toolchain symbol name may appear in Sources/.
@Suite struct NoToolchainNamesInSourcesTests {
  static let toolchainNames = [
    "__tls_base", "__tls_size", "__tls_align", "__wasm_init_tls", "__wasm_init_memory", "__stack_pointer",
    "__wbindgen_", "__wasmgrind_", "__heap_base", "__data_end", "aligned_alloc", "wasi_thread_start",
    "thread-spawn", "_emscripten", "__wasm_set_tls_base",
  ]

  @Test func sourcesNameNoToolchainSymbol() throws {
    let sources = PatchFixtures.root.appendingPathComponent("Sources")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    #expect(files.count > 20)
    var hits: [String] = []
    for file in files {
      let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      for (number, line) in lines.enumerated() where Self.toolchainNames.contains(where: line.contains) {
        hits.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(hits.isEmpty, "toolchain names in Sources/ (move them to rules/):\n\(hits.joined(separator: "\n"))")
  }
}
