import ArgumentParser
import Threadify
import ThreadifyRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `wasm-threadify inspect FILE [--json] [--rules FILE|NAME] [--validate LEVEL]`
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Describe a module: memory, globals, symbols, TLS, stack, layout and whether it can be patched.")

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The rule set whose symbols and refusals describe the module.",
      discussion: "Without it, the bundled base describes the module and every bundled rule set that patches is "
        + "tried on it; with it, only the named set."))
  var rules: String?

  @Flag(name: .long, help: "Print stable JSON instead of text.")
  var json = false

  @Argument(help: "The module to inspect.")
  var input: String

  @Option(name: .customLong("validate"), help: ValidationOption.help)
  var validation: ValidationOption = .full

  func run() throws {
    let module = try RuleLoading.read(input, validation: validation.level)
    let ruleSet: RuleSet
    if let rules {
      ruleSet = try RuleLoading.load(rules)
    } else {
      do {
        ruleSet = try BundledRules.conventions(for: module)
      } catch {
        throw Failure.rules(error.description)
      }
    }
    let report = Inspector.inspect(module, rules: ruleSet)
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try Files.writeStandardOutput(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
    } else {
      try Files.writeStandardOutput(TerminalText.escaped(report.text) + "\n")
    }
  }
}
