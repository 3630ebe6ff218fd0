import Yams

/// A YAML node with the file it came from: every conversion either succeeds or throws an error located at the node.
struct YAMLNode {
  let node: Node
  let source: SourceText

  /// Where the node starts (for a block scalar: its `|` indicator).
  var location: SourceLocation { source.location(node.mark) }

  /// The scalar's text, unless the node is a collection or a null scalar.
  var scalarText: String? {
    guard case .scalar(let scalar) = node, !isNull else { return nil }
    return scalar.string
  }

  /// Whether the node is a plain (unquoted) scalar.
  var isPlainScalar: Bool {
    if case .scalar(let scalar) = node { return scalar.style == .plain }
    return false
  }

  /// An empty value, `~` or `null`.
  var isNull: Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// How the node looks, for "found ..." in messages.
  var foundDescription: String {
    switch node {
    case .scalar(let scalar):
      if isNull { return "nothing" }
      if scalar.string.contains("\n") { return "a block of text" }
      return "'\(scalar.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  /// An error at this node.
  func error(_ message: String) -> RuleError { RuleError(location, message) }

  /// An error saying the node is not of the expected type; `what` names the key, e.g. `'pages' in reserve`.
  func typeError(_ what: String, expected: String) -> RuleError {
    error("\(what) must be \(expected), found \(foundDescription)")
  }

  /// The node as a string (any non-null scalar). Here and below, `what` is built only for an error.
  func string(_ what: @autoclosure () -> String) throws(RuleError) -> String {
    guard let text = scalarText else { throw typeError(what(), expected: "a string") }
    return text
  }

  /// The node as an integer: a plain decimal or `0x` hexadecimal literal, `-` allowed.
  func integer(_ what: @autoclosure () -> String) throws(RuleError) -> Int64 {
    guard isPlainScalar, let text = scalarText, let value = IntegerLiteral(text)?.int64 else {
      throw typeError(what(), expected: "an integer")
    }
    return value
  }

  /// The node as a boolean: plain `true` or `false`.
  func bool(_ what: @autoclosure () -> String) throws(RuleError) -> Bool {
    switch (isPlainScalar, scalarText) {
    case (true, "true"): return true
    case (true, "false"): return false
    default: throw typeError(what(), expected: "true or false")
    }
  }

  /// The node as a list.
  func list(_ what: @autoclosure () -> String) throws(RuleError) -> [YAMLNode] {
    guard case .sequence(let sequence) = node else { throw typeError(what(), expected: "a list") }
    return sequence.map { YAMLNode(node: $0, source: source) }
  }

  /// The node as a mapping whose keys must all be among `allowed`.
  ///
  /// - Parameters:
  ///   - what: names the node for a type error, e.g. `'requires'`.
  ///   - context: names the mapping in messages about its keys, e.g. `in symbol 'tls_size'`.
  ///   - allowed: the keys the mapping may have; `nil` allows any key (maps of names).
  func map(_ what: @autoclosure () -> String, context: String, allowed: [String]?) throws(RuleError) -> YAMLMap {
    guard case .mapping(let mapping) = node else { throw typeError(what(), expected: "a mapping") }
    var entries: [YAMLMap.Entry] = []
    entries.reserveCapacity(mapping.count)
    // By index: `Node.Mapping`'s iterator copies every pair into a new array first.
    for index in mapping.startIndex..<mapping.endIndex {
      let (key, value) = mapping[index]
      let keyNode = YAMLNode(node: key, source: source)
      guard case .scalar(let scalar) = key, !keyNode.isNull else {
        throw keyNode.error("keys \(context) must be names, found \(keyNode.foundDescription)")
      }
      if let allowed, !allowed.contains(scalar.string) {
        throw keyNode.error(
          "unknown key '\(scalar.string)' \(context) (expected one of: \(allowed.joined(separator: ", ")))")
      }
      entries.append(
        YAMLMap.Entry(key: scalar.string, keyLocation: keyNode.location, value: YAMLNode(node: value, source: source)))
    }
    return YAMLMap(location: location, context: context, entries: entries)
  }
}

/// A YAML mapping with its keys checked, in file order, with typed and located access to its values.
struct YAMLMap {
  /// One key and its value.
  struct Entry {
    let key: String
    let keyLocation: SourceLocation
    let value: YAMLNode
  }

  /// Where the mapping starts (its first key, or its `{`).
  let location: SourceLocation
  /// Names the mapping in messages, e.g. `in symbol 'tls_size'`.
  let context: String
  let entries: [Entry]

  /// The value of `key`, if present.
  subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

  /// The keys present among `keys`, in file order.
  func present(among keys: [String]) -> [Entry] { entries.filter { keys.contains($0.key) } }

  /// `'key' in ...`, naming a value in messages.
  func what(_ key: String) -> String { "'\(key)' \(context)" }

  /// The value of a required key; its absence is an error at the mapping.
  func required(_ key: String) throws(RuleError) -> YAMLNode {
    guard let value = self[key] else { throw RuleError(location, "missing required key '\(key)' \(context)") }
    return value
  }

  func string(_ key: String) throws(RuleError) -> String? { try self[key]?.string(what(key)) }
  func integer(_ key: String) throws(RuleError) -> Int64? { try self[key]?.integer(what(key)) }
  func bool(_ key: String) throws(RuleError) -> Bool? { try self[key]?.bool(what(key)) }
  func requiredString(_ key: String) throws(RuleError) -> String { try required(key).string(what(key)) }
  func requiredInteger(_ key: String) throws(RuleError) -> Int64 { try required(key).integer(what(key)) }
}
