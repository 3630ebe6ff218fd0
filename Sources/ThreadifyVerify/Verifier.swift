import Foundation
import Threadify
import WasmBinary
import WasmKit

/// Proves, from outside the program, that a patched module gives every thread its own stack and TLS block: starts
/// threads as instances over one shared memory on WasmKit, round after round, each started and destroyed as the
/// module's marker says, and checks every ``VerifyCheck`` on them. Needs no ABI name: the marker's `globals`
/// record names the stack pointer and TLS base globals by index (docs/marker-format.md).
///
/// ```swift
/// let report = try Verifier.verify(bytes: patched, name: "app.wasm")
/// print(report.table)          // thread | stack top | TLS base | checks
/// exit(report.passed ? 0 : 1)
/// ```
public enum Verifier {
  /// Verifies the patched module `bytes` (`name` names it in the report). Throws only when the options are
  /// unusable or the module is not a module; an unpatched module, or one whose marker promises what its code does
  /// not do, gives a report that did not pass, naming the check.
  public static func verify(bytes: [UInt8], name: String = "the module", options: VerifyOptions = VerifyOptions())
    throws(VerifyError) -> VerifyReport
  {
    guard options.threads >= 1, options.threads <= 4096 else {
      throw VerifyError(.usage, "--threads must be 1 … 4096 (threads per round besides the first instance)")
    }
    guard options.rounds >= 2 else {
      throw VerifyError(.usage, "--rounds must be at least 2: a steady state needs more than one round")
    }
    let module: WasmModule
    do {
      module = try WasmModule(bytes: bytes)
    } catch {
      throw VerifyError(.refused, "\(name): malformed module: \(error)")
    }
    let result = OnNativeThread.run(stackBytes: options.nativeStackBytes) {
      VerifyRun(module: module, name: name, options: options).run()
    }
    return result
  }
}

/// Runs a body on a new native thread with a stack of its own and waits for its result.
enum OnNativeThread {
  static func run<T>(stackBytes: Int, _ body: @escaping () -> T) -> T {
    let box = ResultBox<T>(body)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.run()
      done.signal()
    }
    thread.stackSize = stackBytes
    thread.start()
    done.wait()
    return box.value!
  }
}

/// A body and its result, handed to the thread that runs it; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
  private let body: () -> T
  var value: T?

  init(_ body: @escaping () -> T) { self.body = body }

  func run() { value = body() }
}
