import Foundation
import TestSupport
import Testing

/// One run of the tool with its own peak memory (from `/usr/bin/time`, which forks it: a process started straight
/// from the test inherits the test process's peak at `exec`) and the wall-clock time of the whole script.
struct MeasuredRun: CustomStringConvertible {
  let status: Int32
  /// Peak resident set size, in KiB.
  let peakKiB: Int
  let seconds: Double
  let standardError: String

  var description: String {
    "exit status \(status), \(peakKiB / 1024) MiB peak, \(String(format: "%.2f", seconds)) s; stderr: \(standardError)"
  }

  /// A cap on the address space of the shell and the tool (6 GB: room for mapping a 2 GB file), so that a
  /// regression that reads without bound fails quickly instead of exhausting the machine.
  static let addressSpaceLimitKiB = 6_000_000

  /// Runs `/bin/sh -c script` in `folder`, standard output discarded. The script runs the tool once, as
  /// `$MEASURE "$0" ARGUMENTS...`. Needs GNU `time` (`apt-get install time`).
  static func shell(_ script: String, in folder: URL, timeout: Double = 30) throws -> MeasuredRun {
    let tool = try #require(CLIPaths.executable, "wasm-threadify is not built next to the tests")
    let time = try OutsideTool.time.url()
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let errorFile = scratch.url("stderr")
    let peakFile = scratch.url("peak-rss")
    // sh -c 'cd FOLDER; SCRIPT' TOOL FOLDER ERRFILE PEAKFILE TIME: the script runs with stderr sent to ERRFILE.
    let wrapped =
      "cd \"$1\" || exit 99; ulimit -v \(Self.addressSpaceLimitKiB); MEASURE=\"$4 -f %M -o $3\"; "
      + "exec 2>\"$2\" >/dev/null; " + script
    let clock = Stopwatch()
    // Killed with everything it started, the tool too, not only the shell: an unbounded read of /dev/zero would
    // otherwise go on eating memory after the test gave up.
    let result = try BoundedProcess.run(
      URL(fileURLWithPath: "/bin/sh"),
      ["-c", wrapped, tool.path, folder.path, errorFile.path, peakFile.path, time.path], timeout: timeout)
    let seconds = clock.seconds
    if result.timedOut { throw TestFailure("timed out after \(timeout) s: \(script)") }
    // A process stopped by a signal reports 128 + the signal, as a shell would.
    let exitStatus = result.signalled ? 128 + result.status : result.status
    let standardError = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    // GNU time writes "Command exited with non-zero status N" first when the tool fails; the figure comes last.
    let peak = (try? String(contentsOf: peakFile, encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) }
    return MeasuredRun(
      status: exitStatus, peakKiB: try #require(peak, "no peak from GNU time: \(standardError)"),
      seconds: seconds, standardError: standardError)
  }
}
