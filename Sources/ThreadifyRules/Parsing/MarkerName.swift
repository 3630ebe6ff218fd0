/// Checks `marker`: the name of the custom section a patch adds. It must not collide with a section that
/// WebAssembly or a toolchain defines, since the patch replaces a section of that name.
enum MarkerName {
  /// Section names the marker must not take.
  static let reserved: Set<String> = [
    "name", "producers", "target_features", "linking", "sourceMappingURL", "external_debug_info", "build_id",
    "dylink", "dylink.0", "emscripten_metadata", "wasm-bindgen-unstable",
  ]
  /// Prefixes of section names the marker must not start with.
  static let reservedPrefixes = ["reloc.", ".debug", "metadata.", "component-type", "__wasm_bindgen"]

  static func parse(_ node: YAMLNode, what: @autoclosure () -> String) throws(RuleError) -> String {
    let name = try node.string(what())
    let allowed = name.utf8.allSatisfy { byte in
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || byte == 0x2D || byte == 0x2E || byte == 0x5F
    }
    guard !name.isEmpty, name.utf8.count <= 64, allowed else {
      throw node.error("\(what()) must be 1 to 64 letters, digits, '-', '.' or '_', found \(node.foundDescription)")
    }
    if reserved.contains(name) || reservedPrefixes.contains(where: name.hasPrefix) {
      throw node.error(
        "\(what()) names '\(name)', a standard or toolchain custom section that the patch would replace: "
          + "choose a name of your own, such as 'wasm-threadify'")
    }
    return name
  }
}
