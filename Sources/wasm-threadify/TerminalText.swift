/// Plain text for a terminal: names from a module or a rule file may hold control characters, and an escape
/// sequence among them could rewrite the screen, so every control character but the line break is shown escaped.
enum TerminalText {
  /// `text` with each control character (C0, DEL, C1) other than `\n` written as `\u{XX}`.
  static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    scalar != "\n" && scalar.properties.generalCategory == .control
  }
}
