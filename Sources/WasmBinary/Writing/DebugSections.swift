/// The custom sections that describe code by its address: DWARF (`.debug_*`, addresses from the start of the code
/// section's payload) and `sourceMappingURL` (a source map counts file offsets). The writer copies them only while
/// the code they describe stays put, and drops them with a ``WriterWarning`` otherwise — never stale.
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

  /// The warnings for a module written with `map`: DWARF goes when the code moves, a source map when a file
  /// offset of the code does. Empty when nothing must be dropped.
  static func warnings(for module: WasmModule, _ map: CodeOffsetMap) -> [WriterWarning] {
    var warnings: [WriterWarning] = []
    let dwarf = dwarfNames(in: module)
    if !dwarf.isEmpty, map.movesCode {
      warnings.append(
        WriterWarning(
          droppedSections: dwarf,
          reason:
            "the patch moves the code their addresses name (\(map.movement)); wasm-threadify does not rewrite DWARF "
            + "yet, so it drops it rather than leave it stale"))
    }
    if module.sections.contains(where: { $0.customName == sourceMapURL }), map.movesFileOffsets {
      warnings.append(
        WriterWarning(
          droppedSections: [sourceMapURL],
          reason:
            "the patch moves the code's file offsets (\(map.movement)), so the source map it names would be stale; "
            + "regenerate the map for the patched module"))
    }
    return warnings
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
