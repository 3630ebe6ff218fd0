/// The text-format names of instructions, for errors: derived from WasmParser's case names (`i32TruncSatF32S` is
/// `i32.trunc_sat_f32_s`, `i32AtomicRmw8AddU` is `i32.atomic.rmw8.add_u`). Only built when an error is reported.
enum InstructionNames {
  /// The name of `instruction` in the text format.
  static func name(of instruction: Instruction) -> String {
    switch instruction {
    case .load(let op, _): textName("\(op)")
    case .store(let op, _): textName("\(op)")
    case .cmp(let op): textName("\(op)")
    case .unary(let op): textName("\(op)")
    case .binary(let op): textName("\(op)")
    case .conversion(let op): textName("\(op)")
    case .simd(let op): textName("\(op)")
    case .simdLane(let op, _): textName("\(op)")
    case .simdMemLane(let op, _, _): textName("\(op)")
    case .refTest(let op, _): textName("\(op)")
    case .refCast(let op, _): textName("\(op)")
    case .typedSelect: "select"
    default: textName(String(describing: instruction).prefix { $0 != "(" })
    }
  }

  /// The words of a prefix that joins its words with `_` rather than `.` (`br_table`, `return_call_indirect`).
  private static let underscorePrefixes: Set<String> = ["br", "call", "return", "throw", "try"]

  /// `i32TruncSatF32S` → `i32.trunc_sat_f32_s`: the first word, a dot, then the other words in lower case joined
  /// by `_`, except that `atomic` and `rmwN` are followed by a dot and a lane count (`X4`) joins its word.
  static func textName<Name: StringProtocol>(_ caseName: Name) -> String {
    var words: [String] = []
    for character in caseName {
      let startsWord = character.isUppercase && !(words.last?.last?.isUppercase ?? true)
      if words.isEmpty || startsWord || (character.isUppercase && words.last?.last?.isNumber == true) {
        if character == "X", let last = words.last, last.last?.isNumber == true {
          words[words.count - 1] += "x"
          continue
        }
        words.append(String(character).lowercased())
      } else {
        words[words.count - 1] += String(character).lowercased()
      }
    }
    guard let first = words.first else { return String(caseName) }
    var name = first
    var separator = underscorePrefixes.contains(first) ? "_" : "."
    for word in words.dropFirst() {
      name += separator + word
      separator = word == "atomic" || word.hasPrefix("rmw") ? "." : "_"
    }
    return name
  }
}
