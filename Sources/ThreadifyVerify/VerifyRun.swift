import Foundation
import MarkerFormat
import Threadify
import WasmBinary
import WasmKit

/// One run of ``Verifier``: the first instance, then `rounds` rounds of `threads` threads started, checked and
/// destroyed, all driven from one native thread (the instances share one memory; verify checks layout, not timing).
struct VerifyRun {
  let module: WasmModule
  let name: String
  let options: VerifyOptions

  func run() -> VerifyReport {
    let clock = ContinuousClock.now
    var failures: [CheckFailure] = []
    var rows: [VerifyReport.Row] = []
    var pages: [Int] = []
    var layout: ThreadLayout?
    var firstKeepsStaticTLS: Bool?
    var rules: String?
    func report() -> VerifyReport {
      VerifyReport(
        module: name, rules: rules, options: options, layout: layout, firstKeepsStaticTLS: firstKeepsStaticTLS,
        rows: rows, pages: pages, failures: failures, seconds: (ContinuousClock.now - clock).seconds)
    }
    do throws(CheckFailure) {
      let marker = try readMarker()
      rules = "\(marker.rules) \(marker.version)"
      let found = try ThreadLayout.make(marker: marker, module: module, stackSize: options.stackSize).get()
      layout = found
      let instrumented = try InstrumentedModule(module, layout: found, name: name)
      let engine = Engine(configuration: EngineConfiguration(features: .all))
      let shared: SharedMemory
      do {
        shared = try SharedMemory(
          engine: engine, type: instrumented.memoryType, resourceLimiter: DefaultResourceLimiter())
      } catch {
        throw CheckFailure(.marker, thread: nil, "cannot create the shared memory: \(error)")
      }
      func start(_ thread: UInt32) throws(CheckFailure) -> VerifiedInstance {
        try VerifiedInstance(
          thread: thread, module: instrumented, engine: engine, memory: shared, layout: found,
          stackSize: options.stackSize)
      }
      let firstInstance = try start(0)
      let memory = SharedMemoryReader(memory: Memory(store: firstInstance.store, sharedMemory: shared))
      let first = snapshot(firstInstance, round: 0, layout: found, memory: memory)
      var firstFailed: [VerifyCheck] = []
      if let top = found.staticStackTop, first.stackTop != top {
        failures.append(
          CheckFailure(
            .firstKeepsStaticStack, thread: 0,
            "its stack pointer is \(first.stackTop), not the static stack top \(top) the module starts with"))
        firstFailed.append(.firstKeepsStaticStack)
      }
      if found.tlsSize > 0, let base = first.tlsBase { firstKeepsStaticTLS = base < found.staticEnd }
      rows.append(.init(thread: 0, round: 0, stackTop: first.stackTop, tlsBase: first.tlsBase, failed: firstFailed))
      pages.append(Int(memory.byteCount / 65536))
      let checks = RoundChecks(
        layout: found, memory: memory, first: first, tlsImage: first.tlsAtStart)
      var highest: [Int64] = []
      var next: UInt32 = 1
      for round in 1...options.rounds {
        var instances: [VerifiedInstance] = []
        var states: [ThreadState] = []
        var roundFailures: [CheckFailure] = []
        var stopped = false
        for _ in 0..<options.threads {
          do {
            let instance = try start(next)
            instances.append(instance)
            states.append(snapshot(instance, round: round, layout: found, memory: memory))
          } catch {
            roundFailures.append(error)
            stopped = true
            break
          }
          next += 1
        }
        roundFailures += checks.failures(of: states)
        for (instance, state) in zip(instances, states) where !stopped {
          do {
            try instance.destroySelf(found.destroy)
          } catch {
            roundFailures.append(error)
            stopped = true
            break
          }
          roundFailures += checks.failuresAfterDestroy(
            of: state, stackPointer: instance.stackPointer, tlsBase: instance.tlsBase)
        }
        failures += roundFailures
        if round == 1 || round == options.rounds || stopped {
          for state in states {
            let failed = VerifyCheck.allCases.filter { check in
              roundFailures.contains { $0.check == check && $0.thread == state.thread }
            }
            rows.append(
              .init(
                thread: state.thread, round: state.round, stackTop: state.stackTop, tlsBase: state.tlsBase,
                failed: failed))
          }
        }
        // A thread that could not start or be destroyed leaves the memory as it is: later rounds prove nothing.
        if stopped { return report() }
        highest.append(
          states.map { max($0.stackTop, $0.tls(size: found.tlsSize)?.upperBound ?? 0) }.max() ?? 0)
        pages.append(Int(memory.byteCount / 65536))
        options.progress?(round, pages.last ?? 0)
      }
      failures += steadiness(pages: pages, highest: highest)
    } catch {
      failures.append(error)
    }
    return report()
  }

  /// The module's marker, or a failed `marker` check saying why there is none to use.
  private func readMarker() throws(CheckFailure) -> ThreadMarker {
    let sections = module.customSections.filter { $0.name == options.markerSection }
    guard let section = sections.first else {
      throw CheckFailure(
        .marker, thread: nil,
        "\(name) has no \"\(options.markerSection)\" marker section: it was not patched by wasm-threadify "
          + "(patch it first: wasm-threadify patch \(name) -o PATCHED.wasm)")
    }
    guard sections.count == 1 else {
      throw CheckFailure(.marker, thread: nil, "\(name) has \(sections.count) marker sections, expected one")
    }
    do {
      return try ThreadMarker(payload: Array(section.payload))
    } catch {
      throw CheckFailure(.marker, thread: nil, "\(name): \(error)")
    }
  }

  /// A thread's state right after its start.
  private func snapshot(
    _ instance: VerifiedInstance, round: Int, layout: ThreadLayout, memory: SharedMemoryReader
  ) -> ThreadState {
    let tlsBase = layout.tlsBaseGlobal == nil ? nil : instance.tlsBase
    let block = tlsBase.flatMap { base in layout.tlsSize > 0 ? memory.read(base..<(base + layout.tlsSize)) : nil }
    return ThreadState(
      thread: instance.thread, round: round, stackTop: instance.stackPointer, tlsBase: tlsBase, tlsAtStart: block)
  }

  /// Over the second half of the rounds, neither the memory nor the highest address given to a thread may grow:
  /// what destroy gives back is what the next round's threads get.
  private func steadiness(pages: [Int], highest: [Int64]) -> [CheckFailure] {
    let rounds = highest.count
    let middle = max(1, rounds / 2)
    var found: [CheckFailure] = []
    if pages[rounds] > pages[middle] {
      found.append(
        CheckFailure(
          .memorySteady, thread: nil,
          "the memory grew from \(pages[middle]) to \(pages[rounds]) pages between round \(middle) and round "
            + "\(rounds): destroy does not give the threads' memory back"))
    }
    let before = highest[..<middle].max() ?? 0
    if let last = highest.last, last > before {
      found.append(
        CheckFailure(
          .memorySteady, thread: nil,
          "round \(rounds) gave a thread memory up to 0x\(String(last, radix: 16)), above anything rounds 1 … "
            + "\(middle) used (0x\(String(before, radix: 16))): the allocator does not reuse what destroy gave back"))
    }
    return found
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }
}
