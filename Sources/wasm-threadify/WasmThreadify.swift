import ArgumentParser

/// `wasm-threadify`: patch a threaded WebAssembly module so that every instance gets its own stack and TLS.
@main
struct WasmThreadify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "wasm-threadify",
    abstract: "Patch LLVM threaded WebAssembly output for the one-instance-per-thread model.",
    discussion: """
      Exit status: 0 success; 1 the module was refused or is malformed; 2 usage, rule-file or I/O error; 3 internal \
      error (a bug in wasm-threadify).
      """,
    version: "0.3.0",
    subcommands: [Patch.self, Inspect.self, Rules.self, Run.self, Verify.self],
    defaultSubcommand: Patch.self
  )

  /// Runs the command line, mapping failures to the documented exit codes.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let failure as Failure {
      failure.printAndExit()
    } catch {
      switch exitCode(for: error) {
      case .success: exit(withError: error)  // --help, --version
      // Argument parsing and validation errors are usage errors: exit status 2.
      case .validationFailure:
        Failure.printToStandardError(fullMessage(for: error))
        Failure.exitProcess(.usage)
      // Every expected failure is a `Failure`; anything else is a bug.
      default: Failure.internalError("\(error); please report this").printAndExit()
      }
    }
  }
}
