/// WasmParser's view of one function body, decoded on demand: reading a module only walks the code section.
public struct DecodedBody: Sendable {
  /// The body (feed it to `ExpressionParser`).
  public let code: Code
  /// `Code` and `ExpressionParser` offsets are offsets into a copy of the body; adding `offsetShift` gives offsets
  /// into ``WasmModule/bytes``.
  public let offsetShift: Int
}

extension WasmModule {
  /// Decodes the body of defined function `index` with WasmParser; nil for an imported function or an index out of
  /// range. Only that body is copied and decoded.
  public func decodeBody(ofFunction index: FunctionIndex) throws(ModuleError) -> DecodedBody? {
    let defined = Int(index) - importedFunctionCount
    guard defined >= 0, defined < layout.codeEntries.count,
      let section = sections.first(where: { $0.kind == .code })
    else { return nil }
    // A module of just the header and a code section holding this one entry: WasmParser decodes sections only
    // after a header.
    let entry = layout.codeEntries[defined]
    var module = ByteWriter(capacity: entry.count + 16)
    module.raw(SectionWalker.header)
    module.byte(SectionID.code.rawValue)
    module.unsigned(entry.count + 1)
    module.unsigned(1)
    let shift = entry.lowerBound - module.bytes.count
    module.raw(bytes[entry])
    var parser = Parser(bytes: module.bytes, features: ModuleReader.features)
    do {
      while let payload = try parser.parseNext() {
        if case .codeSection(let codes) = payload, let code = codes.first {
          return DecodedBody(code: code, offsetShift: shift)
        }
      }
    } catch {
      throw ModuleError(error, in: section, fallbackOffset: parser.offset, realOffset: { $0 + shift })
    }
    return nil
  }
}
