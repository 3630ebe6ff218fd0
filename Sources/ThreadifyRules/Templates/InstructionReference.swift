import WasmBinary

/// The reference list of every instruction a template may use, generated from ``InstructionCatalogue``: the text
/// of `docs/template-instructions.md` (`wasm-threadify rules instructions` prints it; a test keeps the two equal).
public enum InstructionReference {
  /// The whole document, in Markdown.
  public static func markdown() -> String {
    var lines = [
      "# Instructions in templates (reference)",
      "",
      "Generated from the instruction catalogue (`Sources/WasmBinary/Instructions/InstructionCatalogue.swift`) by",
      "`wasm-threadify rules instructions > docs/template-instructions.md`; a test fails when this file and the",
      "catalogue disagree. [rule-language.md](rule-language.md) describes templates; this is the list of what they",
      "may contain, \(InstructionCatalogue.all.count) instructions, with the operands a template writes after the",
      "name and the types each pops and pushes (last = top of the stack).",
      "",
      "Operands: `$local`, `$global`, `$function` and `$table` name a param or local, a global (symbol or injected),",
      "a function (symbol or injected) and a `table:` symbol; `N|{constant}` is an integer literal or a constant;",
      "`SIGNATURE` is written as in `function:` symbols, `(i32 i32) -> i32`, and takes the rest of the line;",
      "`[offset=N] [align=N]` are optional, in any order. `addr` is the memory's address type, the",
      "rule set's `requires.memory.address` (`i32` when not declared); `at` is the index type of the table",
      "(`i64` for a table declared `i64 funcref`), `t` its element type. Memory and table indices are never written:",
      "templates use memory 0 and the table they name.",
    ]
    for group in InstructionCatalogue.groups {
      lines += ["", "## \(group.name)", "", "| instruction | operands | stack | opcode |", "|---|---|---|---|"]
      for info in group.instructions {
        let operands = info.textOrder.compactMap { operandSyntax(info.immediates[$0]) }.joined(separator: " ")
        let opcode = info.opcode.map { "0x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }
        // A `|` inside a table cell, code spans included, must be escaped.
        let cell = operands.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
        lines.append(
          "| `\(info.name)` | \(cell.isEmpty ? "" : "`\(cell)`") | \(stackSyntax(info.effect)) | "
            + "\(opcode.joined(separator: " ")) |")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// How a template writes an immediate; `nil` for one it never writes (memory indices).
  private static func operandSyntax(_ kind: ImmediateKind) -> String? {
    switch kind {
    case .blockType: "[(result TYPE)]"
    case .label: "DEPTH"
    case .function: "$function"
    case .local: "$local"
    case .global: "$global"
    case .i32, .i64: "N|{constant}"
    case .memArg: "[offset=N] [align=N]"
    case .memoryIndex, .memoryIndexPair, .zeroByte: nil
    case .dataIndex: "SEGMENT"
    case .typeIndex: "SIGNATURE"
    case .table: "$table"
    case .heapType: "func|extern"
    }
  }

  private static func stackSyntax(_ effect: StackEffect) -> String {
    switch effect {
    case .fixed(let params, let results):
      "`\(list(params.map(TypeSyntax.describe))) -> \(list(results.map(TypeSyntax.describe)))`"
    case .memory(let params, let results):
      "`\(list(params.map(describe))) -> \(list(results.map(describe)))`"
    case .get: "`[] -> [type of the variable]`"
    case .set: "`[type of the variable] -> []` (a global must be mutable)"
    case .tee: "`[type] -> [type]` of the local"
    case .call: "the function's parameters `->` its results"
    case .returnCall: "the function's parameters `->` (returns; its results must be the caller's)"
    case .callIndirect: "the signature's parameters and `at` `->` its results"
    case .returnCallIndirect: "the signature's parameters and `at` `->` (returns; its results must be the caller's)"
    case .refFunc: "`[] -> [funcref]`"
    case .refNull: "`[] -> [funcref]` or `[] -> [externref]`"
    case .table(let operation):
      switch operation {
      case .get: "`[at] -> [t]`"
      case .set: "`[at t] -> []`"
      case .size: "`[] -> [at]`"
      case .grow: "`[t at] -> [at]`"
      case .fill: "`[at t at] -> []`"
      }
    case .drop: "`[any] -> []`"
    case .select: "`[t t i32] -> [t]`"
    case .control(let kind):
      switch kind {
      case .block, .loop: "opens a block"
      case .if: "`[i32]`, opens a block"
      case .else: "starts the else branch"
      case .end: "closes the block"
      case .br: "the label's types, then unreachable"
      case .brIf: "`[label's types i32] -> [label's types]`"
      case .return: "the function's results, then unreachable"
      case .unreachable: "unreachable"
      }
    }
  }

  private static func describe(_ operand: MemoryOperand) -> String {
    switch operand {
    case .address: "addr"
    case .value(let type): TypeSyntax.describe(type)
    }
  }

  private static func list(_ words: [String]) -> String { "[\(words.joined(separator: " "))]" }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
