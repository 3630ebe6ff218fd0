/// The resource limits on rule files: a rule file is untrusted input, and each limit turns what would be a crash, a
/// hang or an exhausted memory into a located error. Every limit is far above what a real rule set needs (the
/// bundled ones: 12 KB, nesting depth 7, no aliases, 3 files, snippets 3 deep, about 200 instructions a function).
public enum RuleLimits {
  /// The largest rule file, in bytes.
  public static let maxFileBytes = 4 << 20
  /// The most YAML aliases (`*name`) a file may use.
  public static let maxAliases = 10_000
  /// The most YAML nodes a file may hold once every alias is counted as the node it stands for.
  public static let maxNodes = 500_000
  /// The deepest YAML nesting of collections, aliases counted as the node they stand for.
  public static let maxNestingDepth = 100
  /// The most files in an `extends` chain, the first file included.
  public static let maxExtendsChain = 32
  /// The deepest chain of snippets using snippets (`@use` inside a snippet used by a function counts 2).
  public static let maxSnippetDepth = 64
  /// The deepest nesting of `@if` blocks in a template, snippets expanded.
  public static let maxBlockDepth = 100
  /// The most instructions and directives a function or rewrite may have once its snippets are expanded.
  public static let maxExpandedTemplateSize = 100_000

  /// Why a file over ``maxFileBytes`` is refused.
  static var fileTooLarge: String { "the file is larger than \(maxFileBytes) bytes, the most a rule file may have" }
}
