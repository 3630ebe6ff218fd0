/// Parses `requires`: the memory's shape, whether active data segments may remain, and the hints printed on failure.
enum RequirementsParser {
  static let hintKeys = ["count", "shared", "imported", "address", "active_data_segments", "growable"]

  static func parse(_ node: YAMLNode) throws(RuleError) -> Requirements {
    let map = try node.map(
      "'requires'", context: "in requires", allowed: ["memory", "active_data_segments", "hints"])
    var requirements = Requirements(hints: [:], location: map.location)
    if let memoryNode = map["memory"] {
      let memory = try memoryNode.map(
        map.what("memory"), context: "in requires.memory", allowed: ["count", "shared", "imported", "address"])
      if let count = try memory.integer("count") {
        guard (0...Int64(Int32.max)).contains(count) else {
          throw memory["count"]!.error("'count' in requires.memory must not be negative, found \(count)")
        }
        requirements.memoryCount = Int(count)
      }
      requirements.shared = try memory.bool("shared")
      requirements.imported = try memory.bool("imported")
      if let address = memory["address"] {
        guard let type = address.scalarText.flatMap(AddressType.init(rawValue:)) else {
          throw address.typeError(memory.what("address"), expected: "i32 or i64")
        }
        requirements.address = type
      }
    }
    if let active = map["active_data_segments"] {
      switch active.scalarText {
      case "none": requirements.activeDataSegmentsAllowed = false
      case "allowed": requirements.activeDataSegmentsAllowed = true
      default: throw active.typeError(map.what("active_data_segments"), expected: "'none' or 'allowed'")
      }
    }
    if let hintsNode = map["hints"] {
      let hints = try hintsNode.map(map.what("hints"), context: "in requires.hints", allowed: hintKeys)
      for entry in hints.entries {
        requirements.hints[entry.key] = try entry.value.string(hints.what(entry.key))
      }
    }
    return requirements
  }
}

extension Requirements {
  /// Requirements with nothing checked.
  init(hints: [String: String], location: SourceLocation) {
    self.init(
      memoryCount: nil, shared: nil, imported: nil, address: nil, activeDataSegmentsAllowed: nil, hints: hints,
      location: location)
  }
}
