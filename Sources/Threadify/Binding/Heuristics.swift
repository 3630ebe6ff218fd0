import ThreadifyRules
import WasmBinary

/// The built-in heuristics a `lookup` may name. They know WebAssembly shapes, never toolchain names.
enum Heuristics {
  /// Names accepted in rule files.
  static let names = ["mutable-i32-nonzero-init"]

  /// Applies heuristic `name`; exactly one candidate binds, several are an error listing them.
  static func apply(_ name: String, to module: WasmModule, symbol: SymbolRule) throws(PatchError) -> UInt32? {
    switch name {
    case "mutable-i32-nonzero-init":
      let candidates = mutableI32WithNonZeroInit(module)
      if candidates.count > 1 {
        throw .symbolAmbiguous(
          symbol: symbol.name, heuristic: name,
          candidates: candidates.map { index in
            "global \(index)" + (module.names.globals[index].map { " `\($0)`" } ?? "")
          },
          hint: symbol.hint)
      }
      return candidates.first
    default:
      throw .invalidEdit("symbol `\(symbol.name)`: unknown heuristic \(name) (known: \(names.joined(separator: ", ")))")
    }
  }

  /// Defined mutable i32 globals whose initialiser is a non-zero `i32.const`.
  private static func mutableI32WithNonZeroInit(_ module: WasmModule) -> [UInt32] {
    (0..<module.globals.count).compactMap { offset in
      let index = UInt32(module.importedGlobalCount + offset)
      let global = module.globals[offset]
      guard global.type == GlobalType(mutability: .variable, valueType: .i32),
        let value = module.constantInitializer(ofGlobal: index), value != 0
      else { return nil }
      return index
    }
  }
}
