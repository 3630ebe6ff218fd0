/// A body's instructions as WasmParser decodes them: copied into a module of one code entry without locals (the
/// validator reads the local declarations itself), with the shift that turns WasmParser's offsets into file offsets.
struct InstructionStream {
  /// The entry, ready for an `ExpressionParser`.
  let code: Code
  /// Added to a WasmParser offset, gives the file offset.
  private let shift: Int
  /// The instructions' file offsets.
  private let range: Range<Int>

  /// The stream of `instructions` (their indices are file offsets).
  init(_ instructions: ModuleBytes) throws(ModuleError) {
    range = instructions.startIndex..<instructions.endIndex
    var module = ByteWriter(capacity: instructions.count + 24)
    module.raw(SectionWalker.header)
    module.byte(SectionID.code.rawValue)
    let entrySize = instructions.count + 1
    var entry = ByteWriter()
    entry.unsigned(entrySize)
    module.unsigned(1 + entry.bytes.count + entrySize)
    module.unsigned(1)
    module.raw(entry.bytes)
    module.byte(0)  // no local declarations
    let shift = instructions.startIndex - module.bytes.count
    self.shift = shift
    module.raw(instructions)
    var parser = Parser(bytes: module.bytes, features: ModuleReader.features)
    do {
      while let payload = try parser.parseNext() {
        if case .codeSection(let codes) = payload, let code = codes.first {
          self.code = code
          return
        }
      }
    } catch {
      throw ModuleError(error, in: Self.section(range), fallbackOffset: parser.offset, realOffset: { $0 + shift })
    }
    throw ModuleError(offset: range.lowerBound, "internal error: WasmParser decoded no code entry from the body")
  }

  /// The file offset of WasmParser offset `offset`.
  func fileOffset(_ offset: Int) -> Int { offset + shift }

  /// A WasmParser error met while decoding the instruction at WasmParser offset `instruction`, as a module error at
  /// the instruction's file offset (WasmParser's own offsets inside a body are not file offsets).
  func error(_ error: WasmParserError, decoding instruction: Int) -> ModuleError {
    let message = ModuleError(error, in: Self.section(range), fallbackOffset: instruction).message
    let prefix = "code section: "
    return ModuleError(
      offset: fileOffset(instruction),
      "malformed instruction: " + (message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message))
  }

  /// Instructions at `range` as a code section, for the conversion of WasmParser's errors.
  private static func section(_ range: Range<Int>) -> RawSection {
    RawSection(id: SectionID.code.rawValue, range: range, payload: range, customName: nil, content: range)
  }
}
