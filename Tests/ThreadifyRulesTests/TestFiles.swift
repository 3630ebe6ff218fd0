import Foundation

/// Paths of files next to the tests, found from this source file's path (the files are not SwiftPM resources).
enum TestFiles {
  /// `Tests/ThreadifyRulesTests`.
  static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  /// The repository's `rules/` folder.
  static let rulesDirectory = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("rules")
  /// `Tests/ThreadifyRulesTests/BrokenRules`.
  static let brokenRulesDirectory = testsDirectory.appendingPathComponent("BrokenRules")

  /// The path of a shipped rule file.
  static func shippedRule(_ name: String) -> String { rulesDirectory.appendingPathComponent(name).path }
}
