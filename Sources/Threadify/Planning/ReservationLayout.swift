import ThreadifyRules
import WasmBinary

/// Where the reserved items land: fresh pages at the memory's initial size, which grows by the reserved pages.
struct ReservationLayout {
  static let pageSize: Int64 = 65536
  /// The largest number of pages a 32-bit memory can have.
  static let maxPages: UInt64 = 65536

  let addresses: [NamedValue]
  let memoryAfter: Limits

  init(_ reservation: Reservation?, memory: Limits, hint hints: [String: String]) throws(PatchError) {
    guard let reservation else {
      addresses = []
      memoryAfter = memory
      return
    }
    let newMinimum = memory.min + UInt64(reservation.pages)
    let maximum = memory.max ?? memory.min
    guard newMinimum <= maximum, newMinimum <= Self.maxPages else {
      throw .requirementFailed(
        message: "memory 0 has \(memory.min) initial pages and a maximum of "
          + (memory.max.map { "\($0)" } ?? "none (= initial)")
          + ": the \(reservation.pages) reserved page(s) do not fit",
        hint: hints["growable"])
    }
    let start = Int64(memory.min) * Self.pageSize
    let end = start + Int64(reservation.pages) * Self.pageSize
    var cursor = start
    var addresses: [NamedValue] = []
    for item in reservation.items {
      switch item.placement {
      case .sequential(let size, let align):
        cursor = (cursor + Int64(align) - 1) / Int64(align) * Int64(align)
        addresses.append(NamedValue(name: item.name, value: cursor))
        cursor += Int64(size)
      case .end:
        addresses.append(NamedValue(name: item.name, value: end))
      }
    }
    self.addresses = addresses
    var after = memory
    after.min = newMinimum
    after.max = max(maximum, newMinimum)
    memoryAfter = after
  }
}
