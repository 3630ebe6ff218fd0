/// Replaces `@use NAME` by snippet NAME's lines, recursively, recording where each line came from.
///
/// Snippets are measured before anything is expanded: a snippet used twice by a snippet used twice … doubles at
/// every level, so the expanded size, the depth of `@if` nesting and the length of snippet chains are computed from
/// each snippet's own measure (linear in the snippets' text) and checked against ``RuleLimits`` first.
struct SnippetExpander {
  private let snippets: [String: Snippet]
  private let names: [String]
  private let measures: [String: Measure]

  /// What a template comes to once its snippets are expanded.
  private struct Measure {
    /// Instructions and directives (an `@if` block counts its `@if`, `@else` and `@end`), saturating.
    var size = 0
    /// The deepest nesting of `@if` blocks.
    var blockDepth = 0
    /// The longest chain of snippets used through one another (a snippet using none: 1); 0 for no snippet.
    var chainDepth = 0
  }

  /// Checks every snippet's `@use`s: each must name a snippet, no snippet may use itself, directly or not, and every
  /// snippet must stay within ``RuleLimits`` once expanded.
  init(_ snippets: [Snippet]) throws(RuleError) {
    self.snippets = Dictionary(snippets.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
    names = snippets.map(\.name)
    var measures: [String: Measure] = [:]
    for snippet in snippets where measures[snippet.name] == nil {
      try Self.measure(from: snippet.name, in: self.snippets, names: names, into: &measures)
    }
    self.measures = measures
  }

  /// The body of `function` (whose body starts at `location`) with every `@use` expanded; a body over a limit once
  /// expanded is an error at `location`, found before expanding.
  func expand(_ body: [TemplateNode], function: String, at location: SourceLocation) throws(RuleError)
    -> [ExpandedNode]
  {
    let measure = Self.measure(body, measures)
    if measure.size > RuleLimits.maxExpandedTemplateSize {
      throw RuleError(
        location,
        "'\(function)' has more than \(RuleLimits.maxExpandedTemplateSize) instructions once its snippets are expanded")
    }
    if measure.blockDepth > RuleLimits.maxBlockDepth {
      throw RuleError(
        location,
        "'\(function)' nests '@if' blocks deeper than \(RuleLimits.maxBlockDepth) once its snippets are expanded")
    }
    return try expand(body, origin: TemplateOrigin(function: function, snippets: []))
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
    guard let snippet = snippets[name] else { throw site.error(Self.unknownSnippet(name, among: names)) }
    return snippet
  }

  private static func unknownSnippet(_ name: String, among names: [String]) -> String {
    "unknown snippet '\(name)'" + Names.hint(for: name, among: names)
  }

  /// Measures `root` and every snippet it uses, depth first, into `measures`: iteratively, so that a chain of
  /// thousands of snippets cannot overflow the stack. An unknown snippet, a cycle or a snippet over a limit is an
  /// error (a cycle at the `@use` that closes it).
  private static func measure(
    from root: String, in snippets: [String: Snippet], names: [String], into measures: inout [String: Measure]
  ) throws(RuleError) {
    struct Visit {
      let name: String
      let uses: [(String, SourceLocation)]
      var next = 0
    }
    var path = [Visit(name: root, uses: uses(in: snippets[root]!.body))]
    var onPath: [String: Int] = [root: 0]
    while let top = path.indices.last {
      let visit = path[top]
      if visit.next < visit.uses.count {
        path[top].next += 1
        let (used, location) = visit.uses[visit.next]
        guard let snippet = snippets[used] else { throw RuleError(location, unknownSnippet(used, among: names)) }
        if let start = onPath[used] {
          let cycle = path[start...].map(\.name) + [used]
          throw RuleError(location, "snippet cycle: \(cycle.joined(separator: " → "))")
        }
        guard measures[used] == nil else { continue }
        onPath[used] = path.count
        path.append(Visit(name: used, uses: uses(in: snippet.body)))
      } else {
        path.removeLast()
        onPath[visit.name] = nil
        let snippet = snippets[visit.name]!
        var measure = Self.measure(snippet.body, measures)
        measure.chainDepth += 1
        try check(measure, of: snippet)
        measures[visit.name] = measure
      }
    }
  }

  private static func check(_ measure: Measure, of snippet: Snippet) throws(RuleError) {
    let name = snippet.name
    if measure.chainDepth > RuleLimits.maxSnippetDepth {
      throw RuleError(
        snippet.location,
        "snippet '\(name)' starts a chain of more than \(RuleLimits.maxSnippetDepth) snippets using snippets")
    }
    if measure.size > RuleLimits.maxExpandedTemplateSize {
      throw RuleError(
        snippet.location,
        "snippet '\(name)' has more than \(RuleLimits.maxExpandedTemplateSize) instructions once the snippets it uses "
          + "are expanded")
    }
    if measure.blockDepth > RuleLimits.maxBlockDepth {
      throw RuleError(
        snippet.location,
        "snippet '\(name)' nests '@if' blocks deeper than \(RuleLimits.maxBlockDepth) once the snippets it uses are "
          + "expanded")
    }
  }

  /// The measure of a template whose used snippets are all in `measures` (unknown ones count as empty).
  private static func measure(_ nodes: [TemplateNode], _ measures: [String: Measure]) -> Measure {
    var total = Measure()
    for node in nodes {
      switch node {
      case .instruction:
        total.size = adding(total.size, 1)
      case .use(let name, _):
        let used = measures[name] ?? Measure()
        total.size = adding(total.size, used.size)
        total.blockDepth = max(total.blockDepth, used.blockDepth)
        total.chainDepth = max(total.chainDepth, used.chainDepth)
      case .conditional(let block):
        let then = measure(block.then, measures)
        let otherwise = measure(block.otherwise, measures)
        total.size = adding(adding(total.size, 3), adding(then.size, otherwise.size))
        total.blockDepth = max(total.blockDepth, 1 + max(then.blockDepth, otherwise.blockDepth))
        total.chainDepth = max(total.chainDepth, then.chainDepth, otherwise.chainDepth)
      }
    }
    return total
  }

  /// `a + b`, saturating well below overflow (sizes double at every level of a snippet bomb).
  private static func adding(_ a: Int, _ b: Int) -> Int { min(a, Int.max / 4) + min(b, Int.max / 4) }

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
