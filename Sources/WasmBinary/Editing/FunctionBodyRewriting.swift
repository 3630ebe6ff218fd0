/// Finding instructions in a defined function's body and rebuilding the body around replacements; everything
/// between the replaced instructions is copied byte for byte.
extension WasmModule {
  /// The file ranges of the instructions of function `index` (a defined function) equal to `pattern`; decodes that
  /// one body (``decodeBody(ofFunction:)``).
  public func occurrences(of pattern: InstructionPattern, inFunction index: FunctionIndex) throws(ModuleError)
    -> [Range<Int>]
  {
    try instructionRanges(ofFunction: index).filter { pattern.matches(bytes, $0) }
  }

  /// The number of params and locals of defined function `index`: the index its first appended local gets.
  public func localCount(ofFunction index: FunctionIndex) -> Int {
    let defined = Int(index) - importedFunctionCount
    precondition(defined >= 0 && defined < layout.bodies.count, "localCount(ofFunction:) needs a defined function")
    var declared = 0
    var reader = ByteReader(bytes, layout.bodies[defined])
    // The reader walked these declarations already, so they decode.
    let groups = (try? reader.u32("local declarations")) ?? 0
    for _ in 0..<groups {
      declared += Int((try? reader.u32("a local count")) ?? 0)
      _ = try? EntryWalkers.skipValueType(&reader, "a local type")
    }
    return (functionType(at: index)?.parameters.count ?? 0) + declared
  }

  /// The body of defined function `index` with `extraLocals` appended to its locals and each of `replacements`
  /// (ascending, non-overlapping instruction ranges of the file) replaced by its bytes, with where each piece came
  /// from; for ``ModuleEditor/replaceBody(ofFunction:with:)``.
  public func rewrittenBody(
    ofFunction index: FunctionIndex, extraLocals: [ValueType], replacements: [(range: Range<Int>, bytes: [UInt8])]
  ) -> BodyRewrite {
    let defined = Int(index) - importedFunctionCount
    let body = layout.bodies[defined]
    let instructions = instructionsStart(ofDefinedFunction: defined)
    var declarations = ByteReader(bytes, body)
    let declarationCount = (try? declarations.u32("local declaration count")) ?? 0
    var writer = ByteWriter(capacity: body.count + 16 * replacements.count)
    var pieces: [BodyRewrite.Piece] = []
    func append(_ input: Range<Int>, _ replacement: [UInt8]?) {
      guard !input.isEmpty else { return }
      pieces.append(BodyRewrite.Piece(input: input, output: writer.bytes.count, copied: replacement == nil))
      writer.raw(replacement ?? Array(bytes[input]))
    }
    var count = ByteWriter()
    count.unsigned(Int(declarationCount) + extraLocals.count)
    append(body.lowerBound..<declarations.offset, count.bytes)
    append(declarations.offset..<instructions, nil)
    for type in extraLocals {
      writer.unsigned(1)
      writer.valueType(type)
    }
    var copied = instructions
    for replacement in replacements {
      append(copied..<replacement.range.lowerBound, nil)
      append(replacement.range, replacement.bytes)
      copied = replacement.range.upperBound
    }
    append(copied..<body.upperBound, nil)
    return BodyRewrite(bytes: writer.bytes, pieces: pieces)
  }

  /// Where the instructions of the `defined`-th function body start, after its local declarations.
  private func instructionsStart(ofDefinedFunction defined: Int) -> Int {
    var reader = ByteReader(bytes, layout.bodies[defined])
    // The reader walked these declarations already, so they decode.
    let groups = (try? reader.u32("local declarations")) ?? 0
    for _ in 0..<groups {
      _ = try? reader.u32("a local count")
      _ = try? EntryWalkers.skipValueType(&reader, "a local type")
    }
    return reader.offset
  }
}

extension WasmModule {
  /// The file ranges of the instructions of function `index` (a defined function), in order; decodes that one body.
  public func instructionRanges(ofFunction index: FunctionIndex) throws(ModuleError) -> [Range<Int>] {
    let defined = Int(index) - importedFunctionCount
    guard let decoded = try decodeBody(ofFunction: index) else {
      preconditionFailure("instructionRanges(ofFunction:) needs a defined function")
    }
    var parser = ExpressionParser(code: decoded.code)
    var ranges: [Range<Int>] = []
    var start = instructionsStart(ofDefinedFunction: defined)
    do {
      while try parser.parse() != nil {
        let end = parser.offset + decoded.offsetShift
        ranges.append(start..<end)
        start = end
      }
    } catch {
      throw ModuleError(offset: start, "function \(index): \(error)")
    }
    return ranges
  }
}
