/// Replaces `@use NAME` by snippet NAME's lines, recursively, recording where each line came from.
struct SnippetExpander {
  private let snippets: [String: Snippet]
  private let names: [String]

  /// Checks every snippet's `@use`s: each must name a snippet, and no snippet may use itself, directly or not.
  init(_ snippets: [Snippet]) throws(RuleError) {
    self.snippets = Dictionary(snippets.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
    names = snippets.map(\.name)
    var done: Set<String> = []
    for snippet in snippets { try checkCycles(from: snippet.name, path: [], done: &done) }
  }

  /// The body of `function` with every `@use` expanded.
  func expand(_ body: [TemplateNode], function: String) throws(RuleError) -> [ExpandedNode] {
    try expand(body, origin: TemplateOrigin(function: function, snippets: []))
  }

  private func expand(_ nodes: [TemplateNode], origin: TemplateOrigin) throws(RuleError) -> [ExpandedNode] {
    var expanded: [ExpandedNode] = []
    for node in nodes {
      switch node {
      case .instruction(let instruction):
        expanded.append(.instruction(instruction, origin))
      case .use(let name, let location):
        let snippet = try self.snippet(name, at: Site(location: location, origin: origin))
        expanded += try expand(snippet.body, origin: origin.entering(name))
      case .conditional(let block):
        expanded.append(
          .conditional(try block.map { children throws(RuleError) in try expand(children, origin: origin) }, origin))
      }
    }
    return expanded
  }

  /// The scratch locals of every snippet `body` uses, directly or not, in order of first use; each once.
  func locals(usedBy body: [TemplateNode]) -> [SnippetLocal] {
    var seen: Set<String> = []
    var locals: [SnippetLocal] = []
    func visit(_ nodes: [TemplateNode]) {
      for (name, _) in Self.uses(in: nodes) where !seen.contains(name) {
        seen.insert(name)
        guard let snippet = snippets[name] else { continue }
        locals += snippet.locals
        visit(snippet.body)
      }
    }
    visit(body)
    return locals
  }

  private func snippet(_ name: String, at site: Site) throws(RuleError) -> Snippet {
    guard let snippet = snippets[name] else { throw site.error(unknownSnippet(name)) }
    return snippet
  }

  private func unknownSnippet(_ name: String) -> String {
    "unknown snippet '\(name)'" + Names.hint(for: name, among: names)
  }

  /// Depth-first search from `name`; `path` holds the snippets being expanded, outermost first.
  private func checkCycles(from name: String, path: [String], done: inout Set<String>) throws(RuleError) {
    guard !done.contains(name), let snippet = snippets[name] else { return }
    for (used, location) in Self.uses(in: snippet.body) {
      guard snippets[used] != nil else { throw RuleError(location, unknownSnippet(used)) }
      if let start = (path + [name]).firstIndex(of: used) {
        let cycle = (path + [name])[start...] + [used]
        throw RuleError(location, "snippet cycle: \(cycle.joined(separator: " → "))")
      }
      try checkCycles(from: used, path: path + [name], done: &done)
    }
    done.insert(name)
  }

  /// The `@use`s of a template, nested ones included, in order.
  private static func uses(in nodes: [TemplateNode]) -> [(String, SourceLocation)] {
    nodes.flatMap { node -> [(String, SourceLocation)] in
      switch node {
      case .instruction: []
      case .use(let name, let location): [(name, location)]
      case .conditional(let block): uses(in: block.then) + uses(in: block.otherwise)
      }
    }
  }
}
