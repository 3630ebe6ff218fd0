import ArgumentParser
import Foundation

extension ExitCode {
  /// The module was refused or is malformed.
  static let refused = ExitCode(1)
  /// Usage or rule-file error.
  static let usage = ExitCode(2)
}

/// An error with the exit status it maps to; printed as `wasm-threadify: error: ...`.
struct Failure: Error {
  let message: String
  let exitCode: ExitCode
  /// Whether `message` already carries its `error:` prefix (a located rule-file error: `file:line:column: error: ...`).
  var isLocated = false

  static func refused(_ message: String) -> Failure { Failure(message: message, exitCode: .refused) }
  static func usage(_ message: String) -> Failure { Failure(message: message, exitCode: .usage) }
  /// A rule-file error, already located.
  static func rules(_ located: String) -> Failure { Failure(message: located, exitCode: .usage, isLocated: true) }

  func printAndExit() -> Never {
    Self.printToStandardError(isLocated ? message : "error: \(message)")
    Foundation.exit(exitCode.rawValue)
  }

  static func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }
}
