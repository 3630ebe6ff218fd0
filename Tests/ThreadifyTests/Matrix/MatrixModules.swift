import Foundation
import TestSupport
import Testing

/// The toolchain matrix of `examples/matrix/build/`: the threaded C demo built by several clang/wasm-ld versions and
/// by `zig cc`, once per allocator ABI. What the build recorded for each module is in `MODULES.tsv`
/// (see examples/matrix/README.md); these tests take the module list from there.
struct MatrixModule: Sendable, CustomTestStringConvertible {
  /// `demo-ABI-TOOLCHAIN.wasm`.
  let fileName: String
  /// `wasmgrind`, `wasm-bindgen` or `c`: the allocator exports compiled in.
  let abi: String
  /// `llvm13` … `llvm19`, `zigcc`.
  let toolchain: String
  let tlsSize: UInt32
  let tlsAlign: UInt32
  /// Whether `__wasm_init_memory` sets `__tls_base` (LLVM ≥ 15): the initialising instance then keeps the static
  /// `.tdata` block (`reuse_static_tls`); with LLVM 13/14 every instance allocates its TLS block.
  let initMemorySetsTLSBase: Bool
  /// The linker's `__stack_pointer`: the top of the static stack (also where the static `.tdata` block starts, in
  /// this stack-first layout).
  let stackPointer: UInt32
  let heapBase: UInt32

  var testDescription: String { fileName }

  var relativePath: String { "examples/matrix/build/\(fileName)" }

  func bytes() throws -> [UInt8] { try Repository.bytes(relativePath) }

  /// The static `.tdata` block: right after the 1 MiB stack (`--stack-first -z stack-size=1048576`).
  var staticTLSAddress: UInt32 { stackPointer }

  /// The one shipped rule set whose allocator ABI this module exports.
  var ruleSet: String {
    switch abi {
    case "c": "c-aligned-alloc"
    default: abi
    }
  }

  /// Every module of the matrix, from `MODULES.tsv`. A missing or malformed file is a test failure.
  static func all() throws -> [MatrixModule] {
    let text = try String(contentsOf: Repository.url("examples/matrix/build/MODULES.tsv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = lines.removeFirst()
    guard header == "module\ttls_size\ttls_align\tinit_memory_sets_tls_base\tstack_pointer\theap_base" else {
      throw TestFailure("MODULES.tsv: unexpected header \(header)")
    }
    return try lines.map { line in
      let f = line.split(separator: "\t").map(String.init)
      guard f.count == 6, let size = UInt32(f[1]), let align = UInt32(f[2]), f[3] == "yes" || f[3] == "no",
        let sp = UInt32(f[4]), let heap = UInt32(f[5])
      else { throw TestFailure("MODULES.tsv: malformed line \(line)") }
      let stem = f[0].dropFirst("demo-".count).dropLast(".wasm".count)
      guard f[0].hasPrefix("demo-"), let dash = stem.lastIndex(of: "-") else {
        throw TestFailure("MODULES.tsv: unexpected module name \(f[0])")
      }
      return MatrixModule(
        fileName: f[0], abi: String(stem[..<dash]), toolchain: String(stem[stem.index(after: dash)...]),
        tlsSize: size, tlsAlign: align, initMemorySetsTLSBase: f[3] == "yes", stackPointer: sp, heapBase: heap)
    }
  }

  /// For `@Test(arguments:)`; empty when `MODULES.tsv` cannot be read, which `MatrixPatchTests.theMatrixIsComplete`
  /// reports as a failure.
  static let arguments: [MatrixModule] = (try? all()) ?? []
}

/// The shipped rule sets the matrix is patched with, and the allocator each one looks for. A bundled rule set that
/// is not listed here makes ``MatrixPatchTests`` fail: each needs a stated expectation.
enum MatrixRuleSets {
  /// Rule set → the allocator ABI (`MatrixModule.abi`) it patches, and the export its `malloc` lookup names.
  static let abis: [String: (abi: String, mallocExport: String)] = [
    "wasmgrind": ("wasmgrind", "__wasmgrind_malloc"),
    "wasm-bindgen": ("wasm-bindgen", "__wbindgen_malloc"),
    "c-aligned-alloc": ("c", "aligned_alloc"),
  ]
  /// Bundled rule sets that call no allocator (the host allocates stacks and TLS, as in issue 12's instance-entry
  /// convention): they must patch every matrix module, whatever its ABI. None is shipped yet.
  static let allocatorFree: Set<String> = []
  /// Bundled rule sets that need an export of the program no matrix module has, so every matrix module is refused
  /// naming the symbol and that export: `wasmgrind-entry` (issue 12's instance entry) calls the program's own
  /// `__wasmgrind_thread_start`; its runtime tests use `Tests/Fixtures/entry`. `wasi-threads-entry` serves the program's import
  /// `wasi.thread-spawn`; its runtime tests use `Tests/Fixtures/spawn`.
  static let needsProgramExport: [String: (symbol: String, export: String)] = [
    "wasmgrind-entry": ("thread_start", "__wasmgrind_thread_start"),
    "wasi-threads-entry": ("spawn_import", "wasi.thread-spawn"),
  ]
  /// Bundled rule sets for memory64 modules: every (wasm32) matrix module is refused for its 32-bit memory. Their
  /// own tests use `Tests/Fixtures/wasm64` (`Wasm64PatchTests`).
  static let sixtyFourBit: Set<String> = ["wasmgrind64", "c-aligned-alloc64"]
  /// Bundled rule sets that are not complete on their own (the conventions bases).
  static let bases: Set<String> = ["llvm-threads", "llvm-threads64"]
}
