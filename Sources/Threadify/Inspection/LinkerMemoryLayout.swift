import ThreadifyRules

/// Reconstructs the linker's memory layout from the stack pointer's initial value and the end-of-data and
/// heap-base values, when the module has them. The utility page comes after the initial memory, or is its last
/// page(s) when the module is already patched (`reserved`).
struct LinkerMemoryLayout {
  let stackFirst: Bool?
  let regions: [ModuleReport.Region]

  init(
    stackTop: Int64?, dataEnd: Int64?, heapBase: Int64?, initialPages: UInt64?, reservedPages: Int?, reserved: Bool
  ) {
    let utilityBytes = Int64(reservedPages ?? 0) * Reservation.pageSize
    let memoryEnd = initialPages.map { Int64($0) * Reservation.pageSize - (reserved ? utilityBytes : 0) }
    var regions: [ModuleReport.Region] = []
    switch (stackTop, dataEnd) {
    case (let top?, let dataEnd?) where top <= dataEnd:
      stackFirst = true
      regions.append(.init(name: "stack", start: 0, end: top, note: "main thread's stack, grows down from \(hex(top))"))
      regions.append(.init(name: "static data", start: top, end: dataEnd, note: nil))
    case (let top?, let dataEnd?):
      stackFirst = false
      regions.append(.init(name: "static data", start: 0, end: dataEnd, note: "from the global base"))
      regions.append(
        .init(name: "stack", start: dataEnd, end: top, note: "main thread's stack, grows down from \(hex(top))"))
    default:
      stackFirst = nil
    }
    if let heapStart = heapBase ?? (stackFirst == false ? stackTop : dataEnd), let memoryEnd, heapStart <= memoryEnd {
      regions.append(
        .init(
          name: "heap", start: heapStart, end: memoryEnd, note: "to the end of initial memory; grows with memory.grow"))
    }
    if let memoryEnd, reservedPages != nil {
      regions.append(
        .init(
          name: "utility page", start: memoryEnd, end: memoryEnd + utilityBytes,
          note: reserved
            ? "reserved by the patch (thread counter, lock, temporary stack)" : "where the patch reserves it"))
    }
    self.regions = regions
  }
}

/// `0x0010a3c4`.
func hex(_ value: Int64) -> String {
  let digits = String(value, radix: 16)
  return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
