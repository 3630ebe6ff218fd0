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
    let arguments = ["/bin/sh", "-c", wrapped, tool.path, folder.path, errorFile.path, peakFile.path, time.path]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let started = Date()
    // A process group of its own, so that a timeout kills the tool too, not only the shell (an unbounded read of
    // /dev/zero would otherwise go on eating memory after the test gave up).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ)
    guard spawned == 0 else { throw TestFailure("posix_spawn: \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while true {
      let waited = waitpid(pid, &status, WNOHANG)
      if waited == pid { break }
      guard waited == 0 || errno == EINTR else { throw TestFailure("waitpid: \(String(cString: strerror(errno)))") }
      if Date().timeIntervalSince(started) > timeout {
        kill(-pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        throw TestFailure("timed out after \(timeout) s: \(script)")
      }
      usleep(2000)
    }
    let seconds = Date().timeIntervalSince(started)
    // A process stopped by a signal reports 128 + the signal, as a shell would.
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let standardError = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    // GNU time writes "Command exited with non-zero status N" first when the tool fails; the figure comes last.
    let peak = (try? String(contentsOf: peakFile, encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) }
    return MeasuredRun(
      status: exitStatus, peakKiB: try #require(peak, "no peak from /usr/bin/time: \(standardError)"),
      seconds: seconds, standardError: standardError)
  }
}
