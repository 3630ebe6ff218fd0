/// The checks on the threads live in one round: the first instance and the threads the round started, as seen
/// right after their starts.
struct RoundChecks {
  let layout: ThreadLayout
  let memory: SharedMemoryReader
  /// The first instance.
  let first: ThreadState
  /// The TLS image a new thread's block must hold right after its start.
  let tlsImage: [UInt8]?

  /// Every failure among `threads` (the round's new threads), in check order per thread, then across threads.
  func failures(of threads: [ThreadState]) -> [CheckFailure] {
    var found: [CheckFailure] = []
    for state in threads { found += ownFailures(of: state) }
    found += overlaps(among: threads)
    found += isolation(among: [first] + threads)
    return found
  }

  private func hex(_ value: Int64) -> String { (value < 0 ? "-0x" : "0x") + String(value.magnitude, radix: 16) }

  private func describe(_ range: Range<Int64>) -> String { "[\(hex(range.lowerBound)), \(hex(range.upperBound)))" }

  /// The checks about one new thread on its own.
  private func ownFailures(of state: ThreadState) -> [CheckFailure] {
    var found: [CheckFailure] = []
    func fail(_ check: VerifyCheck, _ detail: String) {
      found.append(CheckFailure(check, thread: state.thread, detail))
    }
    let stack = state.stack(size: layout.stackSize)
    if state.stackTop == first.stackTop || state.stackTop == layout.staticStackTop {
      fail(
        .stackPointerSet,
        "its stack pointer is \(hex(state.stackTop)), the first instance's static stack top: its start did not "
          + "give it a stack of its own")
    }
    if layout.tlsSize > 0, let base = state.tlsBase {
      if base == layout.initialTLSBase {
        fail(.tlsBaseSet, "its TLS base is \(hex(base)), the global's initial value: its start did not set it")
      } else if base == first.tlsBase {
        fail(.tlsBaseSet, "its TLS base is \(hex(base)), the first instance's TLS block")
      }
    }
    if state.stackTop % 16 != 0 { fail(.aligned, "its stack top \(hex(state.stackTop)) is not 16-byte aligned") }
    if let base = state.tlsBase, layout.tlsSize > 0, base % layout.tlsAlign != 0 {
      fail(.aligned, "its TLS base \(hex(base)) is not aligned to \(layout.tlsAlign) (the module's TLS alignment)")
    }
    let tls = state.tls(size: layout.tlsSize)
    for (what, range) in [("stack", stack), ("TLS block", tls)] {
      guard let range else { continue }
      if !memory.contains(range) {
        fail(.inBounds, "its \(what) \(describe(range)) is not inside the memory (\(memory.byteCount) bytes)")
      }
      if range.lowerBound < layout.staticEnd {
        fail(
          .clearOfStaticData,
          "its \(what) \(describe(range)) overlaps the static memory below \(hex(layout.staticEnd))")
      }
      if let page = layout.utilityPage, range.overlaps(page) {
        fail(.clearOfUtilityPage, "its \(what) \(describe(range)) overlaps the utility page \(describe(page))")
      }
    }
    if let image = tlsImage, tls != nil, state.tlsAtStart != image {
      let differing = zip(image, state.tlsAtStart ?? []).enumerated().first { $1.0 != $1.1 }?.offset
      fail(
        .tlsImage,
        "right after its start its TLS block does not hold the initial TLS image"
          + (differing.map { " (first difference at byte \($0))" } ?? " (the block is outside the memory)"))
    }
    return found
  }

  /// Stack ranges and TLS blocks of different threads must be disjoint; the first instance's TLS block counts too.
  private func overlaps(among threads: [ThreadState]) -> [CheckFailure] {
    var found: [CheckFailure] = []
    for (i, a) in threads.enumerated() {
      for b in threads[(i + 1)...] {
        let (stackA, stackB) = (a.stack(size: layout.stackSize), b.stack(size: layout.stackSize))
        if stackA.overlaps(stackB) {
          found.append(
            CheckFailure(
              .stacksDistinct, thread: b.thread,
              "its stack \(describe(stackB)) overlaps thread \(a.thread)'s \(describe(stackA))"))
        }
      }
    }
    let blocks = ([first] + threads).compactMap { state in state.tls(size: layout.tlsSize).map { (state, $0) } }
    for (i, (a, blockA)) in blocks.enumerated() {
      for (b, blockB) in blocks[(i + 1)...] where blockA.overlaps(blockB) {
        found.append(
          CheckFailure(
            .tlsDistinct, thread: b.thread,
            "its TLS block \(describe(blockB)) overlaps thread \(a.thread)'s \(describe(blockA))"))
      }
      for other in threads where other.thread != a.thread {
        let stack = other.stack(size: layout.stackSize)
        if blockA.overlaps(stack) {
          found.append(
            CheckFailure(
              .tlsDistinct, thread: a.thread,
              "its TLS block \(describe(blockA)) overlaps thread \(other.thread)'s stack \(describe(stack))"))
        }
      }
    }
    return found
  }

  /// Writes a pattern of its own into every thread's TLS block, checks that each block holds its own pattern, then
  /// puts the blocks back as they were.
  private func isolation(among threads: [ThreadState]) -> [CheckFailure] {
    let blocks = threads.compactMap { state in state.tls(size: layout.tlsSize).map { (state, $0) } }
      .filter { memory.contains($0.1) }
    let saved = blocks.map { memory.read($0.1) ?? [] }
    func pattern(_ index: Int, _ count: Int) -> [UInt8] {
      (0..<count).map { UInt8(truncatingIfNeeded: 0x5A &+ index &* 37 &+ $0) }
    }
    for (index, (_, block)) in blocks.enumerated() {
      memory.write(pattern(index, block.count), at: block.lowerBound)
    }
    var found: [CheckFailure] = []
    for (index, (state, block)) in blocks.enumerated() where memory.read(block) != pattern(index, block.count) {
      found.append(
        CheckFailure(
          .tlsIsolated, thread: state.thread,
          "a write into another thread's TLS block changed its block \(describe(block))"))
    }
    for (index, (_, block)) in blocks.enumerated().reversed() { memory.write(saved[index], at: block.lowerBound) }
    return found
  }

  /// After destroy, a thread's stack pointer and TLS base must no longer point into what it gave back.
  func failuresAfterDestroy(of state: ThreadState, stackPointer: Int64, tlsBase: Int64?) -> [CheckFailure] {
    var found: [CheckFailure] = []
    let stack = state.stack(size: layout.stackSize)
    if stack.contains(stackPointer) || stackPointer == stack.upperBound {
      found.append(
        CheckFailure(
          .globalsAfterDestroy, thread: state.thread,
          "after destroy its stack pointer is \(hex(stackPointer)), still inside the stack it gave back "
            + describe(stack)))
    }
    if let tls = state.tls(size: layout.tlsSize), let tlsBase, tls.contains(tlsBase) {
      found.append(
        CheckFailure(
          .globalsAfterDestroy, thread: state.thread,
          "after destroy its TLS base is \(hex(tlsBase)), still the TLS block it gave back \(describe(tls))"))
    }
    return found
  }
}
