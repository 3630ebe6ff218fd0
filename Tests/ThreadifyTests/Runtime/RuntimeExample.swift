import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules

/// The example modules of `examples/build/` the runtime tests run, and how to patch them.
///
/// Each example is one shipped rule set (its allocator ABI is compiled into the module) and one link flavour. The
/// facts below are those of `examples/README.md` ("Facts the tests can rely on").
struct RuntimeExample: Sendable, CustomTestStringConvertible {
  enum Flavour: String, Sendable, CaseIterable {
    /// `--stack-first -z stack-size=1048576`: 1 MiB stack at 0, data after it.
    case rustcLike = "rustc-like"
    /// lld's default layout: data at 1024, then a 64 KiB stack, then the heap.
    case clangDefault = "clang-default"
  }

  /// A bundled rule set name: `wasmgrind`, `wasm-bindgen` or `c-aligned-alloc`.
  let ruleSet: String
  let flavour: Flavour

  static let ruleSets = ["wasmgrind", "wasm-bindgen", "c-aligned-alloc"]
  static let all: [RuntimeExample] = ruleSets.flatMap { rules in
    Flavour.allCases.map { RuntimeExample(ruleSet: rules, flavour: $0) }
  }
  /// The rustc-like example of every rule set (where the long spawn/destroy runs go).
  static let rustcLike: [RuntimeExample] = ruleSets.map { RuntimeExample(ruleSet: $0, flavour: .rustcLike) }
  static let clangDefault: [RuntimeExample] = ruleSets.map { RuntimeExample(ruleSet: $0, flavour: .clangDefault) }

  var testDescription: String { "\(ruleSet) / \(flavour.rawValue)" }

  /// `examples/build/demo-ABI-FLAVOUR.wasm` (the C allocator ABI's builds are named `demo-c-*`).
  var relativePath: String {
    "examples/build/demo-\(ruleSet == "c-aligned-alloc" ? "c" : ruleSet)-\(flavour.rawValue).wasm"
  }

  /// The exported thread initialisation routine (`__wbindgen_start(stack_size)`), or nil when it is the start
  /// function (wasmgrind).
  var startExport: String? { ruleSet == "wasm-bindgen" ? "__wbindgen_start" : nil }

  /// The injected destroy routine `(tls_base, stack_alloc, stack_size)`.
  var destroyExport: String {
    switch ruleSet {
    case "wasm-bindgen": "__wbindgen_thread_destroy"
    case "c-aligned-alloc": "wasm_threadify_thread_destroy"
    default: "__wasmgrind_thread_destroy"
    }
  }

  /// Where the linker put the static `.tdata` block, which the first instance keeps (`reuse_static_tls`).
  var staticTLSAddress: UInt32 { flavour == .rustcLike ? 1_048_576 : 1024 }

  /// The linker's `__stack_pointer`: the top of the static stack the first instance keeps.
  var staticStackTop: UInt32 { flavour == .rustcLike ? 1_048_576 : 66816 }

  /// `__tls_size` and `__tls_align` of every threaded example build.
  static let tlsSize: UInt32 = 84
  static let tlsAlign: UInt32 = 64

  /// `data_marker()` after `program_init()`.
  static let dataMarkerAfterInit: UInt32 = 0xD0E5_0002

  /// The module as built (no patch).
  func unpatchedBytes() throws -> [UInt8] { try Repository.bytes(relativePath) }

  /// The module patched in-process with its rule set's defaults.
  func patchedBytes() throws -> [UInt8] {
    try PatchFixtures.patch(try unpatchedBytes(), rules: ruleSet)
  }

  /// The heap stack size every instance but the first gets: the rule set's `stack_size` default.
  func stackSize() throws -> UInt32 {
    let values = try BundledRules.load(ruleSet).paramValues(overrides: [:])
    return UInt32(try #require(values["stack_size"]))
  }
}
