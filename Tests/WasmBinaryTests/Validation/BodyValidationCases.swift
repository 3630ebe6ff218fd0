import TestSupport
import Testing

/// One rule of body validation shown on a module in the text format: valid, or invalid with (part of) the message.
struct BodyValidationCase: CustomTestStringConvertible, Sendable {
  /// The module: text, or bytes for what the text format cannot say (an index out of range, a misplaced `else`).
  enum Source: Sendable {
    case wat(String)
    case bytes([UInt8])
  }

  let name: String
  let source: Source
  /// Nil for a valid module; otherwise text the validator's message contains.
  let error: String?

  var testDescription: String { name }

  /// The module's bytes.
  func module() throws -> [UInt8] {
    switch source {
    case .wat(let text): try wat2wasmAll(text)
    case .bytes(let bytes): bytes
    }
  }

  static func valid(_ name: String, _ wat: String) -> BodyValidationCase {
    BodyValidationCase(name: name, source: .wat(wat), error: nil)
  }

  static func invalid(_ name: String, _ wat: String, _ error: String) -> BodyValidationCase {
    BodyValidationCase(name: name, source: .wat(wat), error: error)
  }

  static func valid(_ name: String, bytes: [UInt8]) -> BodyValidationCase {
    BodyValidationCase(name: name, source: .bytes(bytes), error: nil)
  }

  static func invalid(_ name: String, bytes: [UInt8], _ error: String) -> BodyValidationCase {
    BodyValidationCase(name: name, source: .bytes(bytes), error: error)
  }
}

/// The rules, each shown valid and invalid where it can be (the valid twin is the control that the invalid case
/// fails for the reason named, not for another).
enum BodyValidationCases {
  static let stack: [BodyValidationCase] = [
    .valid("result left on the stack", "(module (func (result i32) i32.const 1))"),
    .invalid("missing result", "(module (func (result i32)))", "expected [i32], found []"),
    .invalid("leftover value", "(module (func i32.const 1))", "expected [], found [i32]"),
    .invalid("wrong result type", "(module (func (result i32) f32.const 1))", "expected [i32], found [f32]"),
    .invalid(
      "operand of the wrong type", "(module (func (result i32) i32.const 1 i64.const 2 i32.add))",
      "i32.add: type mismatch: expected i32, found i64"),
    .invalid(
      "operand missing", "(module (func (result i32) i32.const 1 i32.add))", "expected i32 but nothing on stack"),
    .valid("unreachable code pops Unknown", "(module (func (result i32) unreachable i32.add))"),
    .valid("unreachable code needs no result", "(module (func (result i32 i64) unreachable))"),
    .invalid(
      "unreachable code still checks known operands", "(module (func unreachable i64.const 0 i32.add drop))",
      "expected i32, found i64"),
    .invalid(
      "unreachable code may not leave extra values", "(module (func unreachable i32.const 0))",
      "expected [], found [i32] after unreachable code"),
    .invalid(
      "a value pushed after a branch still counts",
      "(module (func (result i32) (block (result i32) i32.const 0 br 0 f32.const 0)))",
      "expected [i32], found [f32] after unreachable code"),
    .invalid(
      "a block may not pop its enclosing values", "(module (func (result i32) i32.const 1 (block i32.eqz drop)))",
      "expected i32 but nothing on stack"),
    .valid("drop", "(module (func i64.const 1 drop))"),
    .invalid("drop of nothing", "(module (func drop))", "expected a value but nothing on stack"),
  ]

  static let locals: [BodyValidationCase] = [
    .valid(
      "parameters then declared locals",
      "(module (func (param i32) (local i64 f32) local.get 0 drop local.get 1 drop local.get 2 drop))"),
    .invalid(
      "local.set of the wrong type", "(module (func (local i64) i32.const 0 local.set 0))", "expected i64, found i32"),
    .valid("local.tee", "(module (func (result f64) (local f64) f64.const 1 local.tee 0))"),
  ]

  static let control: [BodyValidationCase] = [
    .valid(
      "multi-value block of a type index",
      """
      (module (type $t (func (param i32) (result i32 i32)))
        (func (result i32 i32) i32.const 1 (block (type $t) (param i32) (result i32 i32) i32.const 2)))
      """),
    .invalid(
      "block parameters must be on the stack",
      """
      (module (type $t (func (param i32) (result i32)))
        (func (result i32) (block (type $t) (param i32) (result i32))))
      """, "expected i32 but nothing on stack"),
    .valid(
      "a branch to a loop carries its parameters",
      "(module (func i32.const 1 (loop (param i32) i32.eqz br 0)))"),
    .invalid(
      "a branch to a loop carries its parameters, not its results",
      "(module (func i32.const 1 (loop (param i32) drop f32.const 0 br 0)))", "expected i32, found f32"),
    .valid(
      "if/else with results",
      "(module (func (param i32) (result i32) (if (result i32) (local.get 0) (then i32.const 1) (else i32.const 2))))"),
    .invalid(
      "if without else must pass its parameters through",
      "(module (func (param i32) (result i32) (if (result i32) (local.get 0) (then i32.const 1))))",
      "an `if` without `else` must have the same parameters and results"),
    .invalid("if needs an i32 condition", "(module (func (if (i64.const 0) (then))))", "expected i32, found i64"),
    .invalid("branch depth out of range", "(module (func (block br 2)))", "unknown label: branch depth 2"),
    .valid(
      "br_if keeps the label's values",
      "(module (func (result i32) (block (result i32) i32.const 1 i32.const 0 br_if 0)))"),
    .valid(
      "br_table of targets with the same arity",
      "(module (func (param i32) (result i32) (block (result i32) (block (result i32) i32.const 7 local.get 0 br_table 0 1 0))))"
    ),
    .invalid(
      "br_table targets of different arity",
      "(module (func (param i32) (result i32) (block (result i32) (block i32.const 7 local.get 0 br_table 0 1))))",
      "br_table target 0 carries [], the default target 1 carries [i32]"),
    .valid(
      "the else arm starts with the if's parameters",
      """
      (module (func (param i32) (result i32) local.get 0 local.get 0
        (if (param i32) (result i32) (then i32.const 1 i32.add) (else i32.const 2 i32.sub))))
      """),
    .valid("br_table in unreachable code", "(module (func (result i32) unreachable br_table 0 0))"),
    .valid(
      "unreachable code inside a block does not reach the enclosing values",
      "(module (func (result i32) i32.const 1 (block unreachable drop)))"),
    .valid("return", "(module (func (result i32) i32.const 1 return))"),
    .invalid("return of the wrong type", "(module (func (result i32) i64.const 1 return))", "expected i32, found i64"),
  ]

  static let calls: [BodyValidationCase] = [
    .valid(
      "call",
      "(module (func $f (param i32 f64) (result i64) i64.const 0) (func (result i64) i32.const 1 f64.const 2 call $f))"),
    .invalid(
      "call with arguments of the wrong type",
      "(module (func $f (param i32 f64)) (func f32.const 1 f64.const 2 call $f))", "expected i32, found f32"),
    .valid(
      "call_indirect through a funcref table",
      "(module (type $t (func (param i32))) (table 1 funcref) (func i32.const 1 i32.const 0 call_indirect (type $t)))"),
    .invalid(
      "call_indirect through an externref table",
      "(module (type $t (func)) (table 1 externref) (func i32.const 0 call_indirect (type $t)))",
      "indirect calls must go through a table of funcref"),
    .invalid(
      "call_indirect without its table index",
      "(module (type $t (func (param i32))) (table 1 funcref) (func i32.const 1 call_indirect (type $t)))",
      "expected i32 but nothing on stack"),
    .valid(
      "call_indirect through a 64-bit table",
      "(module (type $t (func)) (table i64 1 funcref) (func i64.const 0 call_indirect (type $t)))"),
    .invalid(
      "a 64-bit table takes i64 indices",
      "(module (type $t (func)) (table i64 1 funcref) (func i32.const 0 call_indirect (type $t)))",
      "expected i64, found i32"),
    .valid(
      "return_call of a matching callee",
      "(module (func $f (result i32) i32.const 0) (func (result i32) return_call $f))"),
    .invalid(
      "return_call of a callee returning other types",
      "(module (func $f (result i64) i64.const 0) (func (result i32) return_call $f))",
      "the function returns [i32] but the callee of the tail call returns [i64]"),
    .valid(
      "return_call_indirect",
      "(module (type $t (func (result i32))) (table 1 funcref) (func (result i32) i32.const 0 return_call_indirect (type $t)))"
    ),
  ]

  static let variables: [BodyValidationCase] = [
    .valid(
      "global.set of a mutable global", "(module (global $g (mut i32) (i32.const 0)) (func i32.const 1 global.set $g))"),
    .invalid(
      "global.set of an immutable global", "(module (global $g i32 (i32.const 0)) (func i32.const 1 global.set $g))",
      "global is immutable"),
  ]

  static let numeric: [BodyValidationCase] = [
    .valid(
      "sign extension and saturating conversions",
      "(module (func (result i64) i32.const 1 i32.extend8_s drop f64.const 1 i64.trunc_sat_f64_u))"),
    .invalid(
      "sign extension of the wrong type", "(module (func (result i32) i64.const 1 i32.extend16_s))",
      "expected i32, found i64"),
    .valid("conversion", "(module (func (result f32) i64.const 1 f32.convert_i64_u))"),
    .invalid(
      "conversion of the wrong type", "(module (func (result f32) i32.const 1 f32.demote_f64))",
      "expected f64, found i32"),
    .valid("comparison gives i32", "(module (func (result i32) f64.const 1 f64.const 2 f64.lt))"),
  ]

  static let memory: [BodyValidationCase] = [
    .valid("load", "(module (memory 1) (func (result i64) i32.const 0 i64.load offset=8 align=8))"),
    .invalid("load without a memory", "(module (func (result i32) i32.const 0 i32.load))", "unknown memory 0"),
    .invalid(
      "alignment above natural", "(module (memory 1) (func (result i32) i32.const 0 i32.load align=8))",
      "alignment must not be larger than natural"),
    .valid("store", "(module (memory 1) (func i32.const 0 f32.const 1 f32.store))"),
    .invalid(
      "store of the wrong type", "(module (memory 1) (func i32.const 0 f64.const 1 f32.store))",
      "expected f32, found f64"),
    .valid("memory64 addresses", "(module (memory i64 1) (func (result i32) i64.const 0 i32.load))"),
    .invalid(
      "memory64 takes i64 addresses", "(module (memory i64 1) (func (result i32) i32.const 0 i32.load))",
      "expected i64, found i32"),
    .valid("memory.size and grow of memory64", "(module (memory i64 1) (func (result i64) i64.const 1 memory.grow))"),
    .valid(
      "multi-memory",
      "(module (memory $a 1) (memory $b i64 1) (func (result i32) i64.const 0 i32.load $b))"),
    .valid(
      "memory.copy between a 64-bit and a 32-bit memory takes an i32 count",
      "(module (memory $a i64 1) (memory $b 1) (func i64.const 0 i32.const 0 i32.const 1 memory.copy $a $b))"),
    .invalid(
      "memory.copy count of the wrong type",
      "(module (memory $a i64 1) (memory $b 1) (func i64.const 0 i32.const 0 i64.const 1 memory.copy $a $b))",
      "expected i32, found i64"),
    .valid("memory.fill", "(module (memory 1) (func i32.const 0 i32.const 0 i32.const 1 memory.fill))"),
    .valid(
      "memory.init and data.drop",
      "(module (memory 1) (data \"a\") (func i32.const 0 i32.const 0 i32.const 1 memory.init 0 data.drop 0))"),
  ]

  static let atomics: [BodyValidationCase] = [
    .valid(
      "atomic load on a shared memory", "(module (memory 1 1 shared) (func (result i32) i32.const 0 i32.atomic.load))"),
    .valid(
      "atomics on an unshared memory",
      "(module (memory 1) (func (result i64) i32.const 0 i64.const 1 i64.atomic.rmw.add))"),
    .invalid(
      "atomic alignment below natural",
      "(module (memory 1 1 shared) (func (result i32) i32.const 0 i32.atomic.load align=2))",
      "atomic accesses must specify their natural alignment"),
    .valid(
      "compare-exchange",
      "(module (memory 1 1 shared) (func (result i32) i32.const 0 i32.const 1 i32.const 2 i32.atomic.rmw8.cmpxchg_u))"),
    .invalid(
      "compare-exchange of the wrong type",
      "(module (memory 1 1 shared) (func (result i32) i32.const 0 i64.const 1 i32.const 2 i32.atomic.rmw.cmpxchg))",
      "expected i32, found i64"),
    .valid(
      "wait and notify",
      """
      (module (memory 1 1 shared) (func (result i32)
        i32.const 0 i64.const 0 i64.const -1 memory.atomic.wait64 drop i32.const 0 i32.const 1 memory.atomic.notify))
      """),
    .invalid(
      "wait32 with an i64 expected value",
      "(module (memory 1 1 shared) (func (result i32) i32.const 0 i64.const 0 i64.const -1 memory.atomic.wait32))",
      "expected i32, found i64"),
    .valid("fence", "(module (func atomic.fence))"),
  ]

  static let references: [BodyValidationCase] = [
    .valid("ref.null and ref.is_null", "(module (func (result i32) ref.null extern ref.is_null))"),
    .invalid(
      "ref.is_null of a number", "(module (func (result i32) i32.const 0 ref.is_null))",
      "expected a reference, found i32"),
    .valid("ref.func of a declared function", "(module (elem declare func $f) (func $f (result funcref) ref.func $f))"),
    .invalid(
      "ref.func of an undeclared function", "(module (func $f (result funcref) ref.func $f))",
      "undeclared function reference"),
    .valid(
      "typed select of references",
      "(module (func (result funcref) ref.null func ref.null func i32.const 1 select (result funcref)))"),
    .invalid(
      "untyped select of references", "(module (func (result funcref) ref.null func ref.null func i32.const 1 select))",
      "select without a type only takes numeric and vector operands"),
    .invalid(
      "select of different types", "(module (func (result i32) i32.const 0 i64.const 0 i32.const 1 select))",
      "select operands have different types"),
    .valid(
      "table instructions",
      """
      (module (table $t 1 funcref) (table $u 1 funcref) (elem $e func $f) (func $f
        i32.const 0 table.get $t drop
        i32.const 0 ref.null func table.set $t
        ref.null func i32.const 1 table.grow $t drop
        i32.const 0 ref.null func i32.const 1 table.fill $t
        i32.const 0 i32.const 0 i32.const 1 table.copy $t $u
        i32.const 0 i32.const 0 i32.const 1 table.init $t $e
        elem.drop $e
        table.size $u drop))
      """),
    .invalid(
      "table.set of the wrong reference type",
      "(module (table 1 funcref) (func i32.const 0 ref.null extern table.set 0))",
      "expected funcref, found externref"),
    .invalid(
      "table.init of a segment of another type",
      "(module (table 1 externref) (elem $e func $f) (func $f i32.const 0 i32.const 0 i32.const 1 table.init 0 $e))",
      "table.init of a segment of funcref into a table of externref"),
    .invalid(
      "table.copy between tables of different types",
      "(module (table 1 externref) (table 1 funcref) (func i32.const 0 i32.const 0 i32.const 1 table.copy 0 1))",
      "table.copy from a table of funcref into a table of externref"),
    .valid(
      "64-bit table", "(module (table i64 1 externref) (func (result i64) ref.null extern i64.const 1 table.grow 0))"),
  ]

  static let simd: [BodyValidationCase] = [
    .valid(
      "SIMD arithmetic, lanes and shuffles",
      """
      (module (func (result i32)
        v128.const i32x4 1 2 3 4 v128.const i32x4 5 6 7 8 i32x4.add
        i32.const 2 i8x16.shl
        v128.const i64x2 0 0 i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 31
        f32.const 1 f32x4.replace_lane 3 i32x4.extract_lane 2))
      """),
    .invalid(
      "SIMD operand of the wrong type", "(module (func (result v128) v128.const i64x2 0 0 i32.const 1 i32x4.add))",
      "expected v128, found i32"),
    .valid(
      "v128 loads and lanes",
      "(module (memory 1) (func (result v128) i32.const 0 i32.const 0 v128.load v128.load32_lane 3 drop i32.const 0 v128.load64_splat))"
    ),
    .invalid(
      "v128.load alignment above natural", "(module (memory 1) (func (result v128) i32.const 0 v128.load align=32))",
      "alignment must not be larger than natural"),
    .valid(
      "bitselect",
      "(module (func (result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 v128.const i64x2 0 0 v128.bitselect))"),
    .valid(
      "relaxed SIMD",
      "(module (func (result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 v128.const i64x2 0 0 f32x4.relaxed_madd))"),
    .valid("splat and any_true", "(module (func (result i32) f64.const 1 f64x2.splat v128.any_true))"),
    .invalid(
      "splat of the wrong scalar", "(module (func (result v128) f32.const 1 f64x2.splat))", "expected f64, found f32"),
  ]

  static let exceptions: [BodyValidationCase] = [
    .valid(
      "try_table catching into a block of the tag's types",
      """
      (module (tag $e (param i32)) (func (result i32)
        (block $h (result i32) (try_table (catch $e $h) i32.const 1 throw $e) unreachable)))
      """),
    .invalid(
      "catch into a label of other types",
      "(module (tag $e (param i32)) (func (block $h (result i64) (try_table (catch $e $h)) unreachable) drop))",
      "a catch clause delivers [i32] to label 0, which takes [i64]"),
    .valid(
      "catch_ref delivers the tag's values and an exnref",
      """
      (module (tag $e (param i32)) (func (result i32 exnref)
        (block $h (result i32 exnref) (try_table (catch_ref $e $h) i32.const 1 throw $e) unreachable)))
      """),
    .valid(
      "catch_all_ref and throw_ref",
      "(module (func (block $h (result exnref) (try_table (catch_all_ref $h)) unreachable) throw_ref))"),
    .invalid(
      "throw without the tag's values", "(module (tag $e (param i32)) (func throw $e))",
      "expected i32 but nothing on stack"),
    .invalid("throw_ref of a funcref", "(module (func ref.null func throw_ref))", "expected exnref, found funcref"),
  ]

  /// Rules the text format cannot break: indices out of range, misplaced `else` and `end`, limits.
  static let binary: [BodyValidationCase] = [
    .invalid(
      "local index out of range",
      bytes: RawModule.function(params: [0x7F], body: [0x01, 0x01, 0x7E, 0x20, 0x02, 0x1A, 0x0B]),
      "unknown local 2"),
    .invalid("unknown function", bytes: RawModule.function(body: [0x00, 0x10, 0x05, 0x0B]), "unknown function 5"),
    .invalid("unknown global", bytes: RawModule.function(body: [0x00, 0x23, 0x03, 0x1A, 0x0B]), "unknown global 3"),
    .invalid(
      "unknown memory index (multi-memory encoding)",
      bytes: RawModule.function(memory: true, body: [0x00, 0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1A, 0x0B]),
      "unknown memory 1"),
    .invalid(
      "unknown table", bytes: RawModule.function(body: [0x00, 0xFC, 0x10, 0x00, 0x1A, 0x0B]), "unknown table 0"),
    .invalid(
      "unknown elem segment", bytes: RawModule.function(body: [0x00, 0xFC, 0x0D, 0x00, 0x0B]), "unknown elem segment 0"),
    .invalid(
      "data.drop without a data count section", bytes: RawModule.function(body: [0x00, 0xFC, 0x09, 0x00, 0x0B]),
      "data count section required"),
    .valid(
      "data.drop with a data count section",
      bytes: RawModule.function(dataSegments: 1, body: [0x00, 0xFC, 0x09, 0x00, 0x0B])),
    .invalid(
      "data.drop of an unknown segment",
      bytes: RawModule.function(dataSegments: 1, body: [0x00, 0xFC, 0x09, 0x01, 0x0B]),
      "unknown data segment 1"),
    .invalid(
      "else outside an if", bytes: RawModule.function(body: [0x00, 0x05, 0x0B]), "`else` found outside an `if` block"),
    .invalid(
      "instructions after the final end", bytes: RawModule.function(body: [0x00, 0x0B, 0x01, 0x0B]),
      "operators remaining after the end of the function"),
    .invalid(
      "a body that ends inside a block", bytes: RawModule.function(body: [0x00, 0x02, 0x40, 0x0B]),
      "the body ends inside a function"),
    .valid(
      "a 32-bit memory's offset of 2^32-1",
      bytes: RawModule.function(
        memory: true, body: [0x00, 0x41, 0x00, 0x28, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x1A, 0x0B])),
    .invalid(
      "a 32-bit memory's offset of 2^32",
      bytes: RawModule.function(
        memory: true, body: [0x00, 0x41, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A, 0x0B]),
      "offset out of range"),
    .valid(
      "50 000 locals, parameters included",
      bytes: RawModule.function(params: [0x7F], body: [0x02, 0x01, 0x7F] + TestBytes.leb128(49_998) + [0x7E, 0x0B])),
    .invalid(
      "50 001 locals, parameters included",
      bytes: RawModule.function(params: [0x7F], body: [0x02, 0x02, 0x7F] + TestBytes.leb128(49_998) + [0x7E, 0x0B]),
      "too many locals"),
    .valid(
      "lane index below the lane count",
      bytes: RawModule.function(results: [0x7F], body: [0x00] + v128Zero + [0xFD, 0x1B, 0x03, 0x0B])),
    .invalid(
      "lane index of the lane count",
      bytes: RawModule.function(results: [0x7F], body: [0x00] + v128Zero + [0xFD, 0x1B, 0x04, 0x0B]),
      "invalid lane index: 4 is not below the shape's 4 lanes"),
    .invalid(
      "shuffle lane index of 32",
      bytes: RawModule.function(
        results: [0x7B], body: [0x00] + v128Zero + v128Zero + [0xFD, 0x0D] + Array(0..<15) + [32, 0x0B]),
      "invalid lane index: 32 is not below 32"),
  ]

  /// `v128.const` of zeros.
  private static let v128Zero: [UInt8] = [0xFD, 0x0C] + Array(repeating: 0, count: 16)

  /// Bodies `wasm-tools validate` accepts and the validator refuses: it does not type GC and typed function
  /// references (the module reader refuses GC types, and no toolchain this tool patches emits these instructions).
  static let unsupported: [BodyValidationCase] = [
    .invalid(
      "ref.i31", bytes: RawModule.function(body: [0x00, 0x41, 0x00, 0xFB, 0x1C, 0x1A, 0x0B]),
      "unsupported instruction ref.i31"),
    .invalid(
      "ref.as_non_null", bytes: RawModule.function(body: [0x00, 0xD0, 0x70, 0xD4, 0x1A, 0x0B]),
      "unsupported instruction ref.as_non_null"),
    .invalid(
      "a local of a non-nullable reference type", bytes: RawModule.function(body: [0x01, 0x01, 0x64, 0x70, 0x0B]),
      "unsupported local type"),
    .invalid(
      "ref.null of the any heap type", bytes: RawModule.function(body: [0x00, 0xD0, 0x6E, 0x1A, 0x0B]),
      "unsupported heap type"),
  ]

  static let all =
    binary + stack + locals + control + calls + variables + numeric + memory + atomics + references + simd
    + exceptions
}
