/// A bad `--set NAME=VALUE`: an unknown param (the known ones are listed), a value that is not an integer, out of
/// the param's range, or not a multiple of its step.
public struct ParamOverrideError: Error, Sendable, CustomStringConvertible {
  /// What is wrong, naming the param and the value.
  public let description: String
}

extension RuleSet {
  /// Param values after applying overrides, validated against min/max/multiple_of.
  ///
  /// - Parameter overrides: param name → value as typed (decimal or `0x` hexadecimal, `-` allowed).
  /// - Returns: every param's value, by name.
  public func paramValues(overrides: [String: String]) throws(ParamOverrideError) -> [String: Int64] {
    var values = Dictionary(uniqueKeysWithValues: params.map { ($0.name, $0.defaultValue) })
    for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
      guard let param = params.first(where: { $0.name == name }) else {
        let known = params.isEmpty ? "this rule set has none" : "known: \(params.map(\.name).joined(separator: ", "))"
        throw ParamOverrideError(description: "--set \(name)=\(text): unknown param '\(name)' (\(known))")
      }
      guard let value = IntegerLiteral(text.trimmingWhitespace())?.int64 else {
        throw ParamOverrideError(
          description: "--set \(name)=\(text): '\(text)' is not an integer (write it in decimal or 0x hexadecimal)")
      }
      if let problem = param.problem(with: value) {
        throw ParamOverrideError(description: "--set \(name)=\(text): \(value) \(problem)")
      }
      values[name] = value
    }
    return values
  }
}
