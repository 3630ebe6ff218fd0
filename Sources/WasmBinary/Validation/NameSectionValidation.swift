/// The `name` section as `wasm-tools validate --validate-custom` checks it, beyond the structure the reader checks:
/// known subsection ids (0–11), and in the function, local and global name maps indices in increasing order (each
/// once) and within the module's functions and globals.
extension WasmModule {
  /// Fails at the first problem of the name section (nil maps: no name section, or one the reader found malformed).
  func validateNameSection() throws(ModuleError) {
    for subsection in layout.nameSection?.subsections ?? [] where subsection.id > 11 {
      throw ModuleError(offset: subsection.range.lowerBound, "unknown name subsection \(subsection.id)")
    }
    try Self.checkIndices(names.functionMap, below: functionCount, "function names")
    try Self.checkIndices(names.globalMap, below: globalCount, "global names")
    guard let locals = names.localMaps else { return }
    var reader = ByteReader(locals.entries, locals.entries.indices)
    var previous: UInt32?
    for _ in 0..<locals.count {
      let offset = reader.offset
      let function = try reader.u32("a function index in local names")
      try Self.checkOrder(function, after: previous, below: functionCount, "local names", offset: offset)
      previous = function
      let count = Int(try reader.u32("the number of local names"))
      var previousLocal: UInt32?
      for _ in 0..<count {
        let localOffset = reader.offset
        let local = try reader.u32("a local index in local names")
        try Self.checkOrder(
          local, after: previousLocal, below: nil, "the local names of function \(function)",
          offset: localOffset)
        previousLocal = local
        _ = try reader.name("a local name")
      }
    }
  }

  private static func checkIndices(_ map: NameMap?, below limit: Int, _ what: String) throws(ModuleError) {
    guard let map else { return }
    var reader = ByteReader(map.entries, map.entries.indices)
    var previous: UInt32?
    for _ in 0..<map.count {
      let offset = reader.offset
      let index = try reader.u32("an index in \(what)")
      try checkOrder(index, after: previous, below: limit, what, offset: offset)
      previous = index
      try reader.skip(Int(try reader.u32("a name's length")), "a name")
    }
  }

  private static func checkOrder(
    _ index: UInt32, after previous: UInt32?, below limit: Int?, _ what: String,
    offset: Int
  ) throws(ModuleError) {
    if let previous, index <= previous {
      throw ModuleError(offset: offset, "\(what) out of order: index \(index) follows \(previous)")
    }
    if let limit, Int(index) >= limit {
      throw ModuleError(offset: offset, "\(what): index \(index) is out of range (the module has \(limit))")
    }
  }
}
