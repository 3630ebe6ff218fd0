import Testing
import ThreadifyRules
import WasmBinary

/// Indirect and tail calls, function references and table instructions in templates, and table symbols (issue 18).
/// The table symbol `tbl` and the function symbol `g` take 9 lines, so body line `k` (from 0) is file line `19 + k`.
@Suite struct TableTemplateTests {
  private static let symbols = """
    symbols:
      tbl:
        table: funcref
        lookup:
          - only: true
      g:
        function: (i32) -> i32
        lookup:
          - export: g

    """

  private func body(params: String = "{}", results: String = "[]", _ body: String) throws -> [TemplateItem] {
    let text = InMemoryRules.function(params: params, results: results, body: body, extra: Self.symbols)
    return try InMemoryRules.load(text).functions[0].body
  }

  private func error(params: String = "{}", results: String = "[]", _ body: String) -> String? {
    InMemoryRules.error(InMemoryRules.function(params: params, results: results, body: body, extra: Self.symbols))
  }

  private func operands(_ items: [TemplateItem]) -> [[TemplateOperand]] {
    items.compactMap { if case .instruction(let instruction) = $0 { instruction.operands } else { nil } }
  }

  @Test func indirectCallsTakeASignatureAndATable() throws {
    let items = try body(
      params: "{fn: i32, x: i32}", results: "[i32]",
      """
      local.get $x
      local.get $fn
      call_indirect $tbl (i32) -> (i32)
      """)
    // Binary order: the type, then the table.
    #expect(
      operands(items)[2] == [.signature(FunctionType(parameters: [.i32], results: [.i32])), .reference("tbl")])
    _ = try body(
      params: "{fn: i32}", results: "[i32]",
      "i32.const 1\nlocal.get $fn\nreturn_call_indirect $tbl (i32) -> i32")
    _ = try body(results: "[i32]", "i32.const 1\nreturn_call $g")
  }

  @Test func tableInstructionsTypeCheck() throws {
    _ = try body(
      params: "{i: i32}", results: "[i32]",
      """
      local.get $i
      ref.func $g
      table.set $tbl
      local.get $i
      local.get $i
      table.get $tbl
      table.set $tbl
      i32.const 0
      ref.null func
      i32.const 1
      table.fill $tbl
      ref.func $g
      i32.const 1
      table.grow $tbl
      table.size $tbl
      i32.add
      """)
  }

  @Test func aWrongSignatureIsALocatedError() {
    // The stack holds [i32 i32]; the signature wants an i64 argument below the table index.
    #expect(
      error(params: "{fn: i32, x: i32}", "local.get $x\nlocal.get $fn\ncall_indirect $tbl (i64) -> ()")
        == "21:7: error: type mismatch: 'call_indirect (i64) -> ()' needs [i64 i32], the top of the stack is [i32 i32]")
    // Its results are what the signature says: here one i32 too many for a function without results.
    #expect(
      error(params: "{fn: i32}", "i32.const 1\nlocal.get $fn\ncall_indirect $tbl (i32) -> i32")?
        .hasPrefix("21:7: error: function 'f' must end with its results [] on the stack, found [i32]") == true)
    #expect(
      error(params: "{fn: i32}", "local.get $fn\ncall_indirect $tbl (i32 -> ()")
        == "20:26: error: bad signature '(i32 -> ()' for 'call_indirect' (expected '(PARAMS) -> (RESULTS)' or "
        + "'(PARAMS) -> RESULT', e.g. '(i32 i32) -> i32')")
    #expect(
      error(params: "{fn: i32}", results: "[i64]", "i32.const 1\nlocal.get $fn\nreturn_call_indirect $tbl (i32) -> i32")
        == "21:7: error: type mismatch: 'return_call_indirect (i32) -> (i32)' returns [i32] but function 'f' returns [i64]"
    )
  }

  @Test func referenceAndTableErrorsAreLocated() {
    #expect(
      error(params: "{fn: i32}", "local.get $fn\ncall_indirect $g (i32) -> ()")
        == "20:21: error: '$g' is a function symbol, not a table")
    #expect(error("i32.const 0\ntable.get $table\ndrop") == "20:17: error: unknown table '$table' (known: $tbl)")
    #expect(
      InMemoryRules.error(InMemoryRules.function(body: "table.size $t\ndrop"))
        == "10:18: error: unknown table '$t' (declare it as a symbol: `t: {table: funcref, lookup: [{only: true}]}`)")
    #expect(
      error("i32.const 0\ni32.const 1\ntable.set $tbl")
        == "21:7: error: type mismatch: 'table.set' needs [i32 funcref], the top of the stack is [i32 i32]")
    #expect(error("ref.func $tbl\ndrop") == "19:16: error: '$tbl' is a table symbol, not a function")
    #expect(
      error(results: "[i64]", "i32.const 1\nreturn_call $g")?
        .hasPrefix("20:7: error: type mismatch: 'return_call $g' returns [i32] but function 'f' returns [i64]") == true)
    #expect(
      error("ref.null any\ndrop") == "19:16: error: 'ref.null' needs a heap type ('func' or 'extern'), found 'any'")
  }

  /// A table64 (`table: i64 funcref`) takes i64 indices: an i32 index is a located error.
  @Test func aTable64TakesI64Indices() throws {
    let symbols = "symbols:\n  t64:\n    table: i64 funcref\n    lookup:\n      - only: true\n\n"
    let good = InMemoryRules.function(
      params: "{fn: i64}", results: "[i64]",
      body: "local.get $fn\ncall_indirect $t64 () -> ()\ntable.size $t64\ni64.const 1\ni64.add", extra: symbols)
    _ = try InMemoryRules.load(good)
    let bad = InMemoryRules.function(
      params: "{fn: i32}", body: "local.get $fn\ncall_indirect $t64 () -> ()", extra: symbols)
    #expect(
      InMemoryRules.error(bad)
        == "17:7: error: type mismatch: 'call_indirect () -> ()' needs [i64], the top of the stack is [i32]")
  }

  @Test func tableSymbolsAreCheckedWhereTheyAreWritten() {
    func symbolError(_ symbol: String) -> String? {
      InMemoryRules.error(InMemoryRules.header + "symbols:\n  tbl:\n" + symbol)
    }
    #expect(
      symbolError("    table: anyref\n    lookup:\n      - only: true\n")
        == "6:12: error: 'table' in symbol 'tbl' must be a table type (funcref, externref, or i64 funcref for a table64), found 'anyref'"
    )
    #expect(
      symbolError("    table: funcref\n    lookup:\n      - name: t\n")
        == "8:9: error: 'name' in lookup 1 of symbol 'tbl': tables are found by 'export', 'import', 'index' or 'only', not by name-section name"
    )
    #expect(
      symbolError("    global: i32\n    lookup:\n      - index: 0\n")
        == "8:9: error: 'index' in lookup 1 of symbol 'tbl': the 'index' lookup finds a table, and 'tbl' is not one")
  }
}
