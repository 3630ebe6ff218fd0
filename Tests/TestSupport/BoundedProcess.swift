import Foundation

/// Runs outside processes, the one way the tests do: to their end or their timeout (then SIGKILL to the process and
/// everything it started), pipes read on threads of their own, standard input from a file or the null device.
public enum BoundedProcess {
  /// The timeout when the caller gives none: long enough for a loaded 2-core machine, short enough to end a hang.
  public static let defaultTimeout: Double = 300

  /// Runs `executable` with `arguments` in `folder` (default: the test process's), with `input` on standard input
  /// and `environment` added to the test process's. Blocks the calling thread: async tests use the async overload.
  public static func run(
    _ executable: URL, _ arguments: [String], in folder: URL? = nil, input: [UInt8]? = nil,
    environment: [String: String] = [:], timeout: Double = defaultTimeout
  ) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    // Input comes from a file: a pipe the process does not read would block a writer or raise SIGPIPE.
    let scratch = try input.map { bytes in
      let scratch = try ScratchFolder()
      try scratch.write(bytes, to: "stdin")
      return scratch
    }
    let stdin = try scratch.map { try FileHandle(forReadingFrom: $0.url("stdin")) }
    defer {
      try? stdin?.close()
      scratch?.remove()
    }
    process.standardInput = stdin ?? FileHandle.nullDevice
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let collected = Collected()
    let finished = DispatchSemaphore(value: 0)
    // Foundation starts the process in a process group of its own: a timeout ends the whole group, so that a
    // shell's child (or a driver's browser) cannot keep the pipes open after its parent was killed.
    let group = process.processIdentifier
    Thread {
      if finished.wait(timeout: .now() + timeout) == .timedOut {
        collected.timedOut = true
        kill(-group, SIGKILL)
      }
    }.start()
    let read = DispatchGroup()
    read.enter()
    Thread {
      collected.stdout = out.fileHandleForReading.readDataToEndOfFile()
      read.leave()
    }.start()
    read.enter()
    Thread {
      collected.stderr = err.fileHandleForReading.readDataToEndOfFile()
      read.leave()
    }.start()
    process.waitUntilExit()
    finished.signal()
    // What the process left running in its group would hold the pipes open: it ends with the process.
    kill(-group, SIGKILL)
    read.wait()
    return ProcessResult(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      timedOut: collected.timedOut, stdout: Array(collected.stdout),
      stderr: String(decoding: collected.stderr, as: UTF8.self))
  }

  /// The same, on a thread of its own: a test waiting for a process must not hold one of the cooperative pool's
  /// few threads (two on a 2-core machine), which tests running in parallel need.
  public static func run(
    _ executable: URL, _ arguments: [String], in folder: URL? = nil, input: [UInt8]? = nil,
    environment: [String: String] = [:], timeout: Double = defaultTimeout
  ) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
      Thread {
        continuation.resume(
          with: Result {
            try run(executable, arguments, in: folder, input: input, environment: environment, timeout: timeout)
          })
      }.start()
    }
  }

  /// Written by the reader threads and the timer, each its own field, and read after they are done.
  private final class Collected: @unchecked Sendable {
    var stdout = Data()
    var stderr = Data()
    var timedOut = false
  }
}
