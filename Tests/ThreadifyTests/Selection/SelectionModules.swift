import Foundation
import TestSupport
import Testing

/// One module of each bundled ABI, and the shapes automatic selection must not decide alone: what binds to each.
struct SelectionCase: Sendable, CustomTestStringConvertible {
  /// A path under the repository root, or `wat:NAME` for `Tests/Fixtures/wat/NAME.wat`.
  let module: String
  /// The bundled rule sets that bind, in name order.
  let binding: [String]
  /// `inspect`'s verdict flavour.
  let flavour: String
  /// The rule set `patch` without `--rules` uses; `nil` when it fails.
  let chosen: String?

  var testDescription: String { module }

  /// The module's bytes.
  func bytes() throws -> [UInt8] {
    module.hasPrefix("wat:")
      ? try PatchFixtures.wat(String(module.dropFirst("wat:".count))) : try Repository.bytes(module)
  }

  static let all: [SelectionCase] = [
    // The seed crate's ABI (rustc): the README's first command.
    .init(
      module: "Tests/Fixtures/real/minimal_test.wasm", binding: ["wasmgrind"], flavour: "ready", chosen: "wasmgrind"),
    .init(
      module: "examples/build/demo-wasm-bindgen-clang-default.wasm", binding: ["wasm-bindgen"], flavour: "ready",
      chosen: "wasm-bindgen"),
    .init(
      module: "examples/build/demo-c-clang-default.wasm", binding: ["c-aligned-alloc"], flavour: "ready",
      chosen: "c-aligned-alloc"),
    // Built for the instance-entry ABI, with the wasmgrind allocator too: wasmgrind-entry binds but is used only
    // when named, so the automatic choice is wasmgrind.
    .init(
      module: "Tests/Fixtures/entry/demo-wasmgrind-entry.wasm", binding: ["wasmgrind", "wasmgrind-entry"],
      flavour: "ready", chosen: "wasmgrind"),
    .init(module: "wat:wasm-bindgen-shape", binding: ["wasm-bindgen"], flavour: "ready", chosen: "wasm-bindgen"),
    .init(
      module: "wat:selection/two-allocators", binding: ["c-aligned-alloc", "wasm-bindgen"], flavour: "ambiguous",
      chosen: nil),
    .init(module: "wat:selection/entry-only", binding: ["wasmgrind-entry"], flavour: "by-name-only", chosen: nil),
    .init(module: "wat:selection/no-allocator", binding: [], flavour: "no-rule-set", chosen: nil),
    .init(module: "Tests/Fixtures/real/wasi_threads_echo.wasm", binding: [], flavour: "wasi-threads", chosen: nil),
  ]
}
