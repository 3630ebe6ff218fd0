/// WasmParser's view of the function bodies, decoded on demand: reading a module only walks the code section.
public struct DecodedBodies: Sendable {
  /// One `Code` per defined function (feed it to `ExpressionParser`).
  public let codes: [Code]
  /// `Code` and `ExpressionParser` offsets are offsets into a copy of the code section; adding `offsetShift` gives
  /// offsets into ``WasmModule/bytes``.
  public let offsetShift: Int
}

extension WasmModule {
  /// Decodes every defined function's body with WasmParser (an empty list when the module has no code section).
  public func decodeBodies() throws(ModuleError) -> DecodedBodies {
    guard let section = sections.first(where: { $0.kind == .code }) else {
      return DecodedBodies(codes: [], offsetShift: 0)
    }
    // A module of just the header and the code section: WasmParser decodes sections only after a header.
    let header = Array(bytes[0..<SectionWalker.header.count])
    var parser = Parser(bytes: header + bytes[section.range], features: ModuleReader.features)
    let shift = section.range.lowerBound - header.count
    do {
      while let payload = try parser.parseNext() {
        if case .codeSection(let codes) = payload { return DecodedBodies(codes: codes, offsetShift: shift) }
      }
    } catch {
      throw ModuleError(error, in: section, fallbackOffset: parser.offset, realOffset: { $0 + shift })
    }
    return DecodedBodies(codes: [], offsetShift: shift)
  }
}
