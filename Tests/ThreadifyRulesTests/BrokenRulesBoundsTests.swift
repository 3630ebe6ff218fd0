import Foundation
import TestSupport
import Testing
import ThreadifyRules

/// Rule files built to exhaust time, memory or the stack (the issue-13 bombs, generated here at full size): each must
/// be refused quickly with an error located at the construct over the limit (`RuleLimits`), and large but honest
/// rule sets must load in time linear in their size. The small bombs live in `BrokenRules/` as files.
@Suite struct BrokenRulesBoundsTests {
  /// Far above the processor time any of these takes (milliseconds in a release build, at most a few seconds in a
  /// debug one), far below what the unbounded loader took (minutes, or a crash). Processor time of the loading
  /// thread, not wall time: the tests run in parallel with others on a shared machine.
  static let timeLimit = Duration.seconds(10)

  /// The processor time `body` takes on this thread.
  private static func cpuTime(_ body: () -> Void) -> Duration {
    func now() -> Duration {
      var time = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
      return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
    let start = now()
    body()
    return now() - start
  }

  /// Loads `files["t.yaml"]` and returns its error, checking the time it took.
  private func error(_ files: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation)
    -> RuleError?
  {
    var thrown: RuleError?
    let elapsed = Self.cpuTime {
      do throws(RuleError) {
        _ = try RuleSetLoader.load(path: "t.yaml", reader: InMemoryRules.reader(files))
      } catch {
        thrown = error
      }
    }
    #expect(elapsed < Self.timeLimit, "took \(elapsed) of processor time", sourceLocation: sourceLocation)
    return thrown
  }

  private func error(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> RuleError? {
    error(["t.yaml": text], sourceLocation: sourceLocation)
  }

  private func expect(
    _ error: RuleError?, line: Int, column: Int, _ message: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(
      error?.description == "t.yaml:\(line):\(column): error: \(message)", sourceLocation: sourceLocation)
  }

  @Test func aLongChainOfAliasesIsRefusedAtTheNestingLimit() {
    // 100,000 aliases, each a list holding the previous one: the composed tree would be 100,000 deep.
    var text = InMemoryRules.header + "chain:\n  - &a0 [x]\n"
    for index in 1..<100_000 { text += "  - &a\(index) [*a\(index - 1)]\n" }
    // Line 4 + i holds `  - &ai [*ai-1]`: the alias on it stands for i nested lists, inside the root mapping, the
    // chain list and the new list; the first over the limit is on line 4 + limit - 2, at its `*`.
    let line = 4 + RuleLimits.maxNestingDepth - 2
    expect(
      error(text), line: line, column: 9 + String(line - 4).count,
      "YAML nesting deeper than \(RuleLimits.maxNestingDepth) levels once aliases are expanded (in 'chain')")
  }

  @Test func aliasesAreCounted() {
    var text = InMemoryRules.header + "many:\n  - &a x\n"
    for _ in 0..<RuleLimits.maxAliases + 10 { text += "  - *a\n" }
    expect(
      error(text), line: 6 + RuleLimits.maxAliases, column: 5,
      "more than \(RuleLimits.maxAliases) YAML aliases (this is '*a') (in 'many')")
  }

  @Test func deepNestingIsRefused() {
    let text =
      InMemoryRules.header + "deep: " + String(repeating: "[", count: 500)
      + String(repeating: "]", count: 500) + "\n"
    // The root mapping is level 1: the list that opens level limit + 1 is the limit-th `[`, at column 6 + limit.
    expect(
      error(text), line: 4, column: 6 + RuleLimits.maxNestingDepth,
      "YAML nesting deeper than \(RuleLimits.maxNestingDepth) levels (in 'deep')")
  }

  @Test func veryDeepNestingIsRefusedByTheYAMLParser() {
    // libyaml scans a flow collection ahead and stops at its own limit (1,000 levels) before any event is emitted.
    let text =
      InMemoryRules.header + "deep: " + String(repeating: "[", count: 100_000)
      + String(repeating: "]", count: 100_000) + "\n"
    let error = error(text)
    #expect(error?.location.line == 4)
    #expect(
      error?.message.hasPrefix("YAML syntax error: Maximum nesting level reached") == true,
      "\(String(describing: error))")
  }

  @Test func aFileOverTheSizeLimitIsRefusedBeforeParsing() {
    let text = InMemoryRules.header + String(repeating: "x", count: RuleLimits.maxFileBytes) + ": 1\n"
    #expect(
      error(text)?.description
        == "t.yaml:1:1: error: the file is larger than \(RuleLimits.maxFileBytes) bytes, the most a rule file may have")
  }

  @Test func aFolderIsReportedWithTheSystemsReason() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let folder = scratch.folder.path
    let thrown = #expect(throws: RuleError.self) { try RuleSetLoader.load(path: folder) }
    #expect(thrown?.description == "\(folder):1:1: error: cannot read rule file: cannot read the file: Is a directory")
  }

  @Test func aFileOverTheSizeLimitIsNotReadWhole() throws {
    // The file-system reader stops one byte past the limit: /dev/zero is refused, not read until memory runs out.
    let thrown = #expect(throws: RuleError.self) { try RuleSetLoader.load(path: "/dev/zero") }
    #expect(
      thrown?.description
        == "/dev/zero:1:1: error: cannot read rule file: the file is larger than \(RuleLimits.maxFileBytes) bytes, "
        + "the most a rule file may have")
  }

  @Test func aLongUnknownNameIsReportedWithoutAHint() {
    // "Did you mean" compares a name with every candidate by edit distance, whose cost is the product of the
    // lengths: a name of a million characters among a thousand snippets would take minutes.
    let name = String(repeating: "x", count: 1_000_000)
    var text = InMemoryRules.header + "snippets:\n"
    for index in 0..<1_000 { text += "  s\(index): |\n    nop\n" }
    text += "functions:\n  f:\n    body: |\n      @use \(name)\n"
    let error = error(text)
    #expect(error?.location == SourceLocation(file: "t.yaml", line: 4 + 1 + 2_000 + 3, column: 12))
    #expect(
      error?.message == "unknown snippet '\(name)' (known: " + (0..<1_000).map { "s\($0)" }.joined(separator: ", ")
        + ")")
  }

  @Test func aDuplicateKeyOnALongLineIsFoundInLinearTime() {
    // The second occurrence is searched for on the line of the first: a flow mapping of 3 MB on one line, full of
    // keys that nearly match, once took minutes.
    let key = String(repeating: "a", count: 1_000)
    let near = Array(repeating: String(repeating: "a", count: 999) + "b: 1", count: 3_000).joined(separator: ", ")
    let text = InMemoryRules.header + "params: {\(key): 1, \(near), \(key): 2}\n"
    let error = error(text)
    #expect(
      error?.location == SourceLocation(file: "t.yaml", line: 4, column: 10 + (key.count + 5) + near.utf8.count + 2))
    #expect(error?.message == "duplicate key '\(key)' (first at column 10)")
  }

  @Test func aSnippetChainIsRefusedAtItsLimit() {
    // 5,000 snippets, each using the next: measured without recursion, refused where the chain gets too long.
    let count = 5_000
    var text = InMemoryRules.header + "snippets:\n"
    for index in 0..<count - 1 { text += "  s\(index): |\n    @use s\(index + 1)\n" }
    text += "  s\(count - 1): |\n    nop\n"
    text += "functions:\n  f:\n    body: |\n      @use s0\n"
    // The first snippet measured over the limit is the one that starts a chain of limit + 1: s(count - limit - 1).
    let first = count - RuleLimits.maxSnippetDepth - 1
    expect(
      error(text), line: 5 + 2 * first, column: 3,
      "snippet 's\(first)' starts a chain of more than \(RuleLimits.maxSnippetDepth) snippets using snippets")
  }

  @Test func aSnippetCycleAtTheEndOfALongChainIsStillFound() {
    var text = InMemoryRules.header + "snippets:\n"
    for index in 0..<3_000 { text += "  s\(index): |\n    @use s\(index + 1)\n" }
    text += "  s3000: |\n    @use s0\n"
    let error = error(text)
    #expect(error?.location == SourceLocation(file: "t.yaml", line: 6 + 2 * 3_000, column: 10))
    #expect(error?.message.hasPrefix("snippet cycle: s0 → s1 → ") == true)
  }

  @Test func aSnippetBombIsMeasuredNotExpanded() {
    // Each level uses the one below twice: 2^40 instructions, measured in 40 steps.
    var text = InMemoryRules.header + "snippets:\n  s0: |\n    nop\n"
    for level in 1...40 { text += "  s\(level): |\n    @use s\(level - 1)\n    @use s\(level - 1)\n" }
    // 2^17 > the limit: s17 is the first snippet over it.
    let first = 17
    #expect(1 << first > RuleLimits.maxExpandedTemplateSize && 1 << (first - 1) <= RuleLimits.maxExpandedTemplateSize)
    expect(
      error(text), line: 7 + 3 * (first - 1), column: 3,
      "snippet 's\(first)' has more than \(RuleLimits.maxExpandedTemplateSize) instructions once the snippets it uses "
        + "are expanded")
  }

  @Test func aFunctionOverTheExpandedSizeIsRefusedBeforeExpanding() {
    // Each snippet is within the limit; the function using the largest one 4 times is not.
    var text = InMemoryRules.header + "snippets:\n  s0: |\n    nop\n"
    for level in 1...16 { text += "  s\(level): |\n    @use s\(level - 1)\n    @use s\(level - 1)\n" }
    text += "functions:\n  f:\n    body: |\n" + String(repeating: "      @use s16\n", count: 4)
    expect(
      error(text), line: 7 + 3 * 16 + 2, column: 5,
      "'f' has more than \(RuleLimits.maxExpandedTemplateSize) instructions once its snippets are expanded")
  }

  @Test func deepBlockNestingIsRefusedAtTheParser() {
    let depth = 10_000
    let text =
      InMemoryRules.header + "params:\n  p: {default: 1}\nfunctions:\n  f:\n    body: |\n"
      + String(repeating: "      @if p\n", count: depth) + "      nop\n"
      + String(repeating: "      @end\n", count: depth)
    // The first `@if` is on line 9.
    expect(
      error(text), line: 9 + RuleLimits.maxBlockDepth, column: 7,
      "'@if' blocks nested deeper than \(RuleLimits.maxBlockDepth)")
  }

  @Test func blockNestingThroughSnippetsIsBounded() {
    // Each snippet nests one block and uses the next: the expanded depth grows with the chain.
    let levels = RuleLimits.maxSnippetDepth
    let blocks = RuleLimits.maxBlockDepth / levels + 1
    var text = InMemoryRules.header + "params:\n  p: {default: 1}\nsnippets:\n"
    for level in 0..<levels {
      text += "  s\(level): |\n" + String(repeating: "    @if p\n", count: blocks)
      text += level + 1 < levels ? "    @use s\(level + 1)\n" : "    nop\n"
      text += String(repeating: "    @end\n", count: blocks)
    }
    let message = error(text)?.message ?? ""
    #expect(
      message.hasSuffix(
        "nests '@if' blocks deeper than \(RuleLimits.maxBlockDepth) once the snippets it uses are expanded"))
  }

  @Test func aLongExtendsChainIsRefused() {
    var files: [String: String] = [:]
    let count = 10_000
    for index in 0..<count - 1 { files[index == 0 ? "t.yaml" : "e\(index).yaml"] = "extends: e\(index + 1).yaml\n" }
    files["e\(count - 1).yaml"] = InMemoryRules.header
    // The file at the limit names one more base: the error is at its `extends`.
    let error = error(files)
    #expect(error?.location == SourceLocation(file: "e\(RuleLimits.maxExtendsChain - 1).yaml", line: 1, column: 10))
    #expect(
      error?.message
        == "'extends' chain longer than \(RuleLimits.maxExtendsChain) files (this file is number \(RuleLimits.maxExtendsChain))"
    )
  }

  @Test func manyParamsLoadInLinearTime() throws {
    // 100,000 params in the base and 100,000 more (half of them replacing) in the extending file: merged by name.
    let count = 100_000
    let base = InMemoryRules.header + "params:\n" + (0..<count).map { "  p\($0): {default: 1}\n" }.joined()
    let derived =
      "extends: base.yaml\nparams:\n"
      + (count / 2..<count + count / 2).map { "  p\($0): {default: 2}\n" }.joined()
    var rules: RuleSet?
    let elapsed = Self.cpuTime {
      rules = try? RuleSetLoader.load(
        path: "t.yaml", reader: InMemoryRules.reader(["t.yaml": derived, "base.yaml": base]))
    }
    #expect(elapsed < Self.timeLimit, "took \(elapsed) of processor time")
    let params = try #require(rules?.params)
    #expect(params.count == count + count / 2)
    #expect(params[count / 2 - 1].defaultValue == 1 && params[count / 2].defaultValue == 2)
  }

  @Test func manySymbolsLoadInLinearTime() throws {
    // 50,000 symbols of 9 YAML nodes each: within the node limit.
    let count = 50_000
    let text =
      InMemoryRules.header + "symbols:\n"
      + (0..<count).map { "  s\($0): {value: i32, lookup: [name: e]}\n" }.joined()
    var rules: RuleSet?
    let elapsed = Self.cpuTime { rules = try? InMemoryRules.load(text) }
    #expect(elapsed < Self.timeLimit, "took \(elapsed) of processor time")
    #expect(rules?.symbols.count == count)
  }

  @Test func tooManyNodesAreRefusedBeforeAnyIsBuilt() {
    // 80,000 symbols are 720,000 nodes: refused by the first pass, in bounded memory.
    let text =
      InMemoryRules.header + "symbols:\n"
      + (0..<80_000).map { "  s\($0): {value: i32, lookup: [name: e]}\n" }.joined()
    let error = error(text)
    #expect(
      error?.message.hasPrefix("more than \(RuleLimits.maxNodes) YAML nodes once aliases are expanded (in 'symbols.s")
        == true, "\(String(describing: error))")
  }

}
