import Testing
import ThreadifyRules

/// `--set NAME=VALUE` overrides of params.
@Suite struct ParamValuesTests {
  private let rules: RuleSet

  init() throws {
    rules = try InMemoryRules.load(
      InMemoryRules.header + """
        params:
          stack_size: {default: 2097152, min: 65536, max: 1073741824, multiple_of: 16}
          guard: {default: 0}
        """)
  }

  private func message(_ overrides: [String: String]) -> String? {
    do {
      _ = try rules.paramValues(overrides: overrides)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func defaultsWithoutOverrides() throws {
    #expect(try rules.paramValues(overrides: [:]) == ["stack_size": 2_097_152, "guard": 0])
  }

  @Test func decimalAndHexadecimalOverrides() throws {
    #expect(try rules.paramValues(overrides: ["stack_size": "1048576"])["stack_size"] == 1_048_576)
    #expect(try rules.paramValues(overrides: ["stack_size": "0x100000"])["stack_size"] == 1_048_576)
    #expect(
      try rules.paramValues(overrides: ["guard": "-1", "stack_size": "0X10000"]) == ["stack_size": 65536, "guard": -1])
  }

  @Test func unknownParamListsTheKnownOnes() {
    #expect(message(["stacksize": "1"]) == "--set stacksize=1: unknown param 'stacksize' (known: stack_size, guard)")
  }

  @Test func notAnInteger() {
    #expect(
      message(["stack_size": "1M"])
        == "--set stack_size=1M: '1M' is not an integer (write it in decimal or 0x hexadecimal)")
    #expect(
      message(["stack_size": ""]) == "--set stack_size=: '' is not an integer (write it in decimal or 0x hexadecimal)")
    #expect(
      message(["stack_size": "99999999999999999999"])
        == "--set stack_size=99999999999999999999: '99999999999999999999' is not an integer (write it in decimal or 0x hexadecimal)"
    )
  }

  @Test func outOfRange() {
    #expect(message(["stack_size": "4096"]) == "--set stack_size=4096: 4096 is below its min 65536")
    #expect(
      message(["stack_size": "0x80000000"]) == "--set stack_size=0x80000000: 2147483648 is above its max 1073741824")
  }

  @Test func notAMultiple() {
    #expect(message(["stack_size": "65537"]) == "--set stack_size=65537: 65537 is not a multiple of 16")
  }

  @Test func aRuleSetWithoutParams() throws {
    let bare = try InMemoryRules.load(InMemoryRules.header)
    #expect(throws: ParamOverrideError.self) { try bare.paramValues(overrides: ["x": "1"]) }
    #expect(try bare.paramValues(overrides: [:]).isEmpty)
  }
}
