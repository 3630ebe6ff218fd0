import Foundation

/// Runs a process to its end off the cooperative thread pool, killing it (by its pid) after a timeout.
enum BoundedProcess {
  /// Returns the exit status, stdout and stderr; a process still running after `timeout` seconds is sent SIGKILL
  /// and its status is then the signal's. The pipes are read on threads of their own: Dispatch's pool can be held
  /// by blocking work of tests running in parallel, which would make a quick process look slow.
  static func run(_ process: Process, timeout: Double) async throws -> (Int32, String, String) {
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let pid = process.processIdentifier
    let finished = DispatchSemaphore(value: 0)
    Thread {
      if finished.wait(timeout: .now() + timeout) == .timedOut { kill(pid, SIGKILL) }
    }.start()
    return await withCheckedContinuation { continuation in
      let collected = Collected()
      let stderrRead = DispatchSemaphore(value: 0)
      Thread {
        collected.stderr = err.fileHandleForReading.readDataToEndOfFile()
        stderrRead.signal()
      }.start()
      Thread {
        collected.stdout = out.fileHandleForReading.readDataToEndOfFile()
        stderrRead.wait()
        process.waitUntilExit()
        finished.signal()
        continuation.resume(
          returning: (
            process.terminationStatus, String(decoding: collected.stdout, as: UTF8.self),
            String(decoding: collected.stderr, as: UTF8.self)
          ))
      }.start()
    }
  }

  /// Written by two readers (each its own field) before the stdout reader, after waiting for the other, reads both.
  private final class Collected: @unchecked Sendable {
    var stdout = Data()
    var stderr = Data()
  }
}
