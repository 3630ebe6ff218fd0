import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// Every fixture module is patched with every bundled rule set and every param at its bounds. What each combination
/// must do is written down in ``expected``: patched, or refused with a given reason; nothing is skipped silently. Each
/// output must read back and pass `wasm-validate --enable-threads` (WABT) and `wasm-tools validate` (Bytecode
/// Alliance); both tools are required. Every input is patched with `--validate full` (every body validated).
@Suite struct PatchedOutputValidationTests {
  /// What a module does with a rule set, whatever the params.
  enum Outcome: Equatable, CustomStringConvertible {
    case patched
    /// Refused, with an error whose description contains this text.
    case refused(String)

    var description: String {
      switch self {
      case .patched: "patched"
      case .refused(let reason): "refused: \(reason)"
      }
    }
  }

  static let wasiThreads = Outcome.refused("refused (wasi-threads)")
  static let alreadyPatched = Outcome.refused("refused (already-patched)")
  static let base = Outcome.refused("is a base (`base: true`)")
  static let unshared = Outcome.refused("memory 0 is not shared")
  static let defined = Outcome.refused("memory 0 is defined by the module")
  static let noMaxMemory = Outcome.refused("reserved page(s) do not fit")
  static func missing(_ symbol: String) -> Outcome { .refused("symbol `\(symbol)`: not found") }

  static let thirtyTwoBit = Outcome.refused("memory 0 is 32-bit; i64 required")

  /// Module → rule set → outcome, for every fixture module and every bundled rule set: ``thirtyTwoBitRules`` and
  /// what the 64-bit sets do with these (all wasm32) modules: the refusals they share come first, then the address.
  static let expected: [String: [String: Outcome]] = thirtyTwoBitRules.mapValues { row in
    let refusal = [wasiThreads, alreadyPatched].first { row["wasmgrind"] == $0 }
    return row.merging(
      ["llvm-threads64": base, "wasmgrind64": refusal ?? thirtyTwoBit, "c-aligned-alloc64": refusal ?? thirtyTwoBit]
    ) { old, _ in old }
  }

  /// Module → 32-bit rule set → outcome.
  static let thirtyTwoBitRules: [String: [String: Outcome]] = [
    "minimal_test.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": .patched, "wasm-bindgen": missing("malloc"),
      "c-aligned-alloc": missing("malloc"),
    ],
    "minimal_test_tracing.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": .patched, "wasm-bindgen": missing("malloc"),
      "c-aligned-alloc": missing("malloc"),
    ],
    "rayon_test_bg.wasm": [
      "wasmgrind-entry": alreadyPatched, "wasi-threads-entry": alreadyPatched,
      "llvm-threads": base, "wasmgrind": alreadyPatched, "wasm-bindgen": alreadyPatched,
      "c-aligned-alloc": alreadyPatched,
    ],
    "wasi_threads_echo.wasm": [
      "wasmgrind-entry": wasiThreads, "wasi-threads-entry": wasiThreads,
      "llvm-threads": base, "wasmgrind": wasiThreads, "wasm-bindgen": wasiThreads, "c-aligned-alloc": wasiThreads,
    ],
    "demo-c-clang-default.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": missing("malloc"), "wasm-bindgen": missing("malloc"),
      "c-aligned-alloc": .patched,
    ],
    "demo-c-rustc-like.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": missing("malloc"), "wasm-bindgen": missing("malloc"),
      "c-aligned-alloc": .patched,
    ],
    "demo-wasm-bindgen-clang-default.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": missing("malloc"), "wasm-bindgen": .patched,
      "c-aligned-alloc": missing("malloc"),
    ],
    "demo-wasm-bindgen-rustc-like.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": missing("malloc"), "wasm-bindgen": .patched,
      "c-aligned-alloc": missing("malloc"),
    ],
    "demo-wasmgrind-clang-default.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": .patched, "wasm-bindgen": missing("malloc"),
      "c-aligned-alloc": missing("malloc"),
    ],
    "demo-wasmgrind-defined-memory.wasm": [
      "wasmgrind-entry": defined, "wasi-threads-entry": defined,
      "llvm-threads": base, "wasmgrind": defined, "wasm-bindgen": defined, "c-aligned-alloc": defined,
    ],
    "demo-wasmgrind-no-max-memory.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": noMaxMemory, "wasm-bindgen": missing("malloc"),
      "c-aligned-alloc": missing("malloc"),
    ],
    "demo-wasmgrind-no-tls-exports.wasm": [
      "wasmgrind-entry": missing("tls_size"), "wasi-threads-entry": missing("tls_size"),
      "llvm-threads": base, "wasmgrind": missing("tls_size"), "wasm-bindgen": missing("tls_size"),
      "c-aligned-alloc": missing("tls_size"),
    ],
    "demo-wasmgrind-rustc-like.wasm": [
      "wasmgrind-entry": missing("thread_start"), "wasi-threads-entry": missing("spawn_import"),
      "llvm-threads": base, "wasmgrind": .patched, "wasm-bindgen": missing("malloc"),
      "c-aligned-alloc": missing("malloc"),
    ],
    "demo-wasmgrind-unshared.wasm": [
      "wasmgrind-entry": unshared, "wasi-threads-entry": unshared,
      "llvm-threads": base, "wasmgrind": unshared, "wasm-bindgen": unshared, "c-aligned-alloc": unshared,
    ],
  ]

  @Test func everyModuleAndRuleSetHasAnExpectation() {
    #expect(Set(Self.expected.keys) == Set(CLIPaths.allModules.map(\.lastPathComponent)))
    for (module, outcomes) in Self.expected {
      #expect(Set(outcomes.keys) == Set(BundledRules.names), "\(module)")
    }
  }

  @Test(arguments: CLIPaths.allModules) func everyCombinationDoesWhatItMust(_ module: URL) throws {
    let bytes = Array(try Data(contentsOf: module))
    let outcomes = try #require(Self.expected[module.lastPathComponent], "no expectations for \(module)")
    for name in BundledRules.names {
      let rules = try BundledRules.load(name)
      let expected = try #require(outcomes[name], "no expectation for \(module.lastPathComponent) --rules \(name)")
      for params in Self.paramVariants(of: rules) {
        let label = "\(module.lastPathComponent) --rules \(name) \(params)"
        let output: [UInt8]
        do {
          output = try Threadifier.patch(bytes, rules: rules, params: params, validation: .full)
        } catch {
          guard case .refused(let reason) = expected, error.description.contains(reason) else {
            Issue.record("\(label): expected \(expected), got: \(error)")
            continue
          }
          continue
        }
        guard expected == .patched else {
          Issue.record("\(label): expected \(expected), but it was patched")
          continue
        }
        let reread: WasmModule
        do {
          reread = try WasmModule(bytes: output)
        } catch {
          Issue.record("\(label): the output does not read back: \(error)")
          continue
        }
        #expect(reread.customSections.contains { $0.name == "wasm-threadify" }, "\(label)")
        let wabt = try Validators.wabt(output)
        #expect(wabt.status == 0, "\(label): wasm-validate: \(wabt.output)")
        let tools = try Validators.wasmTools(output)
        #expect(tools.status == 0, "\(label): wasm-tools validate: \(tools.output)")
      }
    }
  }

  /// The defaults, then each param at its min and at its max (the others at their defaults).
  static func paramVariants(of rules: RuleSet) -> [[String: Int64]] {
    var variants: [[String: Int64]] = [[:]]
    for param in rules.params {
      for bound in [param.min, param.max].compactMap({ $0 }) where bound != param.defaultValue {
        variants.append([param.name: bound])
      }
    }
    return variants
  }
}
