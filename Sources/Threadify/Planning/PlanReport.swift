import ThreadifyRules
import WasmBinary

extension PatchPlan {
  /// The `--dry-run` text: the binding table, params, reserved addresses, memory change and every edit.
  public var report: String {
    var lines = ["rule set \(ruleSet) (version \(ruleSetVersion))", "", "symbols:"]
    let nameWidth = (symbols.map(\.name) + unboundSymbols).map(\.count).max() ?? 0
    for symbol in symbols {
      lines.append(
        "  \(symbol.name.padded(to: nameWidth))  \(symbol.item.text.padded(to: 22))  via \(symbol.matchedBy)")
    }
    for name in unboundSymbols {
      lines.append("  \(name.padded(to: nameWidth))  \("(not bound)".padded(to: 22))  optional")
    }
    lines.append("params:")
    lines += params.map { "  \($0.name) = \($0.value)" }
    lines.append("reserved:")
    lines += reservedAddresses.map { "  \($0.name) = \($0.value) (0x\(String($0.value, radix: 16)))" }
    lines.append("memory 0: \(memoryBefore.text) -> \(memoryAfter.text)")
    lines.append("add globals:")
    lines += globals.map { "  \($0.index) \($0.name): \(TypeSyntax.describe($0.type)) = \($0.initializer.text)" }
    lines.append("add functions:")
    lines += functions.map { function in
      "  \(function.index) \(function.name): \(TypeSyntax.describe(function.type)), \(function.body.count) bytes of code"
    }
    lines.append("remove exports: " + (removedExports.isEmpty ? "none" : removedExports.joined(separator: ", ")))
    lines.append(
      "add exports: "
        + (addedExports.isEmpty
          ? "none" : addedExports.map { "\($0.name) (\($0.descriptor.text))" }.joined(separator: ", ")))
    for rewrite in rewrites {
      lines.append(
        "rewrite \(rewrite.name): "
          + (rewrite.applied
            ? "\(rewrite.sites) instructions in \(rewrite.functions) functions"
            : "not applied (its condition does not hold)"))
    }
    lines.append("start: " + (start.map { "function \($0)" } ?? "none (start section removed)"))
    lines.append(
      "marker: "
        + (marker.map { "custom section \($0.name): \(String(decoding: $0.content.payload, as: UTF8.self))" }
          ?? "none"))
    return lines.joined(separator: "\n")
  }
}

extension BoundItem {
  var text: String {
    switch self {
    case .global(let index): "global \(index)"
    case .function(let index): "function \(index)"
    case .value(let value, _): "value \(value)"
    case .table(let index): "table \(index)"
    }
  }
}

extension ExportDescriptor {
  var text: String {
    switch self {
    case .function(let index): "function \(index)"
    case .global(let index): "global \(index)"
    case .memory(let index): "memory \(index)"
    case .table(let index): "table \(index)"
    case .tag(let index): "tag \(index)"
    }
  }
}

extension ConstantInitializer {
  var text: String {
    switch self {
    case .i32(let value): "\(value)"
    case .i64(let value): "\(value)"
    }
  }
}

extension Limits {
  /// `17..16384 pages, shared`.
  var text: String {
    "\(min)..\(max.map(String.init) ?? "") pages" + (shared ? ", shared" : "") + (isMemory64 ? ", memory64" : "")
  }
}

extension String {
  func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
