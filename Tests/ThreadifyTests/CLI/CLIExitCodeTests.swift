import Foundation
import TestSupport
import Testing

/// Exit status and message of the command line for every kind of failure: 0 success, 1 refused or malformed,
/// 2 usage, rule-file or I/O error (3, an internal error, is checked where it arises: LibraryUsageTests). On every failure no output file appears and nothing is left in the folder.
@Suite struct CLIExitCodeTests {
  /// A module that must be refused, what the message must say, and the rule set to try it with.
  struct Refusal: Sendable, CustomTestStringConvertible {
    let module: URL
    let rules: String
    let expected: [String]

    var testDescription: String { "\(module.lastPathComponent) (--rules \(rules))" }
  }

  static let refusals: [Refusal] = [
    Refusal(
      module: CLIPaths.real("wasi_threads_echo.wasm"), rules: "wasmgrind",
      expected: ["refused (wasi-threads)", "wasi_thread_start"]),
    Refusal(
      module: CLIPaths.real("rayon_test_bg.wasm"), rules: "wasmgrind",
      expected: ["refused (already-patched)", "__wbindgen_thread_destroy"]),
    Refusal(
      module: CLIPaths.real("rayon_test_bg.wasm"), rules: "wasm-bindgen",
      expected: ["refused (already-patched)", "__wbindgen_thread_destroy"]),
    Refusal(
      module: CLIPaths.example("demo-wasmgrind-no-max-memory.wasm"), rules: "wasmgrind",
      expected: ["17 initial pages", "maximum of 17", "hint:", "--max-memory"]),
    Refusal(
      module: CLIPaths.example("demo-wasmgrind-unshared.wasm"), rules: "wasmgrind",
      expected: ["not shared", "hint:", "--shared-memory"]),
    Refusal(
      module: CLIPaths.example("demo-wasmgrind-defined-memory.wasm"), rules: "wasmgrind",
      expected: ["defined by the module, not imported", "hint:", "--import-memory"]),
    Refusal(
      module: CLIPaths.example("demo-c-rustc-like.wasm"), rules: "wasmgrind",
      expected: ["`malloc`", "__wasmgrind_malloc"]),
    Refusal(
      module: CLIPaths.example("demo-c-clang-default.wasm"), rules: "wasm-bindgen",
      expected: ["`malloc`", "__wbindgen_malloc"]),
  ]

  @Test(arguments: refusals) func refusedModulesExitWithStatus1AndTheirReason(_ refusal: Refusal) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(refusal.module)
    let result = try scratch.run(["--rules", refusal.rules, input, "-o", "out.wasm"])
    #expect(result.status == 1, "\(result)")
    #expect(result.standardError.hasPrefix("error: \(input): "), "\(result)")
    for text in refusal.expected {
      #expect(result.standardError.contains(text), "missing \(text) in: \(result.standardError)")
    }
    #expect(result.standardOutput.isEmpty)
    #expect(try scratch.listing() == [input])
  }

  /// No `__wasm_init_tls`, `__tls_size` or `__tls_align` is exported: the refusal names the first missing symbol
  /// the rules look for, and the link flag that exports it.
  @Test func moduleWithoutTLSExportsNamesTheMissingSymbolAndTheLinkFlag() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(CLIPaths.example("demo-wasmgrind-no-tls-exports.wasm"))
    let result = try scratch.run([input, "-o", "out.wasm"])
    #expect(result.status == 1, "\(result)")
    #expect(result.standardError.contains("not found"), "\(result)")
    let missing = ["__wasm_init_tls", "__tls_size", "__tls_align"].filter {
      result.standardError.contains("export `\($0)`") && result.standardError.contains("--export=\($0)")
    }
    #expect(missing.count == 1, "expected one missing TLS export and its --export= hint: \(result.standardError)")
    #expect(try scratch.listing() == [input])
  }

  @Test func truncatedModuleIsMalformedAtAnOffset() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let whole = Array(try Data(contentsOf: CLIPaths.real("minimal_test.wasm")))
    try scratch.write(Array(whole[..<1000]), to: "truncated.wasm")
    let result = try scratch.run(["truncated.wasm", "-o", "out.wasm"])
    #expect(result.status == 1, "\(result)")
    #expect(result.standardError.contains("truncated.wasm: malformed module: offset 0x"), "\(result)")
    #expect(try scratch.listing() == ["truncated.wasm"])
  }

  @Test(arguments: [
    ("empty", [UInt8]()),
    ("text", Array("(module)\n".utf8)),
    ("bad version", [0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]),
    ("bad section size", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]),
  ])
  func malformedModulesExitWithStatus1(_ name: String, _ bytes: [UInt8]) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(bytes, to: "in.wasm")
    for arguments in [["in.wasm", "-o", "out.wasm"], ["inspect", "in.wasm"]] {
      let result = try scratch.run(arguments)
      #expect(result.status == 1, "\(name) \(arguments): \(result)")
      #expect(result.standardError.contains("in.wasm: malformed module: "), "\(name): \(result)")
    }
    #expect(try scratch.listing() == ["in.wasm"])
  }

  /// A usage or rule-file error, what the message must say.
  struct UsageError: Sendable, CustomTestStringConvertible {
    let name: String
    let arguments: [String]
    let expected: [String]

    var testDescription: String { name }
  }

  static let usageErrors: [UsageError] = [
    UsageError(
      name: "unknown param", arguments: ["in.wasm", "-o", "out.wasm", "--set", "no_such_param=1"],
      expected: ["error: --set no_such_param=1: unknown param 'no_such_param'", "stack_size"]),
    UsageError(
      name: "param not an integer", arguments: ["in.wasm", "-o", "out.wasm", "--set", "stack_size=big"],
      expected: ["'big' is not an integer"]),
    UsageError(
      name: "param out of bounds", arguments: ["in.wasm", "-o", "out.wasm", "--set", "stack_size=1"],
      expected: ["stack_size=1", "below its min"]),
    UsageError(
      name: "--set without =", arguments: ["in.wasm", "-o", "out.wasm", "--set", "stack_size"],
      expected: ["--set stack_size: expected name=value"]),
    UsageError(
      name: "unknown rule set", arguments: ["--rules", "no-such-rules", "in.wasm", "-o", "out.wasm"],
      expected: ["no-such-rules", "no bundled rule set", "wasmgrind"]),
    UsageError(
      name: "missing rule file", arguments: ["--rules", "missing.yaml", "in.wasm", "-o", "out.wasm"],
      expected: ["missing.yaml"]),
    UsageError(
      name: "YAML syntax error", arguments: ["--rules", "broken.yaml", "in.wasm", "-o", "out.wasm"],
      expected: ["broken.yaml:", ": error: YAML syntax error"]),
    UsageError(
      name: "rule file missing a key", arguments: ["--rules", "incomplete.yaml", "in.wasm", "-o", "out.wasm"],
      expected: ["incomplete.yaml:1:1: error: ", "version"]),
    UsageError(
      name: "patching with a base rule set", arguments: ["--rules", "llvm-threads", "in.wasm", "-o", "out.wasm"],
      expected: ["llvm-threads.yaml:7:7: error: rule set llvm-threads is a base (`base: true`)"]),
    UsageError(
      name: "rules check of a broken file", arguments: ["rules", "check", "broken.yaml"],
      expected: ["broken.yaml:", ": error: YAML syntax error"]),
    UsageError(name: "no -o", arguments: ["in.wasm"], expected: ["missing -o OUTPUT"]),
    UsageError(name: "no input", arguments: ["-o", "out.wasm"], expected: ["<input>"]),
    UsageError(
      name: "unknown option", arguments: ["in.wasm", "-o", "out.wasm", "--frobnicate"], expected: ["frobnicate"]),
    UsageError(name: "missing input", arguments: ["nothing.wasm", "-o", "out.wasm"], expected: ["nothing.wasm"]),
    UsageError(name: "input is a folder", arguments: ["sub", "-o", "out.wasm"], expected: ["sub: it is a folder"]),
    UsageError(name: "inspect a missing file", arguments: ["inspect", "nothing.wasm"], expected: ["nothing.wasm"]),
    UsageError(
      name: "rules show unknown", arguments: ["rules", "show", "nope"], expected: ["no bundled rule set 'nope'"]),
    UsageError(
      name: "a base rule set that cannot patch", arguments: ["--rules", "llvm-threads", "in.wasm", "-o", "out.wasm"],
      expected: ["error: rule set llvm-threads is a base (`base: true`)", "does not patch them"]),
    UsageError(
      name: "a folder as --rules", arguments: ["--rules", "sub", "in.wasm", "-o", "out.wasm"],
      expected: ["error: cannot read rule file sub: it is a folder"]),
    UsageError(
      name: "a folder given to rules check", arguments: ["rules", "check", "./sub"],
      expected: ["error: cannot read rule file ./sub: it is a folder"]),
    UsageError(
      name: "a path under a file as --rules", arguments: ["--rules", "in.wasm/rules.yaml", "in.wasm", "--dry-run"],
      expected: ["error: cannot read rule file in.wasm/rules.yaml: Not a directory"]),
  ]

  @Test(arguments: usageErrors) func usageAndRuleFileErrorsExitWithStatus2(_ error: UsageError) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(CLIPaths.real("minimal_test.wasm"), as: "in.wasm")
    try FileManager.default.createDirectory(at: scratch.url("sub"), withIntermediateDirectories: false)
    try scratch.write(Array("name: broken\nversion: [\n".utf8), to: "broken.yaml")
    try scratch.write(Array("name: incomplete\n".utf8), to: "incomplete.yaml")
    let before = try scratch.listing()
    let input = try scratch.snapshot("in.wasm")
    let result = try scratch.run(error.arguments)
    #expect(result.status == 2, "\(result)")
    // A location is only given when it is real: never a made-up `:1:1` for a file that could not be read.
    #expect(!result.standardError.contains(":1:1:") || error.name == "rule file missing a key", "\(result)")
    for text in error.expected {
      #expect(result.standardError.contains(text), "missing \(text) in: \(result.standardError)")
    }
    #expect(try scratch.listing() == before)
    #expect(try scratch.snapshot("in.wasm") == input)
  }

  /// Every error message is one `error:` line (plus hints); an absolute input path does not change that.
  @Test func refusalOfAnAbsolutePathStillSaysError() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(CLIPaths.real("wasi_threads_echo.wasm"))
    let result = try scratch.run([scratch.path(input), "-o", "out.wasm"])
    #expect(result.status == 1, "\(result)")
    #expect(result.standardError.hasPrefix("error: \(scratch.path(input)): refused"), "\(result)")
  }

  @Test func successfulCommandsExitWithStatus0() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let input = try scratch.copy(CLIPaths.real("minimal_test.wasm"))
    for arguments in [
      [input, "-o", "out.wasm"], ["patch", input, "-o", "out2.wasm", "--set", "stack_size=65536"],
      ["inspect", input], ["inspect", "--json", input], ["rules", "list"], ["rules", "check", "wasm-bindgen"],
      ["rules", "show", "wasmgrind"], ["--help"],
    ] {
      let result = try scratch.run(arguments)
      #expect(result.status == 0, "\(arguments): \(result)")
      #expect(result.standardError.isEmpty, "\(arguments): \(result)")
    }
  }
}
