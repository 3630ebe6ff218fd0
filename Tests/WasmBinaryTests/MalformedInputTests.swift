import Testing

@testable import WasmBinary

/// Frames sections into a module: the header, then each (id, payload) with its size.
func module(_ sections: [(id: UInt8, payload: [UInt8])]) -> [UInt8] {
  var out = ByteWriter()
  out.raw(SectionWalker.header)
  for section in sections { out.framed(id: section.id, payload: section.payload) }
  return out.bytes
}

/// Expects reading `bytes` to fail with a ModuleError that has an offset (and says `message`, at `offset`, if given).
func expectModuleError(
  _ bytes: [UInt8], _ message: String? = nil, at offset: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  do {
    _ = try WasmModule(bytes: bytes)
    Issue.record("the module was accepted", sourceLocation: sourceLocation)
  } catch {
    #expect(error.offset != nil, "\(error)", sourceLocation: sourceLocation)
    if let offset { #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation) }
    if let message {
      #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
    }
  }
}

/// A function type `[] -> []`, one function of it, and its body `end`.
let oneFunction: [(id: UInt8, payload: [UInt8])] = [
  (1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (10, [0x01, 0x02, 0x00, 0x0B]),
]

@Suite struct TruncationTests {
  let bytes: [UInt8]
  let sectionEnds: Set<Int>

  init() throws {
    bytes = try Fixtures.bytes("minimal_test.wasm")
    sectionEnds = Set(try WasmModule(bytes: bytes).sections.map(\.range.upperBound) + [8])
  }

  @Test func everyTruncationAroundASectionBoundaryFailsCleanly() throws {
    let module = try WasmModule(bytes: bytes)
    var lengths = Set<Int>()
    for section in module.sections {
      for boundary in [section.range.lowerBound, section.range.upperBound, section.content.lowerBound] {
        for delta in -3...3 where boundary + delta >= 0 && boundary + delta < bytes.count {
          lengths.insert(boundary + delta)
        }
      }
    }
    lengths.formUnion(stride(from: 0, to: bytes.count, by: 61))
    lengths.formUnion(0...9)
    for length in lengths.sorted() { check(length) }
  }

  /// A prefix that ends inside a section must be refused; one that ends between sections may be a valid module.
  private func check(_ length: Int) {
    let prefix = Array(bytes[..<length])
    if sectionEnds.contains(length) {
      do throws(ModuleError) {
        _ = try WasmModule(bytes: prefix)
      } catch {
        #expect(error.offset != nil, "length \(length): \(error)")
      }
    } else {
      expectModuleError(prefix)
    }
  }

  @Test func prefixesWithoutTheCodeSectionMissBodies() {
    let module = try! WasmModule(bytes: bytes)
    let code = module.sections.first { $0.kind == .code }!
    expectModuleError(Array(bytes[..<code.range.lowerBound]), "the code section has 0 bodies")
    let data = module.sections.first { $0.kind == .data }!
    expectModuleError(Array(bytes[..<data.range.lowerBound]), "data count section says 2")
    #expect(throws: Never.self) { try WasmModule(bytes: Array(bytes[..<data.range.upperBound])) }
  }
}

@Suite struct ByteFlipTests {
  /// Reads `bytes` with one byte changed: it may be accepted (most of a module is data) but must never crash, and a
  /// refusal must carry an offset.
  private func readWithFlip(_ bytes: [UInt8], at position: Int, to value: UInt8) {
    var flipped = bytes
    flipped[position] = value
    do throws(ModuleError) {
      let module = try WasmModule(bytes: flipped)
      _ = ModuleEditor(module).write()
    } catch {
      #expect(error.offset != nil, "byte \(position) = \(value): \(error)")
    }
  }

  @Test func flipsInSectionHeaders() throws {
    let bytes = try Fixtures.bytes("minimal_test.wasm")
    let module = try WasmModule(bytes: bytes)
    for section in module.sections {
      for position in section.range.lowerBound..<min(section.content.lowerBound + 2, section.range.upperBound) {
        for value in [bytes[position] ^ 0xFF, bytes[position] ^ 0x80, bytes[position] ^ 0x01, 0x00, 0x7F, 0xFF] {
          readWithFlip(bytes, at: position, to: value)
        }
      }
    }
  }

  @Test func flipsAcrossTheFile() throws {
    let bytes = try Fixtures.bytes("minimal_test.wasm")
    for position in stride(from: 0, to: bytes.count, by: 89) {
      for value in [bytes[position] ^ 0xFF, bytes[position] ^ 0x40, 0x00] {
        readWithFlip(bytes, at: position, to: value)
      }
    }
  }

  @Test func flipsInEveryByteOfTheSmallSections() throws {
    let bytes = try Fixtures.bytes("minimal_test.wasm")
    let module = try WasmModule(bytes: bytes)
    let small = module.sections.filter { [.type, .import, .function, .global, .export, .start].contains($0.kind) }
    for section in small {
      for position in section.range {
        readWithFlip(bytes, at: position, to: bytes[position] ^ 0xFF)
      }
    }
  }
}

@Suite struct MalformedHeaderTests {
  @Test func headers() {
    expectModuleError([], "unexpected end of file in the module header", at: 0)
    expectModuleError([0x00, 0x61, 0x73], "unexpected end of file in the module header", at: 3)
    expectModuleError([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], "does not start with \\0asm", at: 0)
    expectModuleError([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00], "unexpected end of file in the module header", at: 6)
    expectModuleError([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unsupported WebAssembly version", at: 4)
    expectModuleError([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00], "WebAssembly component", at: 4)
    #expect(throws: Never.self) { try WasmModule(bytes: SectionWalker.header) }
  }
}

@Suite struct MalformedSectionTests {
  @Test func overlongAndOverflowingLEB128Sizes() {
    var sixBytes = SectionWalker.header
    sixBytes += [0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
    expectModuleError(sixBytes, "LEB128", at: 9)
    var tooBig = SectionWalker.header
    tooBig += [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
    expectModuleError(tooBig, "does not fit in 32 bits", at: 9)
    var cut = SectionWalker.header
    cut += [0x01, 0x80, 0x80]
    expectModuleError(cut, "unexpected end", at: 11)
  }

  @Test func paddedLEB128IsAcceptedAndKept() throws {
    var bytes = SectionWalker.header
    bytes += [0x01, 0x85, 0x80, 0x80, 0x80, 0x00, 0x80, 0x80, 0x80, 0x80, 0x00]  // type section, 5 bytes: 0 types
    let module = try WasmModule(bytes: bytes)
    #expect(module.types.isEmpty)
    #expect(ModuleEditor(module).write() == bytes)
  }

  @Test func sectionSizesThatLie() {
    expectModuleError(SectionWalker.header + [0x01, 0x10, 0x00], "needs 16 bytes but only 1 remain", at: 10)
    // The size is too small for the one type the section holds.
    expectModuleError(SectionWalker.header + [0x01, 0x03, 0x01, 0x60, 0x00], "run past the end of the section", at: 13)
    // The size is larger than the contents: the extra byte is left over.
    expectModuleError(SectionWalker.header + [0x01, 0x02, 0x00, 0x00], "type section")
    expectModuleError(module([(3, [0x01, 0x00, 0x00])]), "function section")
  }

  @Test func hugeCounts() {
    let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
    expectModuleError(module([(1, huge + [0x60, 0x00, 0x00])]), "4294967295 types declared")
    expectModuleError(module([(1, [0x01, 0x60] + huge)]), "type section")
    expectModuleError(module([(2, huge)]), "4294967295 imports declared")
    expectModuleError(module([(3, huge + [0x00])]), "4294967295 functions declared")
    expectModuleError(module([(6, huge)]), "4294967295 globals declared")
    expectModuleError(module([(7, huge + [0x00])]), "4294967295 exports declared")
    expectModuleError(module([(10, huge + [0x02, 0x00, 0x0B])]), "4294967295 function bodies declared")
    expectModuleError(module([(10, [0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])]), "local declarations")
    expectModuleError(module([(11, huge)]), "data section")
  }

  @Test func localsThatWouldExpandEnormously() {
    // 3000 bodies, each declaring 99 999 locals in 7 bytes.
    let count = 3000
    var function = ByteWriter()
    function.unsigned(count)
    var code = ByteWriter()
    code.unsigned(count)
    for _ in 0..<count {
      function.byte(0)
      code.raw([0x06, 0x01, 0x9F, 0x8D, 0x06, 0x7F, 0x0B])
    }
    expectModuleError(
      module([(1, [0x01, 0x60, 0x00, 0x00]), (3, function.bytes), (10, code.bytes)]), "locals in total")
  }

  @Test func malformedBodies() {
    expectModuleError(module(Array(oneFunction.prefix(2)) + [(10, [0x01, 0x00])]), "1 function bodies declared")
    expectModuleError(module(Array(oneFunction.prefix(2)) + [(10, [0x01, 0x00, 0x0B])]), "local declarations")
    expectModuleError(module(Array(oneFunction.prefix(2)) + [(10, [0x01, 0x02, 0x00, 0x01])]), "does not end with")
    expectModuleError(module(Array(oneFunction.prefix(2)) + [(10, [0x01, 0x01, 0x00])]), "does not end with")
    expectModuleError(module(Array(oneFunction.prefix(2)) + [(10, [0x01, 0x03, 0x01, 0x01, 0x7F])]), "does not end")
    expectModuleError(module(Array(oneFunction.prefix(2)) + [(10, [0x01, 0x03, 0x02, 0x01, 0x7F])]), "local")
    expectModuleError(module(Array(oneFunction.prefix(2)) + [(10, [0x01, 0x02, 0x00, 0x0B, 0x00])]), "left over")
  }

  @Test func outOfOrderAndDuplicateSections() {
    expectModuleError(module([(3, [0x00]), (1, [0x00])]), "the type section must come before the function section")
    expectModuleError(module([(1, [0x00]), (1, [0x00])]), "duplicate type section", at: 11)
    expectModuleError(module([(10, [0x00]), (12, [0x00])]), "datacount section must come before the code section")
    expectModuleError(module([(7, [0x00]), (6, [0x00])]), "global section must come before the export section")
    expectModuleError(module([(14, [])]), "unknown section id 14", at: 8)
    // Custom sections may go anywhere, any number of times.
    let custom: (id: UInt8, payload: [UInt8]) = (0, [0x01, 0x63, 0xAA])
    #expect(throws: Never.self) { try WasmModule(bytes: module([custom, (1, [0x00]), custom, custom, (3, [0x00])])) }
  }

  @Test func functionAndCodeCountsMustAgree() {
    expectModuleError(module(Array(oneFunction.prefix(2))), "declares 1 functions but the code section has 0")
    expectModuleError(module([oneFunction[0], oneFunction[2]]), "declares 0 functions but the code section has 1")
    expectModuleError(
      module([oneFunction[0], (3, [0x02, 0x00, 0x00]), oneFunction[2]]),
      "declares 2 functions but the code section has 1")
  }

  @Test func dataCountMustAgree() {
    let data: (id: UInt8, payload: [UInt8]) = (11, [0x01, 0x01, 0x01, 0x2A])
    #expect(throws: Never.self) { try WasmModule(bytes: module([(5, [0x01, 0x00, 0x01]), (12, [0x01]), data])) }
    expectModuleError(module([(5, [0x01, 0x00, 0x01]), (12, [0x02]), data]), "says 2 data segments")
    expectModuleError(module([(12, [0x01])]), "says 1 data segments but the data section has 0")
  }

  @Test func gcTypesAreRefused() {
    expectModuleError(module([(1, [0x01, 0x5F, 0x00])]), "GC types are not supported")
    expectModuleError(module([(1, [0x01, 0x4E, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00])]), "GC types")
    expectModuleError(module([(1, [0x01, 0x50, 0x00, 0x60, 0x00, 0x00])]), "GC types")
  }

  @Test func badCustomSections() {
    expectModuleError(module([(0, [0x05, 0x61])]), "custom section's name")
    expectModuleError(module([(0, [0x02, 0xC3, 0x28])]), "not valid UTF-8")
    expectModuleError(module([(0, [])]), "unexpected end")
  }

  /// The element and code sections are shown to WasmParser as empty stand-ins; an error in a later section must
  /// still name its offset in the file, and the sections after them must read as they are.
  @Test func offsetsAfterTheSectionsTheParserSeesEmpty() throws {
    let sections: [(id: UInt8, payload: [UInt8])] = [
      (1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (4, [0x01, 0x70, 0x00, 0x01]), (5, [0x01, 0x00, 0x01]),
      (9, [0x01, 0x00, 0x41, 0x00, 0x0B, 0x03, 0x00, 0x00, 0x00]), (10, [0x01, 0x02, 0x00, 0x0B]),
      (11, [0x01, 0x01, 0x01, 0x61]),
    ]
    let valid = try WasmModule(bytes: module(sections))
    guard case .passive(let bytes) = try #require(valid.dataSegments.first) else {
      Issue.record("the data segment is not passive")
      return
    }
    #expect(Array(bytes) == [0x61])
    var broken = sections
    broken[6].payload = [0x01, 0x01, 0x05, 0x61]  // five bytes announced, one there
    let brokenBytes = module(broken)
    let data = try #require(try SectionWalker.sections(of: ModuleBytes(brokenBytes)).last)
    do {
      _ = try WasmModule(bytes: brokenBytes)
      Issue.record("the module was accepted")
    } catch {
      #expect(error.message.contains("data section"), "\(error)")
      #expect(error.offset.map { data.range.contains($0) || $0 == data.range.upperBound } == true, "\(error)")
    }
  }

  @Test func malformedEntries() {
    expectModuleError(module([(2, [0x01, 0x01, 0x61, 0x01, 0x62, 0x07, 0x00])]), "unknown kind 7 of import 0")
    expectModuleError(module([(5, [0x01, 0x08, 0x00])]), "memory section")
    expectModuleError(module([(6, [0x01, 0x7F, 0x00, 0x41, 0x00])]), "global section")
    expectModuleError(module([(7, [0x01, 0x01, 0x61, 0x00])]), "unexpected end")
    expectModuleError(module([(8, [0x80, 0x80, 0x80, 0x80, 0x80, 0x00])]), "start section: LEB128")
  }
}
