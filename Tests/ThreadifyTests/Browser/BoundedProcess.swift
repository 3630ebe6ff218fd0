import Foundation

/// Runs a process to its end off the cooperative thread pool, killing it (by its pid) after a timeout.
enum BoundedProcess {
  /// Returns the exit status, stdout and stderr; a process still running after `timeout` seconds is sent SIGKILL
  /// and its status is then the signal's.
  static func run(_ process: Process, timeout: Double) async throws -> (Int32, String, String) {
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let pid = process.processIdentifier
    let watchdog = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    return await withCheckedContinuation { continuation in
      let collected = Collected()
      let group = DispatchGroup()
      group.enter()
      DispatchQueue.global().async {
        collected.stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
      }
      group.enter()
      DispatchQueue.global().async {
        collected.stderr = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
      }
      group.notify(queue: .global()) {
        process.waitUntilExit()
        watchdog.cancel()
        continuation.resume(
          returning: (
            process.terminationStatus, String(decoding: collected.stdout, as: UTF8.self),
            String(decoding: collected.stderr, as: UTF8.self)
          ))
      }
    }
  }

  /// Written by two readers (each its own field) before the group's notify reads both.
  private final class Collected: @unchecked Sendable {
    var stdout = Data()
    var stderr = Data()
  }
}
