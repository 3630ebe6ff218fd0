import ArgumentParser
import Threadify
import ThreadifyRules

/// `wasm-threadify rules list | check FILE | show NAME`
struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "List, check or print rule sets.", subcommands: [List.self, Check.self, Show.self])

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the bundled rule sets.")
    func run() throws {
      for name in BundledRules.names {
        let marker = name == BundledRules.defaultName ? " (default)" : ""
        print(name + marker)
      }
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check", abstract: "Load and type-check a rule file; print a summary.")
    @Argument(help: "A rule file or bundled rule set name.") var rules: String
    func run() throws {
      let ruleSet = try RuleLoading.load(rules)
      print(
        "\(rules): ok — rule set \(ruleSet.name) \(ruleSet.version): \(ruleSet.symbols.count) symbols, "
          + "\(ruleSet.params.count) params, \(ruleSet.globals.count) globals, \(ruleSet.functions.count) functions, "
          + "\(ruleSet.checks.count) checks"
          + (ruleSet.base != nil ? " (a base: describes modules, does not patch)" : ""))
      for param in ruleSet.params {
        print("  param \(param.name) = \(param.defaultValue)" + (param.doc.map { "  (\($0))" } ?? ""))
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a bundled rule file.")
    @Argument(help: "A bundled rule set name.") var name: String
    func run() throws {
      guard let text = BundledRules.text(of: name) else {
        throw Failure.usage("no bundled rule set '\(name)' (bundled: \(BundledRules.names.joined(separator: ", ")))")
      }
      print(text, terminator: "")
    }
  }
}
