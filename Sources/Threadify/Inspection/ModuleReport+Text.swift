extension ModuleReport {
  /// The plain-text form printed by `inspect`.
  public var text: String {
    var lines: [String] = []
    lines.append("verdict: \(verdict.flavour) — \(verdict.reason)")
    if let patchedWith { lines.append("patched with: \(patchedWith)") }
    if !ruleSets.isEmpty {
      lines.append("rule sets:")
      lines += ruleSets.outcomeLines
    }
    lines.append("")
    lines.append("memories:")
    for memory in memories {
      lines.append(
        "  memory \(memory.index): \(memory.minPages)..\(memory.maxPages.map(String.init) ?? "") pages, "
          + (memory.shared ? "shared" : "not shared") + ", \(memory.address)"
          + (memory.imported.map { ", imported as \($0)" } ?? ", defined"))
    }
    if memories.isEmpty { lines.append("  none") }
    lines.append("globals:")
    for global in globals {
      var line = "  \(global.index) \(global.type)"
      if let name = global.name { line += " `\(name)`" }
      if let value = global.initialValue { line += " = \(value)" }
      if let imported = global.imported { line += " imported from \(imported)" }
      if !global.exportedAs.isEmpty { line += " exported as \(global.exportedAs.joined(separator: ", "))" }
      lines.append(line)
    }
    lines.append(
      "imports: \(imports.count) ("
        + importCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")")
    lines += imports.map { "  \($0)" }
    lines.append("exports: \(exports.count)")
    lines += exports.map { "  \($0)" }
    lines.append("start: \(start ?? "none")")
    lines.append("symbols (rule set \(ruleSet)):")
    for symbol in symbols {
      if let boundTo = symbol.boundTo {
        lines.append(
          "  \(symbol.symbol): \(boundTo)" + (symbol.value.map { " = \($0)" } ?? "") + " via \(symbol.via ?? "?")")
      } else {
        lines.append("  \(symbol.symbol): \(symbol.problem ?? "not bound")")
      }
    }
    lines.append(
      "TLS: size \(tlsSize.map(String.init) ?? "unknown"), alignment \(tlsAlign.map(String.init) ?? "unknown")")
    if let stackPointer, let boundTo = stackPointer.boundTo {
      lines.append(
        "stack pointer: \(boundTo), initial value \(stackPointer.value.map(String.init) ?? "?"), found via \(stackPointer.via ?? "?")"
      )
    } else {
      lines.append("stack pointer: not found")
    }
    lines.append(
      "layout: "
        + (stackFirst.map { $0 ? "stack first (stack below static data)" : "data first (stack after static data)" }
          ?? "unknown"))
    if !memoryMap.isEmpty {
      lines.append("memory map:")
      for region in memoryMap {
        lines.append(
          "  \(hex(region.start)) - \(hex(region.end))  \(region.name.padded(to: 12)) \(sizeText(region.end - region.start).padded(to: 10))"
            + (region.note.map { "  \($0)" } ?? ""))
      }
    }
    lines.append(
      "target features: " + (targetFeatures.isEmpty ? "none recorded" : targetFeatures.joined(separator: " ")))
    for (field, values) in producers.sorted(by: { $0.key < $1.key }) {
      lines.append("producers \(field): \(values.joined(separator: ", "))")
    }
    return lines.joined(separator: "\n")
  }
}

/// `1024 KiB`, `312 B`.
private func sizeText(_ bytes: Int64) -> String {
  bytes >= 10 * 1024 ? "\(bytes / 1024) KiB" : "\(bytes) B"
}
