import Foundation
import TestSupport

/// Paths of the rule files the loader tests read.
enum TestFiles {
  /// `Tests/ThreadifyRulesTests/BrokenRules`.
  static let brokenRulesDirectory = Repository.url("Tests/ThreadifyRulesTests/BrokenRules")

  /// The path of a shipped rule file.
  static func shippedRule(_ name: String) -> String { Repository.rules.appending(path: name).path }
}
