import WasmKit

/// WebAssembly values as command-line text, the way `wasmtime run --invoke` reads and prints them: integers in
/// decimal (signed on output), floats in decimal.
public enum ValueText {
  /// `text` as a value of `type`: an integer (decimal, `-` allowed, or `0x` hexadecimal) for i32/i64, a decimal
  /// number for f32/f64. Nil when it is not one, or does not fit.
  public static func parse(_ text: String, as type: ValueType) -> Value? {
    switch type {
    case .i32:
      guard let integer = integer(text), integer >= Int64(Int32.min), integer <= Int64(UInt32.max) else { return nil }
      return .i32(UInt32(truncatingIfNeeded: integer))
    case .i64:
      if let value = integer(text) { return .i64(UInt64(bitPattern: value)) }
      return UInt64(text).map { .i64($0) }
    case .f32:
      return Float(text).map { .f32($0.bitPattern) }
    case .f64:
      return Double(text).map { .f64($0.bitPattern) }
    default:
      return nil
    }
  }

  /// A value as one line of output.
  public static func format(_ value: Value) -> String {
    switch value {
    case .i32(let bits): String(Int32(bitPattern: bits))
    case .i64(let bits): String(Int64(bitPattern: bits))
    case .f32(let bits): String(describing: Float(bitPattern: bits))
    case .f64(let bits): String(describing: Double(bitPattern: bits))
    default: String(describing: value)
    }
  }

  private static func integer(_ text: String) -> Int64? {
    let negative = text.hasPrefix("-")
    let digits = negative ? text.dropFirst() : Substring(text)
    let magnitude: UInt64?
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      magnitude = UInt64(digits.dropFirst(2), radix: 16)
    } else {
      magnitude = digits.allSatisfy(\.isASCII) ? UInt64(digits) : nil
    }
    guard let magnitude else { return nil }
    if negative {
      return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }
}
