import ArgumentParser
import Threadify
import ThreadifyRules

/// `wasm-threadify rules list | check FILE | show NAME | instructions`
struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "List, check or print rule sets.",
    subcommands: [List.self, Check.self, Show.self, Instructions.self])

  struct Instructions: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "instructions",
      abstract: "Print the reference list of the instructions templates may use (docs/template-instructions.md).")
    func run() throws { try Files.writeStandardOutput(InstructionReference.markdown()) }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the bundled rule sets.")
    func run() throws {
      // All at once: the base they extend is parsed once, not once per rule set.
      let bundled: [(name: String, rules: RuleSet)]
      do { bundled = try BundledRules.all() } catch { throw Failure.rules(error.description) }
      var lines: [String] = []
      for (name, rules) in bundled {
        let use =
          rules.base != nil
          ? "base: describes modules for inspect, does not patch"
          : rules.selection.automatic ? "chosen automatically when it is the one that binds" : "used only when named"
        lines.append("\(name) (\(use))")
      }
      try Files.writeStandardOutput(lines.map { $0 + "\n" }.joined())
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check", abstract: "Load and type-check a rule file; print a summary.")
    @Argument(help: "A rule file or bundled rule set name.") var rules: String
    func run() throws {
      let ruleSet = try RuleLoading.load(rules)
      var text =
        "\(rules): ok — rule set \(ruleSet.name) \(ruleSet.version): \(ruleSet.symbols.count) symbols, "
        + "\(ruleSet.params.count) params, \(ruleSet.globals.count) globals, \(ruleSet.functions.count) functions, "
        + "\(ruleSet.checks.count) checks"
        + (ruleSet.base != nil ? " (a base: describes modules, does not patch)" : "") + "\n"
      for param in ruleSet.params {
        text += "  param \(param.name) = \(param.defaultValue)" + (param.doc.map { "  (\($0))" } ?? "") + "\n"
      }
      try Files.writeStandardOutput(TerminalText.escaped(text))
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a bundled rule file.")
    @Argument(help: "A bundled rule set name.") var name: String
    func run() throws {
      guard let text = BundledRules.text(of: name) else {
        throw Failure.usage("no bundled rule set '\(name)' (bundled: \(BundledRules.names.joined(separator: ", ")))")
      }
      try Files.writeStandardOutput(text)
    }
  }
}
