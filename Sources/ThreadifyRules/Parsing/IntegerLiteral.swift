import WasmBinary

/// An integer as written in rule files, templates and `--set`: decimal or `0x` hexadecimal, with an optional `-`.
struct IntegerLiteral {
  let negative: Bool
  let magnitude: UInt64

  /// Parses `text`; `nil` when it is not an integer literal or its magnitude exceeds 64 bits.
  init?(_ text: some StringProtocol) {
    var digits = Substring(text)
    negative = digits.first == "-"
    if negative { digits = digits.dropFirst() }
    let radix: Int
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      digits = digits.dropFirst(2)
      radix = 16
    } else {
      radix = 10
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && (radix == 16 || $0.isNumber) }),
      let magnitude = UInt64(digits, radix: radix)
    else { return nil }
    self.magnitude = magnitude
  }

  /// The value as a signed 64-bit integer, if it fits.
  var int64: Int64? {
    if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }

  /// The value for `type`'s `const` instruction: signed or unsigned range of the type's width (the bit pattern is
  /// what gets encoded).
  func constant(for type: ValueType) -> Int64? {
    switch type {
    case .i32:
      if negative { return magnitude <= 1 << 31 ? -Int64(magnitude) : nil }
      return magnitude <= UInt64(UInt32.max) ? Int64(magnitude) : nil
    case .i64:
      return negative ? int64 : Int64(bitPattern: magnitude)
    default:
      return nil
    }
  }
}
