import Testing
import ThreadifyRules
import WasmBinary

/// Template operands and the type checker. Body line `k` (from 0) of `InMemoryRules.function` is file line `10 + k`,
/// indented by 6.
@Suite struct TemplateTests {
  private func body(
    params: String = "{}", results: String = "[]", locals: String = "{}", _ body: String, extra: String = ""
  ) throws -> [TemplateItem] {
    let text = InMemoryRules.function(params: params, results: results, locals: locals, body: body, extra: extra)
    return try InMemoryRules.load(text).functions[0].body
  }

  private func error(
    params: String = "{}", results: String = "[]", locals: String = "{}", _ body: String, extra: String = ""
  ) -> String? {
    InMemoryRules.error(
      InMemoryRules.function(params: params, results: results, locals: locals, body: body, extra: extra))
  }

  private func operands(_ items: [TemplateItem]) -> [[TemplateOperand]] {
    items.compactMap { if case .instruction(let instruction) = $0 { instruction.operands } else { nil } }
  }

  private let reserve = "reserve:\n  pages: 1\n  items:\n    counter: {size: 4, align: 4}\n"

  @Test func operandsOfEveryKind() throws {
    let items = try body(
      params: "{x: i32}", locals: "{y: i64}",
      """
      i32.const {counter}
      i32.const 1
      i32.atomic.rmw.add align=4 offset={counter}
      i32.load offset=0x10
      i64.extend_i32_u
      local.set $y
      block (result i32)
        i32.const 0xFFFFFFFF
        local.get $x
        br_if 0
        drop
        i32.const -2147483648
      end
      drop
      i64.const 0xFFFFFFFFFFFFFFFF
      drop
      memory.size
      drop
      atomic.fence
      """, extra: reserve)
    #expect(
      operands(items) == [
        [.constant(.constant("counter"))], [.constant(.literal(1))],
        [.memArg(offset: .constant("counter"), alignBytes: 4)], [.memArg(offset: .literal(16), alignBytes: nil)], [],
        [.reference("y")], [.blockType(.i32)], [.constant(.literal(0xFFFF_FFFF))], [.reference("x")], [.label(0)], [],
        [.constant(.literal(-2_147_483_648))], [], [], [.constant(.literal(-1))], [], [.memoryZero], [], [.memoryZero],
      ])
  }

  @Test func wellTypedControlFlow() throws {
    _ = try body(
      params: "{x: i32}", results: "[i32]",
      """
      loop
        local.get $x
        br_if 0
      end
      local.get $x
      if (result i32)
        i32.const 1
      else
        i32.const 2
        return
      end
      i32.const 3
      local.get $x
      select
      """)
    _ = try body(results: "[i32]", "unreachable")
    _ = try body(results: "[i32]", "unreachable\ni32.add\ni64.const 1\ndrop")
    _ = try body(results: "[i64]", "block\n  br 0\n  i32.add\n  drop\nend\ni64.const 1")
  }

  @Test func conditionalsKeepTheStack() throws {
    let items = try body(
      results: "[i32]",
      """
      i32.const 1
      @if !p
        i32.const 1
        i32.add
        @if s
          nop
        @else
          drop
          i32.const 0
        @end
      @else
        unreachable
      @end
      """, extra: "params:\n  p: {default: 0}\nsymbols:\n  s: {value: i32, lookup: [{export: s}]}\n")
    guard case .conditional(let condition, let then, let otherwise, _) = items[1] else {
      Issue.record("no conditional")
      return
    }
    #expect(condition.name == "p")
    #expect(condition.negated)
    #expect(then.count == 3)
    #expect(otherwise.count == 1)
  }

  @Test func operandSyntaxErrors() {
    #expect(error("i32.const 0x100000000\ndrop") == "10:17: error: 'i32.const' operand 0x100000000 does not fit in i32")
    #expect(error("i32.const -2147483649\ndrop") == "10:17: error: 'i32.const' operand -2147483649 does not fit in i32")
    #expect(error("i32.const one\ndrop") == "10:17: error: 'i32.const' needs an integer or a {constant}, found 'one'")
    #expect(error("i32.const\ndrop") == "10:7: error: 'i32.const' needs an integer or a {constant}")
    #expect(
      error("i32.const 0\ni32.load offset=1 offset=2\ndrop")
        == "11:25: error: repeated or empty 'offset' in the memory argument of 'i32.load'")
    #expect(
      error("i32.const 0\ni32.load align=3\ndrop")
        == "11:16: error: align of 'i32.load' must be a power of two (bytes), found '3'")
    #expect(
      error("i32.const 0\ni32.load 8\ndrop")
        == "11:16: error: bad memory argument '8' for 'i32.load' (expected offset=N and/or align=N)")
    #expect(
      error("block (result v128)\nend")
        == "10:13: error: bad block type '(result v128)' for 'block' (expected '(result i32)' or nothing)")
    #expect(error("local.get x") == "10:17: error: 'local.get' needs a $name operand, found 'x'")
    #expect(error("@use 1x") == "10:12: error: '@use' needs a snippet name, found '1x'")
    #expect(error("@else") == "10:7: error: '@else' without '@if'")
    #expect(error("@end") == "10:7: error: '@end' without '@if'")
    #expect(
      error("@if p\n@else\n@else\n@end", extra: "params:\n  p: {default: 1}\n")
        == "14:7: error: second '@else' for the '@if' at line 12")
    #expect(error("@else extra") == "10:13: error: unexpected 'extra' after '@else'")
    #expect(error("memory.size 0") == "10:19: error: 'memory.size' takes no operands, found '0'")
  }

  @Test func referenceKindErrors() {
    let names = """
      globals:
        g: {type: i32, init: 0}
      symbols:
        h: {function: () -> (), lookup: [{export: h}]}

      """
    #expect(error("global.get $h\ndrop", extra: names) == "14:18: error: '$h' is a function symbol, not a global")
    #expect(error("call $g", extra: names) == "14:12: error: '$g' is an injected global, not a function")
    #expect(error(params: "{x: i32}", "call $x") == "10:12: error: '$x' is a param of function 'f', not a function")
    #expect(
      error(locals: "{x: i32}", "i32.const {x}\ndrop")
        == "10:17: error: '{x}' is a local of function 'f', not a constant")
    #expect(
      error("i32.const {g}\ndrop", extra: names)
        == "14:17: error: '{g}' is an injected global, not a constant (a param, value symbol or reserved item)")
    #expect(
      error("@if g\n@end", extra: names)
        == "14:11: error: '@if g': 'g' is an injected global; @if tests a symbol or a param")
    #expect(
      error(params: "{their_tls: i32}", "local.get $tls\ndrop")
        == "10:17: error: unknown param or local '$tls' in function 'f' (known: $their_tls)")
    #expect(error("call $nothing") == "10:12: error: unknown function '$nothing' (known: $f)")
  }

  @Test func typeErrors() {
    #expect(error("else") == "10:7: error: 'else' without a matching 'if'")
    #expect(
      error("block (result i32)\n  br_if 0\nend")
        == "11:9: error: stack underflow: 'br_if 0' needs [i32], the stack has []")
    #expect(
      error("block (result i32)\n  i64.const 0\n  i32.const 1\n  br_if 0\nend")
        == "13:9: error: type mismatch: 'br_if 0' needs [i32], the top of the stack is [i64]")
    #expect(
      error("i32.const 1\ni64.const 2\ni32.const 0\nselect\ndrop")
        == "13:7: error: type mismatch: 'select' needs two values of one type, found [i32 i64]")
    #expect(
      error("block (result i32)\nend") == "11:7: error: 'end': the 'block' at line 10 must leave [i32], found []")
    #expect(
      error("@if p\nblock\n@end\nend", extra: "params:\n  p: {default: 1}\n")
        == "14:7: error: 'block' at line 13 inside '@if p' must be closed before '@end'")
    #expect(
      error("i32.const 1\n@if p\ndrop\n@else\n@end", extra: "params:\n  p: {default: 1}\n")
        == "15:7: error: '@else': the '@if p' branch must leave the stack as it found it ([i32]), found []")
    #expect(
      error(locals: "{x: i64}", "i32.const 1\nlocal.tee $x")
        == "11:7: error: type mismatch: 'local.tee' needs [i64], the top of the stack is [i32]")
    #expect(
      error(results: "[i32]", "") == "9:5: error: function 'f' must end with its results [i32] on the stack, found []")
  }
}
