import ArgumentParser
import Foundation

/// `wasm-threadify`: patch a threaded WebAssembly module so that every instance gets its own stack and TLS.
@main
struct WasmThreadify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "wasm-threadify",
    abstract: "Patch LLVM threaded WebAssembly output for the one-instance-per-thread model.",
    discussion: """
      Exit status: 0 success; 1 the module was refused or is malformed; 2 usage or rule-file error.
      """,
    version: "0.2.0",
    subcommands: [Patch.self, Inspect.self, Rules.self, Run.self],
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
      let code = exitCode(for: error)
      if code == .success || code == .failure {
        exit(withError: error)
      }
      // Argument parsing and validation errors are usage errors: exit status 2.
      Failure.printToStandardError(fullMessage(for: error))
      Foundation.exit(ExitCode.usage.rawValue)
    }
  }
}
