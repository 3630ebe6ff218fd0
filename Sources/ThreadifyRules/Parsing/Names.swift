/// Rule-file names (`[A-Za-z_][A-Za-z0-9_]*`) and "did you mean" suggestions.
enum Names {
  /// Whether `name` is a valid rule-file name.
  static func isIdentifier(_ name: some StringProtocol) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || isLetter($0) || ("0"..."9").contains($0) }
  }

  /// Checks a map key used as a name; `what` says what it names (e.g. `symbol`).
  static func checkIdentifier(_ name: String, _ what: String, at location: SourceLocation) throws(RuleError) {
    guard isIdentifier(name) else {
      throw RuleError(
        location, "\(what) name '\(name)' is not a name: use letters, digits and '_', not starting with a digit")
    }
  }

  /// ` (did you mean 'x'?)` for the nearest candidate, else ` (known: a, b)` listing all (or ` (there are none)`).
  static func hint(for name: String, among candidates: [String], prefix: String = "", suffix: String = "") -> String {
    if let nearest = nearest(to: name, among: candidates) { return " (did you mean '\(prefix)\(nearest)\(suffix)'?)" }
    if candidates.isEmpty { return " (there are none)" }
    return " (known: \(candidates.map { "\(prefix)\($0)\(suffix)" }.joined(separator: ", ")))"
  }

  /// The candidate closest to `name` by edit distance, when close enough to be a likely typo.
  static func nearest(to name: String, among candidates: [String]) -> String? {
    // The edit distance costs the product of the lengths: no name that long is a typo of a short one.
    guard name.utf8.count <= 256 else { return nil }
    let limit = max(1, name.count / 3)
    let scored = candidates.map { (candidate: $0, distance: editDistance(name, $0)) }.filter { $0.distance <= limit }
    return scored.min { $0.distance < $1.distance }?.candidate
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }

  private static func editDistance(_ a: String, _ b: String) -> Int {
    let b = Array(b)
    var previous = Array(0...b.count)
    for (i, characterOfA) in a.enumerated() {
      var current = [i + 1]
      for (j, characterOfB) in b.enumerated() {
        current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (characterOfA == characterOfB ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }
}
