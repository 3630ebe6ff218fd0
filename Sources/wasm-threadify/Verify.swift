import ArgumentParser
import ThreadifyVerify

/// `wasm-threadify verify PATCHED.wasm [--threads N] [--rounds R] [--json]`
struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Prove that a patched module gives every thread its own stack and TLS block.",
    discussion: """
      Starts the first instance and then, for each of R rounds, N more threads as instances over one shared \
      memory on WasmKit, each started and destroyed as the module's marker says, and checks from outside the \
      program: distinct, aligned, in-bounds stack pointers and TLS bases; stacks and TLS blocks clear of each \
      other, of the static data and of the utility page; each new TLS block holds the initial TLS image; a write \
      into one TLS block is not seen in another; the first instance keeps the static stack; destroy gives the \
      memory back (memory steady over the rounds) and leaves no global pointing into what it gave back. The \
      verdict is about the module as patched (verify only adds exports of the two globals the marker names).

      Exit status: 0 every check held; 1 a check failed, the module is not patched or is malformed; 2 usage or \
      I/O error.
      """)

  @Argument(help: "The patched module.")
  var input: String

  @Option(name: .long, help: ArgumentHelp("Threads each round starts besides the first instance.", valueName: "n"))
  var threads = 4

  @Option(name: .long, help: ArgumentHelp("Rounds of starting and destroying them (at least 2).", valueName: "r"))
  var rounds = 4

  @Option(
    name: .customLong("stack-size"),
    help: ArgumentHelp(
      "The stack size in bytes passed to a start that takes one (0: the module's default).", valueName: "bytes"))
  var stackSize: UInt32 = 0

  @Flag(name: .long, help: "Print the report as JSON instead of a table.")
  var json = false

  func run() throws {
    let bytes = Array(try Files.readInput(input))
    var options = VerifyOptions()
    options.threads = threads
    options.rounds = rounds
    options.stackSize = stackSize
    if rounds >= 100 {
      let total = rounds
      options.progress = { round, pages in
        if round % max(1, total / 20) == 0 || round == total {
          Failure.printToStandardError("verify: round \(round)/\(total), memory \(pages) pages")
        }
      }
    }
    let report: VerifyReport
    do {
      report = try Verifier.verify(bytes: bytes, name: input, options: options)
    } catch {
      throw error.kind == .usage ? Failure.usage(error.message) : Failure.refused(error.message)
    }
    try Files.writeStandardOutput((json ? report.json : report.table) + "\n")
    if !report.passed {
      let first = report.failures.first.map { ": \($0)" } ?? ""
      throw Failure.refused("\(input) failed verify\(first)")
    }
  }
}
