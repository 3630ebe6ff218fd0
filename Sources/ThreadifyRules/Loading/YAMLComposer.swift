import Yams

/// Composes YAML text into Yams nodes without running Yams' regular-expression tag resolution where it cannot matter.
///
/// Rule files never look at tags: `YAMLNode` reads scalars as text and decides null, bool and integer itself. Yams
/// still resolves the tag of every mapping key, because it compares keys by text *and* tag when it looks for
/// duplicates, and its default resolver does that with regular expressions (compiled on first use, the larger part of
/// loading a rule set). Composing with the rule-less `.basic` resolver makes every untagged scalar a string and
/// yields the same nodes apart from their tags. The two ways the resolvers can judge duplicate keys differently fall
/// back to the default resolver, so every result and error stays the one it would be with the default resolver:
/// - explicit tags (`!!int 1` and `1` are the same key only to the default resolver): texts containing `!` (every
///   tag starts with one) are composed with the default resolver;
/// - plain and quoted keys of the same text (`1` and `"1"` are different keys only to the default resolver): a
///   duplicate key found without rules is looked for again with the default resolver.
enum YAMLComposer {
  /// The document's root node, `nil` for an empty document; throws Yams' errors as the default resolver would.
  static func compose(_ text: String) throws -> Node? {
    guard !containsExclamationMark(text) else { return try compose(text, resolver: .default) }
    do {
      return try compose(text, resolver: .basic)
    } catch YamlError.duplicatedKeysInMapping {
      return try compose(text, resolver: .default)
    }
  }

  /// Composes with no constructor maps (nodes are never converted to Swift values here) and UTF-8, the encoding
  /// of Swift's native strings (`Parser.Encoding.default` reads the whole environment on every call to decide).
  private static func compose(_ text: String, resolver: Resolver) throws -> Node? {
    try Yams.compose(yaml: text, resolver, Constructor([:], [:], [:]), .utf8)
  }

  private static func containsExclamationMark(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { $0.contains(UInt8(ascii: "!")) }
  }
}
