import Foundation

/// What a correct patch of a matrix module must show at run time, as a list of failures (empty: correct). Tests
/// expect the list to be empty for a patched module, and to contain the sharing failures for an unpatched one, so
/// the same checks are shown to be able to fail.
enum MatrixChecks {
  /// `data_marker()` after `program_init()` (examples/README.md).
  static let dataMarkerAfterInit: Int64 = 0xD0E5_0002

  static func problems(_ run: MatrixRun, module: MatrixModule, stackSize: Int64, count: Int, increments: Int64)
    -> [String]
  {
    var problems: [String] = []
    func check(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { problems.append(message()) } }
    let threads = run.threads
    check(threads.count == count, "results from \(threads.count) of \(count) threads")
    check(Set(threads.map(\.thread)) == Set(0..<count), "thread numbers \(threads.map(\.thread))")
    check(
      Set(threads.map(\.tlsAddress)).count == threads.count, "TLS addresses not distinct: \(threads.map(\.tlsAddress))")
    check(
      Set(threads.map(\.stackAddress)).count == threads.count,
      "stack addresses not distinct: \(threads.map(\.stackAddress))")
    let align = Int64(module.tlsAlign)
    for t in threads {
      let who = "thread \(t.thread)"
      check(t.tlsBase != 0, "\(who): __tls_base is 0")
      check(t.tlsAddress == t.tlsBase, "\(who): tls_address \(t.tlsAddress) ≠ __tls_base \(t.tlsBase)")
      check(t.tlsBase % align == 0, "\(who): __tls_base \(t.tlsBase) not aligned to \(align)")
      check(t.tlsAlignedAddress == t.tlsBase + 64, "\(who): the _Alignas(64) member is at \(t.tlsAlignedAddress)")
      check(t.initialOk, "\(who): the .tdata initial values are not intact")
      check(
        t.counter == t.counterBefore + increments,
        "\(who): \(increments) increments gave \(t.counter - t.counterBefore)")
      check(t.probeRuns > 0, "\(who): stack_probe never ran")
      check(t.probeFailures == 0, "\(who): \(t.probeFailures)/\(t.probeRuns) stack probes saw another thread's pattern")
      check(t.programInitCount == 1, "\(who): program_init ran \(t.programInitCount) times")
      check(t.dataMarker == dataMarkerAfterInit, "\(who): data marker \(String(t.dataMarker, radix: 16))")
      if t.thread == 0 {
        check(t.stackAlloc == 0, "\(who): __stack_alloc \(t.stackAlloc): the first thread keeps the static stack")
        check(
          t.stackAddress > 0 && t.stackAddress < Int64(module.stackPointer),
          "\(who): stack address \(t.stackAddress) not on the static stack (top \(module.stackPointer))")
        // reuse_static_tls: only where __wasm_init_memory set __tls_base (LLVM >= 15) does the first instance keep
        // the static .tdata block; with LLVM 13/14 it allocates one like every other instance.
        if module.initMemorySetsTLSBase {
          check(
            t.tlsBase == Int64(module.staticTLSAddress),
            "\(who): __tls_base \(t.tlsBase), expected the static .tdata block at \(module.staticTLSAddress)")
        } else {
          check(
            t.tlsBase != Int64(module.staticTLSAddress),
            "\(who): __tls_base is the static block \(t.tlsBase), which this linker's init_memory never filled")
        }
      } else {
        check(t.stackAlloc != 0, "\(who): no heap stack (__stack_alloc 0)")
        check(
          t.stackAddress >= t.stackAlloc && t.stackAddress < t.stackAlloc + stackSize,
          "\(who): stack address \(t.stackAddress) outside its heap stack [\(t.stackAlloc), +\(stackSize))")
      }
    }
    // No two TLS blocks or heap stacks overlap (nor a TLS block and a stack).
    var ranges: [(what: String, range: Range<Int64>)] = threads.map {
      ("TLS of thread \($0.thread)", $0.tlsBase..<($0.tlsBase + Int64(module.tlsSize)))
    }
    ranges += threads.filter { $0.stackAlloc != 0 }.map {
      ("stack of thread \($0.thread)", $0.stackAlloc..<($0.stackAlloc + stackSize))
    }
    for i in ranges.indices {
      for j in ranges.indices where j > i && ranges[i].range.overlaps(ranges[j].range) {
        problems.append("\(ranges[i].what) \(ranges[i].range) overlaps \(ranges[j].what) \(ranges[j].range)")
      }
    }
    check(
      run.liveBytesAfter == run.liveBytesBaseline,
      "leaked \(run.liveBytesAfter - run.liveBytesBaseline) bytes (baseline \(run.liveBytesBaseline))")
    check(run.allocErrors == 0, "allocator errors (bad or double frees): \(run.allocErrors)")
    return problems
  }

  /// One line of figures for the test log.
  static func figures(_ run: MatrixRun) -> String {
    "\(run.runtime): threads \(run.threads.count), distinct TLS \(Set(run.threads.map(\.tlsAddress)).count), "
      + "distinct stacks \(Set(run.threads.map(\.stackAddress)).count), thread 0 __tls_base "
      + "\(run.threads.first { $0.thread == 0 }?.tlsBase ?? -1), probe failures "
      + "\(run.threads.reduce(0) { $0 + $1.probeFailures }), leaked \(run.liveBytesAfter - run.liveBytesBaseline) bytes"
  }
}
