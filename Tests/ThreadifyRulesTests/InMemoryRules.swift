import ThreadifyRules

/// Rule files held in memory, for tests that need several files or exact texts.
enum InMemoryRules {
  /// The keys every complete rule set needs.
  static let header = """
    name: t
    version: "1"
    marker: m

    """

  struct MissingFile: Error, CustomStringConvertible {
    let path: String
    var description: String { "no such file" }
  }

  /// A reader serving `files` by path.
  static func reader(_ files: [String: String]) -> RuleFileReader {
    RuleFileReader { path in
      guard let text = files[path] else { throw MissingFile(path: path) }
      return text
    }
  }

  /// Loads `text` as `t.yaml`.
  static func load(_ text: String) throws(RuleError) -> RuleSet {
    try RuleSetLoader.load(path: "t.yaml", reader: reader(["t.yaml": text]))
  }

  /// The error loading `text` as `t.yaml` gives, as `LINE:COL: error: MESSAGE` (nil if it loads).
  static func error(_ text: String) -> String? {
    do {
      _ = try load(text)
      return nil
    } catch {
      return String(error.description.dropFirst("t.yaml:".count))
    }
  }

  /// A rule set with one function `f` of the given signature and body (indented by 6 in the file).
  static func function(
    params: String = "{}", results: String = "[]", locals: String = "{}", body: String, extra: String = ""
  )
    -> String
  {
    header + extra + """
      functions:
        f:
          params: \(params)
          results: \(results)
          locals: \(locals)
          body: |
      \(body.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n"))

      """
  }
}
