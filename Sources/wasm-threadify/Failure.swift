import ArgumentParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

extension ExitCode {
  /// The module was refused or is malformed.
  static let refused = ExitCode(1)
  /// Usage, rule-file or I/O error.
  static let usage = ExitCode(2)
  /// A bug in wasm-threadify (e.g. the patched module failed its read-back check); nothing was written.
  static let internalError = ExitCode(3)
}

/// An error with the exit status it maps to; printed as `error: ...` on standard error (a located rule-file error
/// as `file:line:column: error: ...`), control characters escaped.
struct Failure: Error {
  let message: String
  let exitCode: ExitCode
  /// Whether `message` already carries its `error:` prefix (a located rule-file error: `file:line:column: error: ...`).
  var isLocated = false

  static func refused(_ message: String) -> Failure { Failure(message: message, exitCode: .refused) }
  static func usage(_ message: String) -> Failure { Failure(message: message, exitCode: .usage) }
  static func internalError(_ message: String) -> Failure { Failure(message: message, exitCode: .internalError) }
  /// A rule-file error, already located.
  static func rules(_ located: String) -> Failure { Failure(message: located, exitCode: .usage, isLocated: true) }

  func printAndExit() -> Never {
    Self.printToStandardError(isLocated ? message : "error: \(message)")
    Self.exitProcess(exitCode)
  }

  /// Ends the process with `code` (for callers where ArgumentParser's `exit(withError:)` hides the C library's).
  static func exitProcess(_ code: ExitCode) -> Never {
    exit(code.rawValue)
  }

  static func printToStandardError(_ text: String) {
    let text = TerminalText.escaped(text)
    var bytes = Array((text.hasSuffix("\n") ? text : text + "\n").utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }  // nothing left to tell the failure to
      bytes = bytes.dropFirst(written)
    }
  }
}
