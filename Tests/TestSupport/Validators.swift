import Foundation

/// The outside validators the tests check modules with, each run one way. Both tools are required: a missing one
/// fails the test (``OutsideTool``).
public enum Validators {
  /// `wasm-tools validate` (its default features: the phase-4 proposals, threads among them); with
  /// `customSections`, `--validate-custom` too.
  public static func wasmTools(_ module: [UInt8], customSections: Bool = false) throws -> ProcessResult {
    try OutsideTool.wasmTools.run(["validate"] + (customSections ? ["--validate-custom"] : []), onModule: module)
  }

  /// WABT's `wasm-validate --enable-threads`, with `features` (`--enable-tail-call`, ...) enabled too.
  public static func wabt(_ module: [UInt8], features: [String] = []) throws -> ProcessResult {
    try OutsideTool.wasmValidate.run(["--enable-threads"] + features, onModule: module)
  }

  /// Both validators on `module` (WABT with `wabtFeatures` enabled too); one line per validator that refuses it
  /// (none: both accept it).
  public static func problems(_ module: [UInt8], wabtFeatures: [String] = []) throws -> [String] {
    var problems: [String] = []
    let wabt = try wabt(module, features: wabtFeatures)
    if wabt.status != 0 {
      problems.append("wasm-validate \((["--enable-threads"] + wabtFeatures).joined(separator: " ")): \(wabt.output)")
    }
    let tools = try wasmTools(module)
    if tools.status != 0 { problems.append("wasm-tools validate: \(tools.output)") }
    return problems
  }
}

extension Validators {
  /// `wasm-tools validate` on each module, up to `parallel` processes at once; the results in the modules' order.
  public static func wasmTools(each modules: [[UInt8]], parallel: Int = 3) throws -> [ProcessResult] {
    let results = Results(count: modules.count)
    let slots = DispatchSemaphore(value: parallel)
    let done = DispatchGroup()
    for (index, module) in modules.enumerated() {
      slots.wait()
      done.enter()
      Thread {
        results.set(index, Result { try wasmTools(module) })
        slots.signal()
        done.leave()
      }.start()
    }
    done.wait()
    return try results.all()
  }

  /// The results the threads write, each its own slot, under a lock.
  private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<ProcessResult, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<ProcessResult, any Error>) {
      lock.withLock { slots[index] = result }
    }

    func all() throws -> [ProcessResult] {
      try lock.withLock { try slots.map { try $0!.get() } }
    }
  }
}
