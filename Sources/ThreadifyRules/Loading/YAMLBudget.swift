import CYaml

/// Checks a rule file's YAML against ``RuleLimits`` on libyaml's event stream, before any node is built.
///
/// Yams composes an alias as the node it names, so a few lines of aliases can stand for billions of nodes (a
/// "billion laughs"): walking them, hashing them as mapping keys or releasing them takes exponential time, and a long
/// chain of aliases nests deeper than the stack. This pass counts every node as what it expands to (each anchor's
/// expanded size and depth are kept, so an alias costs one lookup) and stops at the first event over a limit. It
/// takes time linear in the text. YAML syntax errors are left to the composer, which reports them.
enum YAMLBudget {
  /// Throws a located error at the first node over a limit.
  static func check(_ text: String, source: SourceText) throws(RuleError) {
    var text = text
    let problem = text.withUTF8 { buffer in Walker().walk(buffer) }
    if let problem {
      throw RuleError(source.location(line: problem.line, column: problem.column), problem.message)
    }
  }

  /// A limit exceeded, at a 1-based line and column.
  private struct Problem {
    let line: Int
    let column: Int
    let message: String
  }

  /// The open collections and what each anchor expands to.
  private struct Walker {
    /// An open sequence or mapping.
    private struct Frame {
      let anchor: String?
      let isMapping: Bool
      /// Expanded nodes so far, itself included.
      var size = 1
      /// The deepest child's depth.
      var childDepth = 0
      /// In a mapping: the number of nodes seen (even: the next is a key).
      var children = 0
      /// In a mapping: the text of the last scalar key, for messages.
      var lastKey: String?
    }

    private var frames: [Frame] = []
    private var anchors: [String: (size: Int, depth: Int)] = [:]
    private var aliases = 0
    private var nodes = 0

    func walk(_ buffer: UnsafeBufferPointer<UInt8>) -> Problem? {
      var walker = self
      return walker.run(buffer)
    }

    private mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Problem? {
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return nil }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var event = yaml_event_t()
      while true {
        // A syntax error: the composer reports it with its own message.
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        func problem(_ message: String) -> Problem {
          Problem(line: line, column: column, message: message + placeNote)
        }
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return nil
        case YAML_SCALAR_EVENT:
          let scalar = event.data.scalar
          let isKey = frames.last.map { $0.isMapping && $0.children % 2 == 0 } ?? false
          let keyText = isKey ? Self.string(scalar.value, count: scalar.length) : nil
          if let message = add(size: 1, depth: 1, anchor: Self.string(scalar.anchor)) { return problem(message) }
          if let keyText { frames[frames.count - 1].lastKey = keyText }
        case YAML_ALIAS_EVENT:
          aliases += 1
          let name = Self.string(event.data.alias.anchor) ?? ""
          if aliases > RuleLimits.maxAliases {
            return problem("more than \(RuleLimits.maxAliases) YAML aliases (this is '*\(name)')")
          }
          // An undefined alias is the composer's error; count it as one node meanwhile.
          let expansion = anchors[name] ?? (size: 1, depth: 1)
          if let message = add(size: expansion.size, depth: expansion.depth, anchor: nil) { return problem(message) }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
          let isMapping = event.type == YAML_MAPPING_START_EVENT
          let anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
          if frames.count >= RuleLimits.maxNestingDepth {
            return problem("YAML nesting deeper than \(RuleLimits.maxNestingDepth) levels")
          }
          nodes += 1
          frames.append(Frame(anchor: anchor, isMapping: isMapping))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          guard let frame = frames.popLast() else { return nil }
          if let message = add(size: frame.size, depth: frame.childDepth + 1, anchor: frame.anchor, isNew: false) {
            return problem(message)
          }
        default:
          break
        }
      }
    }

    /// Adds a finished node to the open collection: a scalar, an alias (`size` and `depth` are those of the node it
    /// names) or a collection just closed (`isNew` false: its nodes were counted as it filled).
    /// Returns what is over a limit, if anything.
    private mutating func add(size: Int, depth: Int, anchor: String?, isNew: Bool = true) -> String? {
      if let anchor { anchors[anchor] = (size, depth) }
      if isNew {
        nodes += size
        if nodes > RuleLimits.maxNodes {
          return "more than \(RuleLimits.maxNodes) YAML nodes once aliases are expanded"
        }
      }
      if frames.count + depth > RuleLimits.maxNestingDepth {
        return "YAML nesting deeper than \(RuleLimits.maxNestingDepth) levels once aliases are expanded"
      }
      guard let top = frames.indices.last else { return nil }
      frames[top].size += size
      frames[top].childDepth = max(frames[top].childDepth, depth)
      frames[top].children += 1
      return nil
    }

    /// The place in the document, for messages: ` (in 'a.b')`.
    private var placeNote: String {
      let keys = frames.compactMap(\.lastKey)
      return keys.isEmpty ? "" : " (in '\(keys.joined(separator: "."))')"
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
      pointer.map { String(cString: $0) }
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?, count: Int) -> String? {
      pointer.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) }
    }
  }
}
