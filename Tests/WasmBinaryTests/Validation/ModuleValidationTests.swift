import Foundation
import TestSupport
import Testing
import WAT
import WasmBinary

/// The module-level validator against hand-made invalid modules, one per rule, and the corruptions of issue 16: each
/// must be rejected with the offset of the offending entry, and `wasm-tools validate` must reject it too (so the rule
/// is one engines apply); each control must pass both.
@Suite struct ModuleValidationTests {
  /// A module of the header and `sections` (id, content).
  static func binary(_ sections: [(UInt8, [UInt8])]) -> [UInt8] {
    var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
    for (id, content) in sections {
      precondition(content.count < 128)
      bytes += [id, UInt8(content.count)] + content
    }
    return bytes
  }

  /// The error validating `bytes` gives (nil when it is valid); reading must succeed.
  static func validationError(_ bytes: [UInt8]) throws -> ModuleError? {
    let module = try WasmModule(bytes: bytes)
    do {
      _ = try module.validate()
      return nil
    } catch {
      return error
    }
  }

  /// Expects the validator to reject `bytes` at `offset` (when given) with `message` in its text, and wasm-tools to
  /// reject it too.
  static func expectInvalid(
    _ bytes: [UInt8], _ message: String, offset: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let error = try #require(try validationError(bytes), "not rejected: \(message)", sourceLocation: sourceLocation)
    #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
    if let offset { #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation) }
    let tools = try Validators.wasmTools(bytes)
    #expect(tools.status != 0, "wasm-tools accepts what is rejected with: \(error)", sourceLocation: sourceLocation)
  }

  /// Expects both the validator and wasm-tools to accept `bytes`.
  static func expectValid(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let error = try validationError(bytes)
    #expect(error == nil, "\(String(describing: error))", sourceLocation: sourceLocation)
    let tools = try Validators.wasmTools(bytes)
    #expect(tools.status == 0, "wasm-tools: \(tools.output)", sourceLocation: sourceLocation)
  }

  static func flipped(_ bytes: [UInt8], at offset: Int, to value: UInt8) -> [UInt8] {
    var bytes = bytes
    bytes[offset] = value
    return bytes
  }

  // MARK: The corruptions of issue 16 (Tests/Fixtures/real/minimal_test.wasm).

  @Test func unmodifiedFixtureValidates() throws {
    let bytes = try Fixtures.bytes("minimal_test.wasm")
    try Self.expectValid(bytes)
    let context = try WasmModule(bytes: bytes).validate()
    #expect(context.types.count == 16)
    #expect(context.functionTypeIndices.count == 121)  // 3 imported + 118 defined
    #expect(context.elementTypes.count == 1)
    #expect(context.declaredFunctionReferences.count >= 28)
  }

  @Test func everyRealFixtureValidates() throws {
    for url in Fixtures.real {
      let error = try Self.validationError(Array(try Data(contentsOf: url)))
      #expect(error == nil, "\(url.lastPathComponent): \(String(describing: error))")
    }
  }

  @Test func outOfRangeTypeIndexInTheFunctionSection() throws {
    let bytes = Self.flipped(try Fixtures.bytes("minimal_test.wasm"), at: 0xE0, to: 0x10)
    try Self.expectInvalid(bytes, "unknown type 16", offset: 0xE0)
  }

  @Test func badElementSegmentFlags() throws {
    let bytes = Self.flipped(try Fixtures.bytes("minimal_test.wasm"), at: 0x2DD, to: 0x08)
    try Self.expectInvalid(bytes, "element segment 0: invalid flags 8", offset: 0x2DD)
  }

  @Test func shortElementSection() throws {
    // The segment claims 29 functions; the section holds 28.
    let bytes = Self.flipped(try Fixtures.bytes("minimal_test.wasm"), at: 0x2E1, to: 0x1D)
    try Self.expectInvalid(bytes, "29 elements of element segment 0 declared, but only 28 bytes remain", offset: 0x2E1)
  }

  @Test func malformedNameSectionIsRefusedWithAHint() throws {
    // The module name's length (0x11) becomes 0x7F: past the end of subsection 0.
    let bytes = Self.flipped(try Fixtures.bytes("minimal_test.wasm"), at: 0x8C4F, to: 0x7F)
    let error = try #require(try Self.validationError(bytes))
    #expect(error.offset == 0x8C50)
    #expect(error.message.hasPrefix("malformed name section:"))
    #expect(error.message.contains("wasm-tools strip"))
  }

  /// Two functions `[] -> []` and a name section of `subsections` (id, content).
  static func named(_ subsections: [(UInt8, [UInt8])]) -> [UInt8] {
    var payload: [UInt8] = [4] + Array("name".utf8)
    for (id, content) in subsections { payload += [id, UInt8(content.count)] + content }
    return binary([(1, [1, 0x60, 0, 0]), (3, [2, 0, 0]), (10, [2, 2, 0, 0x0B, 2, 0, 0x0B]), (0, payload)])
  }

  /// The name section as `wasm-tools validate --validate-custom` checks it: each case is refused (with the offset and
  /// the hint) exactly when wasm-tools rejects it.
  @Test func nameSectionChecksMatchWasmToolsValidateCustom() throws {
    let a: [UInt8] = [1, 0x61]
    let cases: [(String, [UInt8], String?)] = [
      ("control", Self.named([(1, [2, 0] + a + [1] + a)]), nil),
      ("unsorted", Self.named([(1, [2, 1] + a + [0] + a)]), "function names out of order: index 0 follows 1"),
      ("repeated", Self.named([(1, [2, 0] + a + [0] + a)]), "function names out of order: index 0 follows 0"),
      ("out of range", Self.named([(1, [1, 5] + a)]), "function names: index 5 is out of range"),
      ("subsection order", Self.named([(1, [1, 0] + a), (0, a)]), "name subsection 0 follows subsection 1"),
      ("unknown subsection", Self.named([(42, [1, 2, 3])]), "unknown name subsection 42"),
      ("local order", Self.named([(2, [1, 0, 2, 1] + a + [0] + a)]), "the local names of function 0 out of order"),
    ]
    for (name, bytes, expected) in cases {
      let error = try Self.validationError(bytes)
      let tools = try Validators.wasmTools(bytes, customSections: true)
      #expect((tools.status == 0) == (expected == nil), "\(name): wasm-tools: \(tools.output)")
      guard let expected else {
        #expect(error == nil, "\(name): \(String(describing: error))")
        continue
      }
      #expect(
        error?.message.hasPrefix("malformed name section: \(expected)") == true, "\(name): \(String(describing: error))"
      )
      #expect(error?.message.contains("wasm-tools strip") == true, "\(name)")
    }
  }

  // MARK: Limits.

  @Test func limits() throws {
    try Self.expectInvalid(try wat("(module (memory 2 1))"), "minimum size 2 is greater than the maximum 1")
    try Self.expectInvalid(try wat("(module (memory 65537))"), "memory size must be at most 65536 pages")
    try Self.expectValid(try wat("(module (memory 65536))"))
    try Self.expectInvalid(
      try wat("(module (memory i64 281474976710657))", features: .memory64),
      "memory size must be at most 281474976710656 pages")
    try Self.expectValid(try wat("(module (memory i64 281474976710656))", features: .memory64))
    // Memory section: one memory, flags 0x02 (shared, no maximum), minimum 1.
    try Self.expectInvalid(Self.binary([(5, [1, 0x02, 1])]), "a shared memory must have a maximum size", offset: 11)
    try Self.expectValid(Self.binary([(5, [1, 0x03, 1, 1])]))
    try Self.expectInvalid(try wat("(module (table 2 1 funcref))"), "minimum size 2 is greater than the maximum 1")
  }

  // MARK: Constant expressions.

  @Test func constantExpressions() throws {
    try Self.expectInvalid(try wat("(module (global i32 (i64.const 0)))"), "type mismatch")
    try Self.expectInvalid(
      try wat(#"(module (import "a" "b" (global (mut i32))) (global i32 (global.get 0)))"#), "reads mutable global 0")
    try Self.expectValid(try wat(#"(module (import "a" "b" (global i32)) (global i32 (global.get 0)))"#))
    try Self.expectInvalid(
      try wat("(module (global i32 (global.get 1)) (global i32 (i32.const 0)))"), "unknown global 1")
    try Self.expectValid(try wat("(module (global i32 (i32.const 0)) (global i32 (global.get 0)))"))
    try Self.expectInvalid(
      try wat("(module (global i32 (i32.eqz (i32.const 1))))"), "constant expression required")
    try Self.expectValid(try wat("(module (global i64 (i64.mul (i64.const 2) (i64.const 3))))"))
    try Self.expectInvalid(
      try wat("(module (global i32 (i32.add (i32.const 1) (i64.const 3))))"), "needs two i32")
    try Self.expectValid(try wat("(module (func) (global funcref (ref.func 0)))"))
    // Type `[] -> []`, function 0 of it, a global `funcref` initialised with `ref.func 1`, a body for function 0.
    try Self.expectInvalid(
      Self.binary([(1, [1, 0x60, 0, 0]), (3, [1, 0]), (6, [1, 0x70, 0, 0xD2, 1, 0x0B]), (10, [1, 2, 0, 0x0B])]),
      "unknown function 1", offset: 23)
    try Self.expectInvalid(try wat("(module (global externref (ref.null func)))"), "type mismatch")
  }

  @Test func refFuncDeclarations() throws {
    let context = try WasmModule(
      bytes: try wat(
        #"(module (func) (func) (func) (func) (global funcref (ref.func 1)) (export "f" (func 2)) (table 1 funcref)"#
          + " (elem declare func 3))")
    ).validate()
    #expect(context.declaredFunctionReferences == [1, 2, 3])
  }

  // MARK: Imports, exports, start.

  @Test func importsExportsAndStart() throws {
    try Self.expectInvalid(
      try wat("(module (func) (export \"a\" (func 0)) (export \"a\" (func 0)))"), "duplicate export name `a`")
    try Self.expectInvalid(try wat("(module (func) (export \"a\" (func 1)))"), "unknown function 1")
    try Self.expectInvalid(try wat("(module (memory 1) (export \"m\" (memory 1)))"), "unknown memory 1")
    try Self.expectInvalid(try wat("(module (global i32 (i32.const 0)) (export \"g\" (global 1)))"), "unknown global 1")
    try Self.expectInvalid(try wat("(module (func (param i32)) (start 0))"), "invalid start function type")
    // Start section naming function 0 of a module without functions.
    try Self.expectInvalid(Self.binary([(8, [0])]), "unknown function 0", offset: 10)
    // Import section: "a" "b", a function of type 0, in a module without types.
    try Self.expectInvalid(Self.binary([(2, [1, 1, 0x61, 1, 0x62, 0x00, 0])]), "unknown type 0", offset: 16)
    // Type section `[] -> [i32]`; tag section: one tag of type 0 (which has a result).
    try Self.expectInvalid(
      Self.binary([(1, [1, 0x60, 0, 1, 0x7F]), (13, [1, 0, 0])]), "invalid exception type", offset: 18)
    try Self.expectValid(Self.binary([(1, [1, 0x60, 1, 0x7F, 0]), (13, [1, 0, 0])]))
  }

  // MARK: Element segments.

  @Test func elementSegments() throws {
    // Table section: one funcref table of minimum 1; element section: flags 2 naming table 1, no elements.
    let table: (UInt8, [UInt8]) = (4, [1, 0x70, 0x00, 1])
    try Self.expectInvalid(
      Self.binary([table, (9, [1, 0x02, 1, 0x41, 0, 0x0B, 0x00, 0])]), "unknown table 1", offset: 18)
    try Self.expectInvalid(
      try wat("(module (func) (table 1 funcref) (elem (i64.const 0) func 0))"), "type mismatch")
    try Self.expectInvalid(
      try wat("(module (func) (table i64 1 funcref) (elem (table 0) (i32.const 0) func 0))", features: .memory64),
      "type mismatch")
    try Self.expectValid(
      try wat("(module (func) (table i64 1 funcref) (elem (table 0) (i64.const 0) func 0))", features: .memory64))
    try Self.expectInvalid(
      Self.binary([table, (9, [1, 0x00, 0x41, 0, 0x0B, 1, 3])]), "unknown function 3", offset: 22)
    try Self.expectInvalid(
      try wat("(module (table 1 funcref) (elem (table 0) (i32.const 0) externref (ref.null extern)))"),
      "does not fit table 0")
    try Self.expectInvalid(Self.binary([(9, [1, 0x00, 0x41, 0, 0x0B, 0])]), "unknown table 0", offset: 11)
    // Every flag form, valid: 0 and 4 (table 0), 1/5 passive, 2/6 explicit table, 3/7 declarative.
    try Self.expectValid(
      try wat(
        """
        (module (func) (table 2 funcref) (table 2 funcref)
          (elem (i32.const 0) func 0) (elem func 0) (elem (table 1) (i32.const 0) func 0) (elem declare func 0)
          (elem (i32.const 0) funcref (ref.func 0)) (elem funcref (ref.null func))
          (elem (table 1) (i32.const 0) funcref (ref.func 0)) (elem declare funcref (ref.func 0)))
        """))
  }

  // MARK: Data segments.

  @Test func dataSegments() throws {
    // Memory section: one memory of 1 page; data section: flags 2 naming memory 1.
    try Self.expectInvalid(
      Self.binary([(5, [1, 0, 1]), (11, [1, 0x02, 1, 0x41, 0, 0x0B, 0])]), "unknown memory 1", offset: 17)
    try Self.expectInvalid(
      try wat(#"(module (memory i64 1) (data (i32.const 0) ""))"#, features: .memory64), "type mismatch")
    try Self.expectValid(try wat(#"(module (memory i64 1) (data (i64.const 0) "a"))"#, features: .memory64))
    try Self.expectInvalid(Self.binary([(11, [1, 0x00, 0x41, 0, 0x0B, 0])]), "unknown memory 0", offset: 11)
  }
}
