import Foundation
import TestSupport
import Testing
import Threadify

/// The command line without `--rules`: `inspect` names the bundled rule sets that bind, `patch` uses the one that
/// binds (the output's marker names it) or fails naming every candidate with its reason — exit 1 when none binds,
/// exit 2 when the user must choose.
@Suite struct CLIRuleSelectionTests {
  /// `inspect --json` of a file in the scratch folder.
  private func inspect(_ scratch: ScratchFolder, _ name: String) throws -> ModuleReport {
    let result = try scratch.run(["inspect", "--json", name])
    #expect(result.status == 0, "\(result)")
    return try JSONDecoder().decode(ModuleReport.self, from: Data(result.standardOutput))
  }

  /// `rules list` loads the bundled sets together (the base once) and says of each how it is used.
  @Test func rulesListSaysHowEachBundledSetIsUsed() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let result = try scratch.run(["rules", "list"])
    #expect(result.status == 0, "\(result)")
    #expect(
      result.output == """
        c-aligned-alloc (chosen automatically when it is the one that binds)
        c-aligned-alloc64 (chosen automatically when it is the one that binds)
        llvm-threads (base: describes modules for inspect, does not patch)
        llvm-threads64 (base: describes modules for inspect, does not patch)
        wasi-threads-entry (used only when named)
        wasm-bindgen (chosen automatically when it is the one that binds)
        wasmgrind (chosen automatically when it is the one that binds)
        wasmgrind-entry (used only when named)
        wasmgrind64 (chosen automatically when it is the one that binds)

        """, "\(result)")
  }

  @Test(arguments: SelectionCase.all) func inspectAndPatchWithoutRules(_ test: SelectionCase) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try test.bytes(), to: "in.wasm")
    let report = try inspect(scratch, "in.wasm")
    #expect(report.ruleSets.filter(\.binds).map(\.ruleSet) == test.binding)
    #expect(report.verdict.flavour == test.flavour)
    let text = try scratch.run(["inspect", "in.wasm"])
    #expect(text.output.hasPrefix("verdict: \(test.flavour) — "), "\(text.output)")
    #expect(text.output.contains("\nrule sets:\n"))

    let result = try scratch.run(["in.wasm", "-o", "out.wasm"])
    if let chosen = test.chosen {
      #expect(result.status == 0, "\(result)")
      #expect(result.standardError.isEmpty, "\(result)")
      #expect(try inspect(scratch, "out.wasm").patchedWith == "rules=\(chosen) version=1")
      return
    }
    #expect(result.status == (test.binding.isEmpty ? 1 : 2), "\(result)")
    #expect(result.standardError.hasPrefix("error: in.wasm: "), "\(result)")
    #expect(!scratch.exists("out.wasm"))
    if test.binding.isEmpty && test.flavour == "no-rule-set" {
      // Every bundled set named, with its reason (sets with the same reason share a line: `  a, b: REASON`).
      let named = result.standardError.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
        .flatMap {
          $0.dropFirst(2).prefix { $0 != ":" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
      for name in try BundledRules.patchingNames() {
        #expect(named.contains(name), "\(name) missing in \(result.standardError)")
      }
    } else if !test.binding.isEmpty {
      #expect(result.standardError.contains("--rules"), "\(result)")
      for name in test.binding { #expect(result.standardError.contains(name), "\(result)") }
    }
  }

  /// A refusal every bundled set inherits is said once, as with `--rules`.
  @Test func aRefusalEverySetSharesIsSaidOnce() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(CLIPaths.real("wasi_threads_echo.wasm"))
    let result = try scratch.run([input, "-o", "out.wasm"])
    #expect(result.status == 1, "\(result)")
    let named = try scratch.run(["--rules", "wasmgrind", input, "-o", "out.wasm"])
    #expect(result.standardError == named.standardError)
    #expect(result.standardError.hasPrefix("error: \(input): refused (wasi-threads): "), "\(result)")
  }

  /// With `--rules`, an ambiguous module patches with the named set: nothing changes for a user who names one.
  @Test(arguments: ["c-aligned-alloc", "wasm-bindgen"]) func namingARuleSetResolvesTheAmbiguity(_ name: String) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try PatchFixtures.wat("selection/two-allocators"), to: "in.wasm")
    let result = try scratch.run(["--rules", name, "in.wasm", "-o", "out.wasm"])
    #expect(result.status == 0, "\(result)")
    #expect(try inspect(scratch, "out.wasm").patchedWith == "rules=\(name) version=1")
    let named = try scratch.run(["inspect", "--rules", name, "--json", "in.wasm"])
    let report = try JSONDecoder().decode(ModuleReport.self, from: Data(named.standardOutput))
    #expect(report.verdict.flavour == "ready" && report.selectedRuleSet == name)
    #expect(report.ruleSets.map(\.ruleSet) == [name])
  }

  /// `--set` is validated against the chosen rule set: a param it does not have is a usage error naming it.
  @Test func overridesApplyToTheChosenRuleSet() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(CLIPaths.example("demo-c-clang-default.wasm"))
    let result = try scratch.run([input, "--set", "stack_size=65536", "--dry-run"])
    #expect(result.status == 0, "\(result)")
    #expect(result.output.hasPrefix("rule set c-aligned-alloc "), "\(result.output)")
    #expect(result.output.contains("stack_size = 65536") || result.output.contains("65536"), "\(result.output)")
    let unknown = try scratch.run([input, "--set", "no_such_param=1", "--dry-run"])
    #expect(unknown.status == 2, "\(unknown)")
    #expect(unknown.standardError.contains("no_such_param"), "\(unknown)")
  }
}
