/// A value type as the body validator tracks it on the operand stack: the number and vector types, the nullable
/// abstract reference types it can type (`funcref`, `externref`, `exnref`), and the validation algorithm's Unknown, the
/// type of a value popped from the polymorphic stack of unreachable code, which matches every type.
///
/// Other reference types (typed function references, GC types, non-nullable references) are not tracked: a body
/// that uses them is refused as unsupported.
enum OperandType: UInt8, Sendable, CustomStringConvertible {
  case i32, i64, f32, f64, v128, funcref, externref, exnref, unknown

  /// The operand type of `type`; nil for a reference type the validator does not type.
  init?(_ type: ValueType) {
    switch type {
    case .i32: self = .i32
    case .i64: self = .i64
    case .f32: self = .f32
    case .f64: self = .f64
    case .v128: self = .v128
    case .ref(let reference): self.init(reference)
    }
  }

  /// The operand type of a nullable abstract `func`, `extern` or `exn` reference; nil for any other.
  init?(_ reference: ReferenceType) {
    guard reference.isNullable, case .abstract(let heapType) = reference.heapType else { return nil }
    self.init(nullable: heapType)
  }

  /// The operand type of a nullable reference to `heapType`; nil unless it is `func`, `extern` or `exn`.
  init?(nullable heapType: AbstractHeapType) {
    switch heapType {
    case .funcRef: self = .funcref
    case .externRef: self = .externref
    case .exnRef: self = .exnref
    default: return nil
    }
  }

  /// Whether a value of this type may stand where `expected` is required (Unknown stands anywhere, and anything
  /// stands where Unknown is required).
  func matches(_ expected: OperandType) -> Bool {
    self == expected || self == .unknown || expected == .unknown
  }

  /// Whether this is a reference type.
  var isReference: Bool { self == .funcref || self == .externref || self == .exnref }

  /// The type's name in the text format.
  var description: String {
    switch self {
    case .i32: "i32"
    case .i64: "i64"
    case .f32: "f32"
    case .f64: "f64"
    case .v128: "v128"
    case .funcref: "funcref"
    case .externref: "externref"
    case .exnref: "exnref"
    case .unknown: "unknown"
    }
  }
}

extension [OperandType] {
  /// The types as a result type in the text format: `[i32 f64]`.
  var listed: String { "[" + map(\.description).joined(separator: " ") + "]" }
}
