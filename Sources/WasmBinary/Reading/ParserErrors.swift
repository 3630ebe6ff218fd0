extension ModuleError {
  /// Converts a WasmParser error met while decoding `section`. WasmParser keeps the offset to itself, so it is read
  /// back from the description ("... at offset 0x1f"); `fallbackOffset` (where the parser stopped) serves otherwise.
  /// `realOffset` turns the parser's offsets into file offsets.
  init(
    _ error: WasmParserError, in section: RawSection, fallbackOffset: Int, realOffset: (Int) -> Int = { $0 }
  ) {
    var text = error.description
    var offset = realOffset(fallbackOffset)
    if let marker = text.firstRange(of: " at offset 0x") {
      let digits = text[marker.upperBound...].prefix { $0.isHexDigit }
      offset = Int(digits, radix: 16).map(realOffset) ?? offset
      text = String(text[..<marker.lowerBound]) + text[marker.upperBound...].dropFirst(digits.count)
    }
    text = text.trimmingCharacters(in: ["\"", ".", " "])
    let wrapper = (prefix: "Message(text: \"", suffix: "\")")
    if text.hasPrefix(wrapper.prefix) && text.hasSuffix(wrapper.suffix) {
      text = String(text.dropFirst(wrapper.prefix.count).dropLast(wrapper.suffix.count))
    }
    switch text {
    case "integerRepresentationTooLong": text = "LEB128 integer is too long"
    case "overflow": text = "LEB128 integer overflows its type"
    case "insufficientBytes": text = "LEB128 integer is cut short"
    case _ where text.hasPrefix("Unexpected end") && offset >= section.range.upperBound:
      text = "the contents run past the end of the section (its size is \(section.payload.count) bytes)"
    case _ where text.hasPrefix("Section size mismatch") && offset < section.range.upperBound:
      text = "the contents end \(section.range.upperBound - offset) bytes before the end of the section"
    default: break
    }
    let name = section.kind?.name ?? "unknown"
    self.init(offset: offset, "\(name) section: \(text)")
  }
}

extension String {
  /// The string without the given characters at either end.
  fileprivate func trimmingCharacters(in characters: Set<Character>) -> String {
    String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
  }
}
