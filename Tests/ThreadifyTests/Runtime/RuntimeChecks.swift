import Testing

/// What one thread saw from inside the module (node harness or WasmKit), in one shape for both runtimes.
struct ThreadObservation: Sendable {
  var thread: Int
  var tlsBase: Int64
  var stackAlloc: Int64
  var tlsAddress: Int64
  var tlsAlignedAddress: Int64
  var initialOk: Bool
  var counterBefore: Int64
  var counter: Int64
  var stackAddress: Int64
  var probeRuns: Int
  var probeFailures: Int
  var programInitCount: Int64
  var dataMarker: Int64
}

extension ThreadObservation {
  /// From the node harness's per-thread result; a missing field is a test failure.
  init(node r: NodeReport.ThreadResult) throws {
    let probe = try #require(r.stackProbe, "thread \(r.thread): no stack_probe result")
    self.init(
      thread: r.thread,
      tlsBase: try #require(r.tlsBase, "thread \(r.thread): no __tls_base"),
      stackAlloc: r.stackAlloc ?? 0,  // an unpatched module exports no __stack_alloc
      tlsAddress: try #require(r.tlsAddress),
      tlsAlignedAddress: try #require(r.tlsAlignedAddress),
      initialOk: r.initialOk == true,
      counterBefore: try #require(r.counterBefore),
      counter: try #require(r.counter),
      stackAddress: try #require(r.stackAddress),
      probeRuns: probe.runs,
      probeFailures: probe.failures,
      programInitCount: try #require(r.programInitCount),
      dataMarker: Int64(try #require(r.dataMarker.flatMap { UInt32($0.dropFirst(2), radix: 16) }))
    )
  }
}

/// The assertions every runtime makes on what its threads saw.
enum RuntimeChecks {
  /// A correct patch: every thread has its own aligned, initialised TLS block and its own stack; thread 0 kept the
  /// static stack and the static `.tdata` block, the others have heap stacks of `stackSize` bytes that hold their
  /// stack addresses; writes to TLS are private; the program's initialisation ran once and the data segments were
  /// not re-applied. `sourceLocation` points failures at the calling test.
  static func expectIsolated(
    _ threads: [ThreadObservation], example: RuntimeExample, stackSize: UInt32, count: Int, increments: Int64,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let label = "\(example.testDescription)"
    #expect(threads.count == count, "\(label): results from \(threads.count) threads", sourceLocation: sourceLocation)
    #expect(
      Set(threads.map(\.thread)) == Set(0..<count), "\(label): thread numbers", sourceLocation: sourceLocation)
    #expect(
      Set(threads.map(\.tlsAddress)).count == threads.count, "\(label): TLS addresses \(threads.map(\.tlsAddress))",
      sourceLocation: sourceLocation)
    #expect(
      Set(threads.map(\.stackAddress)).count == threads.count,
      "\(label): stack addresses \(threads.map(\.stackAddress))", sourceLocation: sourceLocation)
    let tlsSize = Int64(RuntimeExample.tlsSize)
    let align = Int64(RuntimeExample.tlsAlign)
    for t in threads {
      let who = "\(label) thread \(t.thread)"
      #expect(t.tlsBase != 0, "\(who): __tls_base is 0", sourceLocation: sourceLocation)
      #expect(
        t.tlsAddress == t.tlsBase, "\(who): tls_address \(t.tlsAddress) ≠ __tls_base \(t.tlsBase)",
        sourceLocation: sourceLocation)
      #expect(
        t.tlsBase % align == 0, "\(who): __tls_base \(t.tlsBase) not aligned to \(align)",
        sourceLocation: sourceLocation)
      #expect(
        t.tlsAlignedAddress == t.tlsBase + 64 && t.tlsAlignedAddress % align == 0,
        "\(who): the _Alignas(64) member is at \(t.tlsAlignedAddress)", sourceLocation: sourceLocation)
      #expect(t.initialOk, "\(who): the .tdata initial values are not intact", sourceLocation: sourceLocation)
      #expect(
        t.counter == t.counterBefore + increments,
        "\(who): \(increments) increments gave \(t.counter - t.counterBefore)", sourceLocation: sourceLocation)
      #expect(t.probeRuns > 0, "\(who): stack_probe never ran", sourceLocation: sourceLocation)
      #expect(
        t.probeFailures == 0, "\(who): \(t.probeFailures)/\(t.probeRuns) stack probes saw another thread's pattern",
        sourceLocation: sourceLocation)
      #expect(
        t.programInitCount == 1, "\(who): program_init ran \(t.programInitCount) times", sourceLocation: sourceLocation)
      #expect(
        t.dataMarker == Int64(RuntimeExample.dataMarkerAfterInit),
        "\(who): data marker \(String(t.dataMarker, radix: 16)): the data segments were re-applied",
        sourceLocation: sourceLocation)
      if t.thread == 0 {
        #expect(
          t.stackAlloc == 0, "\(who): __stack_alloc \(t.stackAlloc): the first thread must keep the static stack",
          sourceLocation: sourceLocation)
        #expect(
          t.stackAddress > 0 && t.stackAddress < Int64(example.staticStackTop),
          "\(who): stack address \(t.stackAddress) not on the static stack (top \(example.staticStackTop))",
          sourceLocation: sourceLocation)
        #expect(
          t.tlsBase == Int64(example.staticTLSAddress),
          "\(who): __tls_base \(t.tlsBase): the first thread should keep the static .tdata block at \(example.staticTLSAddress)",
          sourceLocation: sourceLocation)
      } else {
        #expect(t.stackAlloc != 0, "\(who): no heap stack (__stack_alloc 0)", sourceLocation: sourceLocation)
        #expect(
          t.stackAddress >= t.stackAlloc && t.stackAddress < t.stackAlloc + Int64(stackSize),
          "\(who): stack address \(t.stackAddress) outside its heap stack [\(t.stackAlloc), +\(stackSize))",
          sourceLocation: sourceLocation)
      }
    }
    // No two TLS blocks or heap stacks overlap (nor a TLS block and a stack).
    var ranges: [(what: String, range: Range<Int64>)] = threads.map {
      ("TLS of thread \($0.thread)", $0.tlsBase..<($0.tlsBase + tlsSize))
    }
    ranges += threads.filter { $0.stackAlloc != 0 }.map {
      ("stack of thread \($0.thread)", $0.stackAlloc..<($0.stackAlloc + Int64(stackSize)))
    }
    for i in ranges.indices {
      for j in ranges.indices where j > i {
        #expect(
          !ranges[i].range.overlaps(ranges[j].range),
          "\(label): \(ranges[i].what) \(ranges[i].range) overlaps \(ranges[j].what) \(ranges[j].range)",
          sourceLocation: sourceLocation)
      }
    }
  }

  /// The one-line figures a test prints.
  static func figures(_ threads: [ThreadObservation]) -> String {
    let failures = threads.reduce(0) { $0 + $1.probeFailures }
    let runs = threads.reduce(0) { $0 + $1.probeRuns }
    return "threads \(threads.count), distinct TLS \(Set(threads.map(\.tlsAddress)).count), "
      + "distinct stacks \(Set(threads.map(\.stackAddress)).count), counters \(threads.map { $0.counter - $0.counterBefore }), "
      + "probe failures \(failures)/\(runs)"
  }

  /// Without the patch the threads share: every instance but the first has `__tls_base` 0 (so TLS is shared) and
  /// they all start on the linker's one stack. The suite must be able to see that.
  static func expectShared(
    _ threads: [ThreadObservation], count: Int, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(threads.count == count, sourceLocation: sourceLocation)
    let distinctTLS = Set(threads.map(\.tlsAddress)).count
    let distinctStacks = Set(threads.map(\.stackAddress)).count
    let failures = threads.reduce(0) { $0 + $1.probeFailures }
    #expect(
      distinctTLS < count || distinctStacks < count || failures > 0,
      "the unpatched module showed no sharing: the runtime checks could not fail", sourceLocation: sourceLocation)
    // What the unpatched module deterministically does: followers have no TLS block and one common stack.
    #expect(
      threads.filter { $0.thread != 0 }.allSatisfy { $0.tlsBase == 0 && $0.tlsAddress == 0 },
      "unpatched followers should have __tls_base 0: \(threads.map(\.tlsBase))", sourceLocation: sourceLocation)
    #expect(distinctTLS < count, "TLS addresses \(threads.map(\.tlsAddress))", sourceLocation: sourceLocation)
    #expect(distinctStacks < count, "stack addresses \(threads.map(\.stackAddress))", sourceLocation: sourceLocation)
  }

  /// The strict control: each check ``expectIsolated(_:example:stackSize:count:increments:sourceLocation:)`` makes
  /// must fail on the unpatched module, or the suite could not see a broken patch. The followers' TLS block is not
  /// theirs (base 0, no `.tdata` image), their counters do not read back their own increments (the shared word
  /// takes every follower's), their stack addresses coincide, and concurrent stack probes see another thread's
  /// pattern.
  static func expectEveryCheckFails(
    _ threads: [ThreadObservation], count: Int, increments: Int64, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(threads.count == count, sourceLocation: sourceLocation)
    let followers = threads.filter { $0.thread != 0 }
    #expect(followers.count == count - 1, sourceLocation: sourceLocation)
    #expect(
      followers.allSatisfy { $0.tlsBase == 0 && $0.tlsAddress == 0 },
      "unpatched followers should have __tls_base 0: \(threads.map(\.tlsBase))", sourceLocation: sourceLocation)
    #expect(
      followers.allSatisfy { !$0.initialOk },
      "unpatched followers should not see the .tdata initial values: \(followers.map(\.initialOk))",
      sourceLocation: sourceLocation)
    #expect(
      Set(threads.map(\.tlsAddress)).count < count, "TLS addresses \(threads.map(\.tlsAddress))",
      sourceLocation: sourceLocation)
    let counters = followers.map { $0.counter - $0.counterBefore }
    #expect(
      counters.allSatisfy { $0 != increments },
      "unpatched followers' counters should not read back exactly their own \(increments) increments: \(counters)",
      sourceLocation: sourceLocation)
    #expect(
      Set(followers.map(\.stackAddress)).count == 1, "stack addresses \(threads.map(\.stackAddress))",
      sourceLocation: sourceLocation)
    let failures = threads.reduce(0) { $0 + $1.probeFailures }
    #expect(
      failures > 0, "no stack probe saw another thread's pattern on the shared stack: the probe check could not fail",
      sourceLocation: sourceLocation)
  }
}
