/// Rewrites a module's DWARF sections so that every code address they hold names, in the patched module, the same
/// instruction it named in the input: `.debug_line` (programs encoded again), `.debug_info` (addresses, lengths and
/// section offsets in place), `.debug_addr`, `.debug_ranges`/`.debug_rnglists`, `.debug_loc`/`.debug_loclists` and
/// `.debug_aranges`. Sections without code addresses are kept as they are. Input is untrusted: anything it cannot
/// rewrite exactly (an unknown section that may hold addresses, form, version or a malformed section) throws a
/// ``DWARFError`` naming the section, and the caller drops the DWARF rather than leave it stale.
public enum DWARFUpdater {
  /// The DWARF sections that hold no code address and no offset into a section the updater moves.
  static let addressFree: Set<String> = [
    ".debug_str", ".debug_abbrev", ".debug_str_offsets", ".debug_line_str", ".debug_pubnames", ".debug_pubtypes",
    ".debug_gnu_pubnames", ".debug_gnu_pubtypes", ".debug_names", ".debug_macinfo",
  ]

  /// The sections the updater rewrites.
  static let rewritten: Set<String> = [
    ".debug_info", ".debug_line", ".debug_addr", ".debug_ranges", ".debug_loc", ".debug_rnglists",
    ".debug_loclists", ".debug_aranges",
  ]

  /// The rewritten payloads of `sections` (by name; one section of each name) through `map`.
  public static func update(_ sections: [String: [UInt8]], through map: CodeAddressMap) throws(DWARFError) -> [String:
    [UInt8]]
  {
    for name in sections.keys.sorted() where !addressFree.contains(name) && !rewritten.contains(name) {
      throw DWARFError(name, offset: 0, "wasm-threadify does not know whether this section holds code addresses")
    }
    var output = sections
    let addresses = sections[".debug_addr"]
    var scan: DebugInfoScan?
    if let info = sections[".debug_info"] {
      guard let abbreviations = sections[".debug_abbrev"] else {
        throw DWARFError(".debug_info", offset: 0, "no .debug_abbrev to read it with")
      }
      scan = try DebugInfoScan(info: info, abbreviations: abbreviations, addresses: addresses)
    }
    let units = scan?.units ?? []
    var moved: [DebugInfoScan.Target: [Int: Int]] = [:]
    if let line = sections[LineTableRewriter.section] {
      let rewritten = try LineTableRewriter.rewrite(line, through: map)
      output[LineTableRewriter.section] = rewritten.bytes
      moved[.line] = rewritten.tables
    }
    for (name, locations, target) in [
      (".debug_ranges", false, DebugInfoScan.Target.ranges), (".debug_loc", true, .locations),
    ] {
      guard let bytes = sections[name] else { continue }
      output[name] = try LegacyListRewriter.rewrite(
        bytes, section: name, locations: locations, owners: scan?.listOwners[target] ?? [:], units: units, map: map)
    }
    var codeEntries = scan?.codeAddressEntries ?? []
    for (name, locations, target) in [
      (".debug_rnglists", false, DebugInfoScan.Target.rangeLists), (".debug_loclists", true, .locationLists),
    ] {
      guard let bytes = sections[name] else { continue }
      let rewriter = ListRewriter(
        section: name, locations: locations, units: units, owners: scan?.listOwners[target] ?? [:],
        addresses: addresses, map: map)
      let rewritten = try rewriter.rewrite(bytes)
      output[name] = rewritten.bytes
      codeEntries.formUnion(rewritten.codeEntries)
      moved[target] = rewritten.moved
    }
    if let aranges = sections[".debug_aranges"] {
      output[".debug_aranges"] = try AddressTables.rewriteAranges(aranges, map: map)
    }
    if let addresses, !codeEntries.isEmpty {
      let size = units.first?.addressSize ?? 4
      output[".debug_addr"] = try AddressTables.rewriteAddresses(
        addresses, codeEntries: codeEntries, size: size, map: map)
    }
    if let scan, let info = sections[".debug_info"] {
      output[".debug_info"] = try patch(info, scan.patches, moved: moved, map: map)
    }
    return output
  }

  private static func patch(
    _ info: [UInt8], _ patches: [DebugInfoScan.Patch], moved: [DebugInfoScan.Target: [Int: Int]], map: CodeAddressMap
  ) throws(DWARFError) -> [UInt8] {
    var output = info
    for patch in patches {
      var reader = DWARFReader(info, section: DebugInfoScan.section)
      switch patch {
      case .address(let offset, let size):
        reader.offset = offset
        let value = try reader.fixed(size)
        _ = DWARFEncoding.overwrite(map.address(value, size: size), size: size, at: offset, in: &output)
      case .length(let offset, let size, let uleb, let low, let addressSize):
        reader.offset = offset
        let length = uleb ? try reader.uleb() : try reader.fixed(size)
        let new = map.length(from: low, length, size: addressSize)
        let fits =
          uleb
          ? DWARFEncoding.overwriteULEB(new, size: size, at: offset, in: &output)
          : DWARFEncoding.overwrite(new, size: size, at: offset, in: &output)
        guard fits else { throw reader.error("the new length \(new) does not fit in \(size) bytes", at: offset) }
      case .offset(let offset, let target):
        reader.offset = offset
        let old = Int(try reader.fixed(4))
        // A section the updater did not rewrite keeps its offsets.
        guard let table = moved[target] else { continue }
        guard let new = table[old] else {
          throw reader.error("offset \(old) names no list or table the updater rewrote", at: offset)
        }
        _ = DWARFEncoding.overwrite(UInt64(new), size: 4, at: offset, in: &output)
      }
    }
    return output
  }
}
