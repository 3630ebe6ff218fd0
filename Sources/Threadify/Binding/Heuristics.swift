import ThreadifyRules
import WasmBinary

/// What the built-in heuristics find in a module.
enum Heuristics {
  /// Applies `heuristic`; exactly one candidate binds, several are an error listing them.
  static func apply(_ heuristic: Heuristic, to module: WasmModule, symbol: SymbolRule) throws(PatchError) -> UInt32? {
    let candidates: [UInt32] =
      switch heuristic {
      case .mutableI32NonzeroInit: mutableWithNonZeroInit(module, .i32)
      case .mutableI64NonzeroInit: mutableWithNonZeroInit(module, .i64)
      }
    if candidates.count > 1 {
      throw .symbolAmbiguous(
        symbol: symbol.name, heuristic: heuristic.rawValue,
        candidates: candidates.map { index in
          "global \(index)" + (module.names.global(at: index).map { " `\($0)`" } ?? "")
        },
        hint: symbol.hint)
    }
    return candidates.first
  }

  /// Defined mutable globals of `type` whose initialiser is a non-zero constant of that type.
  private static func mutableWithNonZeroInit(_ module: WasmModule, _ type: ValueType) -> [UInt32] {
    (0..<module.globals.count).compactMap { offset in
      let index = UInt32(module.importedGlobalCount + offset)
      guard module.globals[offset].type == GlobalType(mutability: .variable, valueType: type),
        let value = module.constantInitializer(ofGlobal: index), value != 0
      else { return nil }
      return index
    }
  }
}
