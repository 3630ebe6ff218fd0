import WasmBinary

/// The type syntax of rule files: `i32`, `mut i32`, `(i32 i32) -> i32`. Its `describe` functions write types that way
/// in every message, the engine's included.
public enum TypeSyntax {
  /// `i32`, `i64`, `f32` or `f64`.
  static func valueType(_ text: some StringProtocol) -> ValueType? {
    switch text {
    case "i32": .i32
    case "i64": .i64
    case "f32": .f32
    case "f64": .f64
    default: nil
    }
  }

  /// A global's type: `TYPE` or `mut TYPE`.
  static func globalType(_ text: String) -> GlobalType? {
    let words = text.split(whereSeparator: \.isWhitespace)
    switch words.count {
    case 1: return valueType(words[0]).map { GlobalType(mutability: .constant, valueType: $0) }
    case 2 where words[0] == "mut": return valueType(words[1]).map { GlobalType(mutability: .variable, valueType: $0) }
    default: return nil
    }
  }

  /// A table type: `funcref` or `externref`, after `i64` for a table64 (`i32` may be written).
  static func tableType(_ text: String) -> TableSymbolType? {
    let words = text.split(whereSeparator: \.isWhitespace)
    guard words.count == 1 || words.count == 2, let element = referenceType(words[words.count - 1]) else { return nil }
    let index = words.count == 2 ? AddressType(rawValue: String(words[0])) : .i32
    return index.map { TableSymbolType(element: element, index: $0) }
  }

  /// `funcref` or `externref`.
  static func referenceType(_ text: some StringProtocol) -> ValueType? {
    switch text {
    case "funcref": .ref(.funcRef)
    case "externref": .ref(.externRef)
    default: nil
    }
  }

  /// Text for a table type, `funcref` or `i64 funcref`.
  public static func describe(_ type: TableSymbolType) -> String {
    (type.index == .i64 ? "i64 " : "") + describe(type.element)
  }

  /// A function signature: `(PARAMS) -> (RESULTS)` or `(PARAMS) -> RESULT`, types separated by spaces.
  static func functionType(_ text: String) -> FunctionType? {
    let parts = splitAtArrows(text)
    guard parts.count == 2, let parameters = typeList(parts[0], parenthesised: true) else { return nil }
    let resultText = parts[1].trimmingWhitespace()
    let results = resultText.hasPrefix("(") ? typeList(resultText, parenthesised: true) : typeList(resultText)
    return results.map { FunctionType(parameters: parameters, results: $0) }
  }

  /// Text for a global type, `mut i32` or `i32`.
  public static func describe(_ type: GlobalType) -> String {
    (type.mutability == .variable ? "mut " : "") + describe(type.valueType)
  }

  /// Text for a value type.
  public static func describe(_ type: ValueType) -> String {
    switch type {
    case .i32: "i32"
    case .i64: "i64"
    case .f32: "f32"
    case .f64: "f64"
    case .v128: "v128"
    case .ref(let reference) where reference == .funcRef: "funcref"
    case .ref(let reference) where reference == .externRef: "externref"
    case .ref: "ref"
    }
  }

  /// Text for a signature, `(i32 i32) -> (i32)`.
  public static func describe(_ type: FunctionType) -> String {
    "(\(type.parameters.map(describe).joined(separator: " "))) -> (\(type.results.map(describe).joined(separator: " ")))"
  }

  /// `text` split at every `->`, as `split(separator: "->", omittingEmptySubsequences: false)` would, without the
  /// string-processing library's generic searcher (most of the cost of a signature).
  private static func splitAtArrows(_ text: String) -> [Substring] {
    var parts: [Substring] = []
    var partStart = text.startIndex
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(after: index)
      if text[index] == "-", next < text.endIndex, text[next] == ">" {
        parts.append(text[partStart..<index])
        index = text.index(after: next)
        partStart = index
      } else {
        index = next
      }
    }
    parts.append(text[partStart...])
    return parts
  }

  private static func typeList(_ text: some StringProtocol, parenthesised: Bool = false) -> [ValueType]? {
    var inner = text.trimmingWhitespace()
    if parenthesised {
      guard inner.hasPrefix("("), inner.hasSuffix(")") else { return nil }
      inner = inner.dropFirst().dropLast()
    }
    var types: [ValueType] = []
    for word in inner.split(whereSeparator: \.isWhitespace) {
      guard let type = valueType(word) else { return nil }
      types.append(type)
    }
    return parenthesised || types.count == 1 ? types : nil
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  func trimmingWhitespace() -> SubSequence {
    let start = firstIndex { !$0.isWhitespace } ?? endIndex
    let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
    return self[start..<end]
  }
}
