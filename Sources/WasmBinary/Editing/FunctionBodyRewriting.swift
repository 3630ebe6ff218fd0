/// Finding instructions in a defined function's body and rebuilding the body around replacements; everything
/// between the replaced instructions is copied byte for byte.
extension WasmModule {
  /// The absolute byte ranges of the instructions of function `index` (a defined function) equal to `pattern`.
  public func occurrences(of pattern: InstructionPattern, inFunction index: FunctionIndex) throws(ModuleError)
    -> [Range<Int>]
  {
    let defined = Int(index) - importedFunctionCount
    precondition(defined >= 0 && defined < codes.count, "occurrences(of:inFunction:) needs a defined function")
    let code = codes[defined]
    var parser = ExpressionParser(code: code)
    var ranges: [Range<Int>] = []
    var start = code.expression.startIndex
    do {
      while try parser.parse() != nil {
        let end = parser.offset
        if pattern.matches(bytes, start..<end) { ranges.append(start..<end) }
        start = end
      }
    } catch {
      throw ModuleError(offset: start, "function \(index): \(error)")
    }
    return ranges
  }

  /// The number of params and locals of defined function `index`: the index its first appended local gets.
  public func localCount(ofFunction index: FunctionIndex) -> Int {
    let defined = Int(index) - importedFunctionCount
    precondition(defined >= 0 && defined < codes.count, "localCount(ofFunction:) needs a defined function")
    return (functionType(at: index)?.parameters.count ?? 0) + codes[defined].locals.count
  }

  /// The body of defined function `index` with `extraLocals` appended to its locals and each of `replacements`
  /// (absolute, ascending, non-overlapping instruction ranges) replaced by its bytes; for
  /// ``ModuleEditor/replaceBody(ofFunction:with:)``.
  public func rewrittenBody(
    ofFunction index: FunctionIndex, extraLocals: [ValueType], replacements: [(range: Range<Int>, bytes: [UInt8])]
  ) -> [UInt8] {
    let defined = Int(index) - importedFunctionCount
    let body = body(ofFunction: index)!
    let instructions = codes[defined].expression.startIndex
    var declarations = ByteReader(bytes, body.startIndex..<instructions)
    // The body was read once already, so its local declarations decode.
    let declarationCount = (try? declarations.u32("local declaration count")) ?? 0
    var writer = ByteWriter(capacity: body.count + 16 * replacements.count)
    writer.unsigned(Int(declarationCount) + extraLocals.count)
    writer.raw(bytes[declarations.offset..<instructions])
    for type in extraLocals {
      writer.unsigned(1)
      writer.valueType(type)
    }
    var copied = instructions
    for replacement in replacements {
      writer.raw(bytes[copied..<replacement.range.lowerBound])
      writer.raw(replacement.bytes)
      copied = replacement.range.upperBound
    }
    writer.raw(bytes[copied..<body.endIndex])
    return writer.bytes
  }
}
