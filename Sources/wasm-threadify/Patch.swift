import ArgumentParser
import Threadify
import ThreadifyRules
import WasmBinary
import WasmDWARF

/// `wasm-threadify [patch] [--rules FILE|NAME] INPUT -o OUTPUT [--set KEY=VALUE]... [--dry-run] [--validate LEVEL]`
struct Patch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patch",
    abstract: "Patch a module so that every instance (one per thread) gets its own stack and TLS block.")

  @Option(
    name: .long,
    help: ArgumentHelp(
      "A rule file, or the name of a bundled rule set (\(BundledRules.names.joined(separator: ", "))).",
      discussion: "Without it, the one bundled rule set that binds to the module is used; when none or several bind, "
        + "the patch fails naming each with its reason."))
  var rules: String?

  @Argument(help: "The module to patch (`-` for standard input). It is never modified.")
  var input: String

  @Option(name: .shortAndLong, help: "Where to write the patched module (`-` for standard output).")
  var output: String?

  @Option(name: .customLong("set"), help: ArgumentHelp("Override a rule-set param.", valueName: "name=value"))
  var overrides: [String] = []

  @Flag(name: .long, help: "Print the binding table and the planned edits; write nothing.")
  var dryRun = false

  @Flag(name: .long, help: "Allow OUTPUT to be INPUT (still written atomically).")
  var inPlace = false

  @Option(
    name: .customLong("source-map"),
    help: ArgumentHelp(
      "The input's source map (version 3; generated columns are file offsets), rewritten for the output.",
      valueName: "IN.map"))
  var sourceMap: String?

  @Option(
    name: .customLong("output-source-map"),
    help: ArgumentHelp("Where to write the rewritten source map (with --source-map).", valueName: "OUT.map"))
  var outputSourceMap: String?

  @Option(
    name: .customLong("source-map-url"),
    help: ArgumentHelp(
      "The URL the output's sourceMappingURL section names (default: OUT.map's file name).", valueName: "URL"))
  var sourceMapURL: String?

  @Option(name: .customLong("validate"), help: ValidationOption.help)
  var validation: ValidationOption = .full

  func validate() throws {
    if !dryRun && output == nil {
      throw ValidationError("missing -o OUTPUT (or --dry-run)")
    }
    if (sourceMap == nil) != (outputSourceMap == nil) {
      throw ValidationError("--source-map and --output-source-map go together")
    }
    if sourceMapURL != nil && sourceMap == nil {
      throw ValidationError("--source-map-url needs --source-map")
    }
    if let output, !inPlace, Files.sameFile(input, output) {
      throw ValidationError("-o names the input file; pass --in-place to overwrite it")
    }
  }

  func run() throws {
    let (ruleSet, params, module) = try rulesParamsAndModule()
    let plan: PatchPlan
    do {
      plan = try Threadifier.plan(module, rules: ruleSet, params: params, validation: validation.level)
    } catch {
      throw Self.failure(error, input: input)
    }
    if dryRun {
      try Files.writeStandardOutput(TerminalText.escaped(plan.report) + "\n")
      return
    }
    let image: ModuleImage
    do {
      image = try Threadifier.image(
        plan, of: module,
        sourceMapURL: outputSourceMap.map { sourceMapURL ?? String($0.split(separator: "/").last ?? Substring($0)) })
    } catch {
      throw Self.failure(error, input: input)
    }
    for warning in image.warnings { Failure.printToStandardError("warning: \(warning)") }
    let rewrittenMap = try sourceMap.map { (path) throws(Failure) in try Self.rewrite(sourceMap: path, for: image) }
    try Files.writeOutput(image, to: output!) { (written) throws(Failure) in
      do throws(PatchError) {
        try Threadifier.verify(written, writtenFrom: image, of: module, plan: plan)
      } catch {
        throw Self.failure(error, input: input)
      }
    }
    if let rewrittenMap, let outputSourceMap { try Files.writeFile(rewrittenMap, to: outputSourceMap) }
  }

  /// The source map at `path` with each mapping's generated column (a file offset of the input) moved to where
  /// `image` puts that byte; mappings outside the code section are left out, with a warning.
  private static func rewrite(sourceMap path: String, for image: ModuleImage) throws(Failure) -> [UInt8] {
    let file = try Files.readInput(path)
    let bytes = file.withUnsafeBytes { Array($0) }
    do throws(SourceMapMappings.Malformed) {
      let rewritten = try SourceMapFile.rewrite(bytes) { image.codeOffsets.outputFileOffset(ofFileOffset: $0) }
      if rewritten.dropped > 0 {
        Failure.printToStandardError(
          "warning: \(path): left out \(rewritten.dropped) mapping\(rewritten.dropped == 1 ? "" : "s") outside the "
            + "code section")
      }
      return rewritten.json
    } catch {
      throw .usage("\(path): \(error)")
    }
  }

  /// The rule set named by `--rules` (checked before the module is read), or the one automatic selection picks for
  /// the module; the params in force for it.
  private func rulesParamsAndModule() throws(Failure) -> (RuleSet, [String: Int64], WasmModule) {
    guard let rules else {
      // Selection binds every bundled set to the module: only to one whose sections are valid.
      let module = try RuleLoading.read(input, validation: .module)
      let ruleSet = try AutomaticRules.choose(for: module, input: input)
      return (ruleSet, try RuleLoading.params(of: ruleSet, overrides: overrides), module)
    }
    let ruleSet = try RuleLoading.load(rules)
    if let base = ruleSet.base {
      throw Failure.rules(
        "\(base): error: rule set \(ruleSet.name) is a base (`base: true`): it describes modules for inspect but "
          + "does not patch them; patch with a rule set that extends it")
    }
    let params = try RuleLoading.params(of: ruleSet, overrides: overrides)
    return (ruleSet, params, try RuleLoading.read(input))
  }

  /// The exit status of a failed patch: a refusal or malformed module (1), a rule set that cannot patch at all (2), or
  /// a bug in wasm-threadify (3).
  static func failure(_ error: PatchError, input: String) -> Failure {
    switch error {
    case .unusableRuleSet: .usage(error.description)
    case .internalError: .internalError("\(input): \(error)")
    default: .refused("\(input): \(error)")
    }
  }
}
