import WasmDWARF

/// The custom sections that describe code by its address: DWARF (`.debug_*`, addresses from the start of the code
/// section's payload) and `sourceMappingURL` (a source map counts file offsets). The writer copies DWARF while the
/// code stays put and rewrites it when the code moves (dropping it with a ``WriterWarning`` when it cannot), and
/// drops the source map's URL when the code's file offsets move — never stale.
enum DebugSections {
  /// The name of the custom section holding a source map's URL.
  static let sourceMapURL = "sourceMappingURL"

  /// Whether `name` is a DWARF section. All of them go together: the ones without code addresses (`.debug_str`,
  /// `.debug_abbrev`, ...) only serve the ones with (`.debug_info`, `.debug_line`, ...).
  static func isDWARF(_ name: String) -> Bool {
    name.hasPrefix(".debug_")
  }

  /// The distinct names of `module`'s DWARF sections, in module order.
  static func dwarfNames(in module: WasmModule) -> [String] {
    var names: [String] = []
    for section in module.sections {
      if let name = section.customName, isDWARF(name), !names.contains(name) { names.append(name) }
    }
    return names
  }

  /// How the writer carries the DWARF of `module` over to an output written with `map`: kept when no code moves,
  /// else rewritten by ``DWARFUpdater`` (the payloads to write instead), or dropped with a warning naming the
  /// sections and the one that could not be rewritten.
  static func dwarf(of module: WasmModule, _ map: CodeOffsetMap) -> (
    replaced: [String: [UInt8]], warning: WriterWarning?
  ) {
    let names = dwarfNames(in: module)
    guard !names.isEmpty, map.movesCode else { return ([:], nil) }
    var payloads: [String: [UInt8]] = [:]
    for section in module.sections {
      guard let name = section.customName, isDWARF(name) else { continue }
      guard payloads[name] == nil else {
        return ([:], WriterWarning(droppedSections: names, reason: "the module has two \(name) sections"))
      }
      payloads[name] = Array(module.bytes[section.content])
    }
    do {
      let updated = try DWARFUpdater.update(payloads, through: CodeAddressMap { map.outputOffset(ofCodeOffset: $0) })
      return (updated, nil)
    } catch {
      return (
        [:],
        WriterWarning(
          droppedSections: names,
          reason:
            "the patch moves the code their addresses name (\(map.movement)), and wasm-threadify cannot rewrite "
            + "\(error.section) exactly (offset \(error.offset): \(error.message)), so it drops the DWARF rather than "
            + "leave it stale")
      )
    }
  }

  /// The warning for a module written with `map` when its source map's URL must go: a file offset of the code moves
  /// and the edits do not set a new URL (a map rewritten for the output: ``ModuleEditor/setSourceMapURL(_:)``).
  static func sourceMapWarning(for editor: ModuleEditor, _ map: CodeOffsetMap) -> WriterWarning? {
    guard editor.module.sections.contains(where: { $0.customName == sourceMapURL }), map.movesFileOffsets,
      !editor.customSections.contains(where: { $0.name == sourceMapURL })
    else { return nil }
    return WriterWarning(
      droppedSections: [sourceMapURL],
      reason:
        "the patch moves the code's file offsets (\(map.movement)), so the source map it names would be stale; "
        + "regenerate the map for the patched module")
  }
}

extension WasmModule {
  /// Whether the module has a custom section that names code by address (DWARF or a source map's URL).
  var hasCodeAddressingSections: Bool {
    sections.contains { section in
      section.customName.map { DebugSections.isDWARF($0) || $0 == DebugSections.sourceMapURL } ?? false
    }
  }
}
