import Testing
import ThreadifyRules

/// The `selection` key: whether `patch` without `--rules` may choose a rule set. Located errors, a default, and no
/// inheritance through `extends`.
@Suite struct SelectionRuleTests {
  @Test func withoutTheKeyARuleSetThatPatchesIsAutomatic() throws {
    let rules = try InMemoryRules.load(InMemoryRules.header)
    #expect(rules.selection.automatic)
    #expect(rules.selection.note == nil)
  }

  @Test func theKeySaysUsedOnlyWhenNamedWithANote() throws {
    let rules = try InMemoryRules.load(
      InMemoryRules.header + "selection:\n  automatic: false\n  note: \"needs a cooperating host\"\n")
    #expect(!rules.selection.automatic)
    #expect(rules.selection.note == "needs a cooperating host")
    #expect(rules.selection.location.line == 5)
  }

  @Test(arguments: [
    (
      "selection:\n  automatic: no\n",
      "5:14: error: 'automatic' in selection must be true or false, found 'no'"
    ),
    (
      "selection:\n  auto: false\n",
      "5:3: error: unknown key 'auto' in selection (expected one of: automatic, note)"
    ),
    ("selection: false\n", "4:12: error: 'selection' must be a mapping, found 'false'"),
    (
      "base: true\nselection:\n  automatic: true\n",
      "5:1: error: 'selection' does not apply to a base (`base: true`): a base is never used to patch"
    ),
  ])
  func mistakesAreLocated(_ text: String, _ expected: String) {
    #expect(InMemoryRules.error(InMemoryRules.header + text) == expected)
  }

  /// Every file says for itself whether it is chosen automatically: a file extending one that must be named is
  /// automatic unless it says otherwise.
  @Test func theKeyIsNotInherited() throws {
    let base = InMemoryRules.header + "selection: {automatic: false, note: base}\n"
    let reader = InMemoryRules.reader(["t.yaml": "extends: base.yaml\nname: derived\n", "base.yaml": base])
    let derived = try RuleSetLoader.load(path: "t.yaml", reader: reader)
    #expect(derived.selection.automatic)
    #expect(derived.selection.note == nil)
    #expect(!(try RuleSetLoader.load(path: "base.yaml", reader: reader)).selection.automatic)
  }
}
