import ArgumentParser
import ThreadifyHost
import WasmKit

/// `wasm-threadify run PATCHED.wasm --invoke EXPORT [ARGS...] [--threads N]`
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Call an export of a patched module on WasmKit, its threads on real threads.",
    discussion: """
      The module must have been patched by wasm-threadify: the host reads from its marker section how each \
      instance starts and how a thread is destroyed, and refuses an unpatched module. The export runs on the \
      program's first thread (the first instance, which initialises memory). When the module imports \
      wasm_threadlink, its thread_create / thread_join / panic (and the tracing build's lock callbacks) are \
      provided: every thread it creates is a new instance on a new native thread. So is the spawn import a \
      marker names (a program that spawns its own threads): each call starts a thread entered through the \
      marker's start export, and the command waits for those threads to end. The export's results are \
      printed one per line. Other imports cannot be provided here: use the ThreadifyHost library.

      Exit status: 0 success; 1 the module was refused (not patched, missing import, not threaded); 2 usage or \
      I/O error; 134 the program failed: a trap, a panic or a time-out in any of its threads (the status \
      wasmtime uses for a trap).
      """)

  @Argument(help: "The patched module.")
  var input: String

  @Option(name: .long, help: ArgumentHelp("The function export to call.", valueName: "export"))
  var invoke: String

  @Argument(
    parsing: .allUnrecognized,
    help: "The export's arguments: integers (decimal or 0x hexadecimal; negative ones allowed) or decimal numbers.")
  var arguments: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The most threads that may run at once, the one running the export included: thread_create fails (and "
        + "the program typically panics) when N threads are running.", valueName: "n"))
  var threads: Int = 128

  @Option(
    name: .customLong("stack-size"),
    help: ArgumentHelp(
      "The stack size in bytes a module whose start takes one is given for each thread (0: its default).",
      valueName: "bytes"))
  var stackSize: UInt32 = 0

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The longest the export, a join or the wait for the last threads may take, in seconds.", valueName: "seconds"))
  var timeout: Double = 60

  @Flag(
    name: .long,
    help: ArgumentHelp(
      "After the run, print to standard error how many threads were created, the lock callbacks counted, the "
        + "memory size and the threads' start time (also when the run fails)."))
  var stats = false

  func validate() throws {
    guard (1...4096).contains(threads) else { throw ValidationError("--threads must be in 1...4096") }
    guard timeout > 0 && timeout <= 86400 else { throw ValidationError("--timeout must be in (0, 86400] seconds") }
  }

  func run() throws {
    let bytes = Array(try Files.readInput(input))
    var configuration = HostConfiguration()
    configuration.stackSize = stackSize
    configuration.timeout = timeout
    let host: ModuleHost
    do {
      host = try ModuleHost(bytes: bytes, name: input, configuration: configuration)
    } catch {
      throw Failure.refused(error.description)
    }
    let link =
      host.importsModule(Threadlink.importModule) ? Threadlink(host: host, maxRunningThreads: threads - 1) : nil
    // Also when the run fails: what the threads did up to the failure is what one needs to understand it.
    defer { if stats { Self.printStats(host: host, link: link) } }
    let main: HostThread
    do {
      main = try host.startThread()
    } catch {
      throw error.kind == .missingImport ? Failure.refused(error.description) : Self.programFailed(error)
    }
    let export = invoke
    let type = try? main.run { context in context.instance.exports[function: export]?.type }
    guard let type = type ?? nil else { throw Failure.usage("\(input) exports no function \(invoke)") }
    let values = try Self.values(arguments, for: type, export: invoke)
    let results: [Value]
    do {
      results = try main.call(invoke, values)
      try link?.waitUntilIdle()
      try host.waitUntilSpawnedThreadsEnd()
    } catch {
      // A time-out says little on its own: add what went wrong in the created threads.
      let causes = error.kind == .timedOut ? (link?.failures ?? []) + host.spawnFailures : []
      throw Self.programFailed(
        causes.isEmpty ? error : HostError(error.kind, ([error] + causes).map(\.description).joined(separator: "; ")))
    }
    if let failure = link?.failures.first ?? host.spawnFailures.first { throw Self.programFailed(failure) }
    do {
      try main.destroy()
    } catch {
      throw Self.programFailed(error)
    }
    try Files.writeStandardOutput(results.map { ValueText.format($0) + "\n" }.joined())
  }

  /// `--stats`: the threads created, the lock callbacks, the memory size and the threads' start time.
  static func printStats(host: ModuleHost, link: Threadlink?) {
    let counts = link?.lockCounts ?? Threadlink.LockCounts()
    Failure.printToStandardError(
      "threads created: \((link?.createdThreads ?? 0) + host.spawnedThreads); lock callbacks: start_lock \(counts.startLock), "
        + "finish_lock \(counts.finishLock), start_unlock \(counts.startUnlock), finish_unlock "
        + "\(counts.finishUnlock); memory: \(host.memoryPages) pages; thread start (instantiate + start routine): "
        + milliseconds(median: (link?.threadStartSeconds ?? []) + host.spawnedThreadStartSeconds))
  }

  /// The arguments as values of the export's parameter types.
  static func values(_ texts: [String], for type: FunctionType, export: String) throws(Failure) -> [Value] {
    let texts = texts.first == "--" ? Array(texts.dropFirst()) : texts
    guard texts.count == type.parameters.count else {
      throw .usage("\(export) takes \(type.parameters.count) arguments, \(texts.count) given")
    }
    var values: [Value] = []
    for (index, (text, parameter)) in zip(texts, type.parameters).enumerated() {
      guard let value = ValueText.parse(text, as: parameter) else {
        throw .usage("argument \(index + 1) of \(export): \"\(text)\" is not a valid \(parameter)")
      }
      values.append(value)
    }
    return values
  }

  /// The median of `seconds` in milliseconds, and how many there were.
  static func milliseconds(median seconds: [Double]) -> String {
    guard !seconds.isEmpty else { return "no threads" }
    let hundredths = Int((seconds.sorted()[seconds.count / 2] * 100_000).rounded())
    let fraction = hundredths % 100
    return "median \(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms over \(seconds.count) threads"
  }

  /// A failure of the program itself (a trap, a panic, a time-out): exit status 134.
  static func programFailed(_ error: HostError) -> Failure {
    Failure(message: error.description, exitCode: ExitCode(134))
  }
}
