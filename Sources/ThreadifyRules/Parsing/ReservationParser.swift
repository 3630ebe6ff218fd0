/// Parses `reserve`: a page count and the items laid out in those pages, checking that they fit.
enum ReservationParser {
  static let pageSize = Reservation.pageSize
  /// A 32-bit memory has at most this many pages.
  static let maxPages: Int64 = 65536

  static func parse(_ node: YAMLNode) throws(RuleError) -> Reservation {
    let map = try node.map("'reserve'", context: "in reserve", allowed: ["pages", "items"])
    let pagesNode = try map.required("pages")
    let pages = try pagesNode.integer(map.what("pages"))
    guard (1...maxPages).contains(pages) else {
      throw pagesNode.error("'pages' in reserve must be between 1 and \(maxPages), found \(pages)")
    }
    var items: [ReservedItem] = []
    var next: Int64 = 0
    for entry in try RuleFileParser.named(map, "items", kind: "reserved item") {
      let item = try self.item(entry)
      if case .sequential(let size, let align) = item.placement {
        next = Reservation.place(after: next, size: size, align: align).end
        guard next <= pages * pageSize else {
          throw RuleError(
            entry.keyLocation,
            "reserved item '\(entry.key)' ends at byte \(next) of the reservation, past its \(pages) "
              + "page\(pages == 1 ? "" : "s") (\(pages * pageSize) bytes)")
        }
      }
      items.append(item)
    }
    return Reservation(pages: Int(pages), items: items, location: map.location)
  }

  private static func item(_ entry: YAMLMap.Entry) throws(RuleError) -> ReservedItem {
    let context = "in reserved item '\(entry.key)'"
    if entry.value.scalarText == "end" {
      return ReservedItem(name: entry.key, placement: .end, location: entry.keyLocation)
    }
    guard case .mapping = entry.value.node else {
      throw entry.value.typeError("reserved item '\(entry.key)'", expected: "{size: N, align: N} or 'end'")
    }
    let map = try entry.value.map("reserved item '\(entry.key)'", context: context, allowed: ["size", "align"])
    let sizeNode = try map.required("size")
    let size = try sizeNode.integer(map.what("size"))
    guard (1...maxPages * pageSize).contains(size) else {
      throw sizeNode.error("'size' \(context) must be a positive number of bytes, found \(size)")
    }
    let alignNode = try map.required("align")
    let align = try alignNode.integer(map.what("align"))
    guard align > 0, align <= pageSize, align & (align - 1) == 0 else {
      throw alignNode.error("'align' \(context) must be a power of two (at most \(pageSize)), found \(align)")
    }
    return ReservedItem(
      name: entry.key, placement: .sequential(size: Int(size), align: Int(align)), location: entry.keyLocation)
  }
}
