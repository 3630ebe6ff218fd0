import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules

/// Every matrix module is patched with every shipped rule set whose allocator ABI it exports, with the defaults and
/// with each param at its bounds, and the output passes both validators; every other shipped rule set refuses it,
/// naming the allocator export it looked for.
@Suite("Toolchain matrix: patch with every shipped rule set")
struct MatrixPatchTests {
  /// The matrix is what examples/matrix/README.md says: 5 LLVM versions and zig cc, 3 ABIs each, every file there.
  @Test func theMatrixIsComplete() throws {
    let modules = try MatrixModule.all()
    #expect(Set(modules.map(\.toolchain)) == ["llvm13", "llvm14", "llvm15", "llvm16", "llvm19", "zigcc"])
    #expect(Set(modules.map(\.abi)) == ["wasmgrind", "wasm-bindgen", "c"])
    #expect(modules.count == 18)
    for module in modules {
      #expect(
        FileManager.default.fileExists(atPath: Repository.url(module.relativePath).path), "\(module.fileName)")
      // The facts the build recorded (every build of the demo has the same TLS block).
      #expect(module.tlsSize == 84 && module.tlsAlign == 64, "\(module.fileName)")
      let llvm = Int(module.toolchain.dropFirst("llvm".count))
      #expect(
        module.initMemorySetsTLSBase == (llvm.map { $0 >= 15 } ?? true),
        "\(module.fileName): __wasm_init_memory sets __tls_base from LLVM 15 on (zig cc: LLVM 22)")
    }
    #expect(MatrixModule.arguments.count == modules.count)
  }

  /// The committed modules are the ones the build recorded: `build/SHA256SUMS` lists exactly the modules of
  /// `MODULES.tsv`, with their current checksums (`sha256sum`). Rebuilding needs all the toolchains, so CI checks
  /// this instead of `build.sh --check`.
  @Test func committedChecksumsMatch() throws {
    let folder = Repository.url("examples/matrix/build")
    let sums = try String(contentsOf: folder.appending(path: "SHA256SUMS"), encoding: .utf8)
    var recorded: [String: String] = [:]
    for line in sums.split(separator: "\n") {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      #expect(parts.count == 2, "SHA256SUMS line \(line)")
      if parts.count == 2 { recorded[String(parts[1])] = String(parts[0]) }
    }
    let modules = try MatrixModule.all()
    #expect(Set(recorded.keys) == Set(modules.map(\.fileName)))
    let result = try OutsideTool.sha256sum.run(modules.map { folder.appending(path: $0.fileName).path })
    #expect(result.status == 0)
    for line in result.output.split(separator: "\n") {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      guard parts.count == 2, let name = parts[1].split(separator: "/").last.map(String.init) else { continue }
      #expect(recorded[name] == String(parts[0]), "\(name): changed since build.sh recorded it")
    }
  }

  /// Every bundled rule set has a stated expectation here (so a new one cannot be skipped silently).
  @Test func everyShippedRuleSetHasAnExpectation() {
    for name in BundledRules.names {
      #expect(
        MatrixRuleSets.abis[name] != nil || MatrixRuleSets.allocatorFree.contains(name)
          || MatrixRuleSets.needsProgramExport[name] != nil || MatrixRuleSets.bases.contains(name)
          || MatrixRuleSets.sixtyFourBit.contains(name),
        "bundled rule set \(name): add to MatrixRuleSets which allocator ABI it patches (or that it needs none)")
    }
  }

  @Test(arguments: MatrixModule.arguments)
  func patchedWithItsRuleSetRefusedByTheOthers(_ module: MatrixModule) throws {
    let bytes = try module.bytes()
    for name in BundledRules.names where !MatrixRuleSets.bases.contains(name) {
      let rules = try BundledRules.load(name)
      let label = "\(module.fileName) --rules \(name)"
      if MatrixRuleSets.allocatorFree.contains(name) {
        let output = try Threadifier.patch(bytes, rules: rules)
        #expect(try Validators.problems(output) == [], "\(label)")
        continue
      }
      if MatrixRuleSets.sixtyFourBit.contains(name) {
        let error = #expect(throws: PatchError.self, "\(label)") { try Threadifier.patch(bytes, rules: rules) }
        #expect(error?.description.contains("memory 0 is 32-bit; i64 required") == true, "\(label)")
        continue
      }
      if let needed = MatrixRuleSets.needsProgramExport[name] {
        expectMissingAllocator(bytes, rules: rules, symbol: needed.symbol, export: needed.export, label: label)
        continue
      }
      let expected = try #require(MatrixRuleSets.abis[name], "no expectation for rule set \(name)")
      if expected.abi == module.abi {
        // The defaults, then every param at its bounds (stack_guard=1, reuse_static_tls=0, …).
        var variants: [[String: Int64]] = [[:]]
        for param in rules.params {
          for bound in [param.min, param.max].compactMap({ $0 }) where bound != param.defaultValue {
            variants.append([param.name: bound])
          }
        }
        for params in variants {
          let output = try Threadifier.patch(bytes, rules: rules, params: params)
          #expect(try Validators.problems(output) == [], "\(label) \(params)")
          #expect(output.count > bytes.count, "\(label) \(params): nothing was added")
        }
      } else {
        expectMissingAllocator(bytes, rules: rules, export: expected.mallocExport, label: label)
      }
    }
  }

  /// The patch refuses with "symbol `malloc`: not found" (or another `symbol`), naming the export the rule set
  /// looked for.
  private func expectMissingAllocator(
    _ bytes: [UInt8], rules: RuleSet, symbol expectedSymbol: String = "malloc", export: String, label: String
  ) {
    let error: PatchError
    do {
      _ = try Threadifier.patch(bytes, rules: rules)
      Issue.record("\(label): patched, but the module does not export \(export)")
      return
    } catch let thrown {
      error = thrown
    }
    switch error {
    case .symbolNotFound(let symbol, let tried, _):
      #expect(symbol == expectedSymbol, "\(label): \(error)")
      #expect(
        tried.contains { $0.contains(export) } && "\(error)".contains("not found"),
        "\(label): the message should name \(export): \(error)")
    default:
      Issue.record("\(label): refused for another reason: \(error)")
    }
  }

  /// The unpatched modules pass the validators too (so a failure above is the patch's).
  @Test(arguments: MatrixModule.arguments)
  func unpatchedModulesValidate(_ module: MatrixModule) throws {
    #expect(try Validators.problems(try module.bytes()) == [], "\(module.fileName)")
  }
}
