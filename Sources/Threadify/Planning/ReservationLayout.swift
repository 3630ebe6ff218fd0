import MarkerFormat
import ThreadifyRules
import WasmBinary

/// Where the reserved items land: fresh pages at the memory's initial size, which grows by the reserved pages.
struct ReservationLayout {
  /// The largest number of pages a 32-bit memory can have.
  static let maxPages: UInt64 = 65536
  /// The largest number of pages a memory64 can have (2^64 bytes).
  static let maxPages64: UInt64 = 1 << 48

  let addresses: [NamedValue]
  let memoryAfter: Limits
  /// The first reserved address and the number of pages, when the rule set reserves memory.
  let reserved: ThreadMarker.Reserved?

  init(_ reservation: Reservation?, memory: Limits, hint hints: [String: String]) throws(PatchError) {
    guard let reservation else {
      addresses = []
      memoryAfter = memory
      reserved = nil
      return
    }
    let newMinimum = memory.min + UInt64(reservation.pages)
    let maximum = memory.max ?? memory.min
    guard newMinimum <= maximum, newMinimum <= (memory.isMemory64 ? Self.maxPages64 : Self.maxPages) else {
      throw .requirementFailed(
        message: "memory 0 has \(memory.min) initial pages and a maximum of "
          + (memory.max.map { "\($0)" } ?? "none (= initial)")
          + ": the \(reservation.pages) reserved page(s) do not fit",
        hint: hints["growable"])
    }
    let start = Int64(memory.min) * Reservation.pageSize
    reserved = ThreadMarker.Reserved(address: UInt64(start), pages: UInt64(reservation.pages))
    addresses = reservation.itemOffsets.map { NamedValue(name: $0.name, value: start + $0.offset) }
    // A 32-bit address holds at most 4 GiB - 1: an item at (or a stack top ending at) 4 GiB cannot be addressed.
    if !memory.isMemory64, let outside = addresses.first(where: { $0.value > Int64(UInt32.max) }) {
      throw .requirementFailed(
        message: "memory 0 has \(memory.min) initial pages: the \(reservation.pages) reserved page(s) after them "
          + "would put `\(outside.name)` at \(outside.value), past the last address of a 32-bit memory "
          + "(\(UInt32.max))",
        hint: nil)
    }
    var after = memory
    after.min = newMinimum
    after.max = max(maximum, newMinimum)
    memoryAfter = after
  }
}
