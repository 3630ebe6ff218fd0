/// Names from the `name` custom section: the module name (subsection 0), function names (1), local names (2) and
/// global names (7).
///
/// Reading a module only checks that the section is well formed (every count, index, length and UTF-8 name) and
/// notes where each name map lies; a lookup then scans the map's raw entries. A malformed name section is ignored:
/// every map reads as empty and ``problem`` says what was wrong with it. When an index appears twice in a map, its
/// first name counts.
public struct ModuleNames: Sendable {
  /// The module name (subsection 0).
  public let module: String?
  /// Why the name section was ignored, with the offset of the problem; nil when it was read (or absent).
  public var problem: String? { failure.map { "name section ignored: \($0)" } }
  /// What is malformed in the name section; nil when it was read (or absent).
  public let failure: ModuleError?
  let functionMap: NameMap?
  let globalMap: NameMap?
  let localMaps: NameMap?

  init(module: String? = nil, functions: NameMap? = nil, locals: NameMap? = nil, globals: NameMap? = nil) {
    self.module = module
    self.functionMap = functions
    self.localMaps = locals
    self.globalMap = globals
    self.failure = nil
  }

  init(failure: ModuleError) {
    self.module = nil
    self.functionMap = nil
    self.localMaps = nil
    self.globalMap = nil
    self.failure = failure
  }

  /// The name of function `index`, if it has one.
  public func function(at index: UInt32) -> String? { functionMap?.name(at: index) }

  /// The name of global `index`, if it has one.
  public func global(at index: UInt32) -> String? { globalMap?.name(at: index) }

  /// The lowest function index named `name`.
  public func functionIndex(named name: String) -> UInt32? { functionIndices(named: [name])[name] }

  /// The lowest global index named `name`.
  public func globalIndex(named name: String) -> UInt32? { globalIndices(named: [name])[name] }

  /// The lowest function index named by each of `names` that names a function: one pass over the names.
  public func functionIndices(named names: Set<String>) -> [String: UInt32] {
    functionMap?.indices(named: names) ?? [:]
  }

  /// The lowest global index named by each of `names` that names a global: one pass over the names.
  public func globalIndices(named names: Set<String>) -> [String: UInt32] { globalMap?.indices(named: names) ?? [:] }

  /// Every function name by function index, decoded now.
  public var functions: [UInt32: String] { functionMap?.all ?? [:] }

  /// Every global name by global index, decoded now.
  public var globals: [UInt32: String] { globalMap?.all ?? [:] }

  /// Every local name by function index, then local index, decoded now.
  public var locals: [UInt32: [UInt32: String]] {
    var locals: [UInt32: [UInt32: String]] = [:]
    localMaps?.forEachEntry { function, reader in
      let map = NameMap.nested(in: &reader)
      if locals[function] == nil { locals[function] = map?.all ?? [:] }
      return true
    }
    return locals
  }
}

/// The entries of a name map in a well-formed name section: `count` pairs (index, name), or for local names
/// `count` pairs (function index, name map). The reader has checked them all, so decoding them cannot fail.
struct NameMap: Sendable {
  /// From the first entry to the end of the map.
  let entries: ModuleBytes
  let count: Int

  /// Calls `body` with each entry's index and a reader at the rest of the entry, which `body` must consume;
  /// stops when `body` returns false.
  func forEachEntry(_ body: (UInt32, inout ByteReader) -> Bool) {
    var reader = ByteReader(entries, entries.indices)
    for _ in 0..<count {
      guard let index = try? reader.u32("an index"), body(index, &reader) else { return }
    }
  }

  /// Calls `body` with each entry's index and its name's bytes; stops when `body` returns false.
  func forEachName(_ body: (UInt32, UnsafeRawBufferPointer) -> Bool) {
    entries.withUnsafeBytes { map in
      var cursor = RawCursor(file: map, offset: 0)
      for _ in 0..<count {
        guard let index = cursor.u32(below: map.count), let length = cursor.u32(below: map.count),
          let name = cursor.skip(length, below: map.count),
          body(UInt32(index), UnsafeRawBufferPointer(rebasing: map[name]))
        else { return }
      }
    }
  }

  func name(at wanted: UInt32) -> String? {
    var found: String?
    forEachName { index, name in
      if index == wanted { found = String(decoding: name, as: UTF8.self) }
      return found == nil
    }
    return found
  }

  /// The lowest index named by each of `names` that names one, in one pass over the entries.
  func indices(named names: Set<String>) -> [String: UInt32] {
    let wanted = names.map { Array($0.utf8) }
    var candidates: [(name: Int, index: UInt32)] = []
    // The hot loop of a lookup: no closure per entry, and a name is compared only when its length matches.
    entries.withUnsafeBytes { map in
      var cursor = RawCursor(file: map, offset: 0)
      for _ in 0..<count {
        guard let index = cursor.u32(below: map.count), let length = cursor.u32(below: map.count),
          let name = cursor.skip(length, below: map.count)
        else { return }
        for (position, bytes) in wanted.enumerated() where bytes.count == length && map[name].elementsEqual(bytes) {
          candidates.append((position, UInt32(index)))
        }
      }
    }
    var found: [String: UInt32] = [:]
    for candidate in candidates {
      let name = String(decoding: wanted[candidate.name], as: UTF8.self)
      // An index named twice keeps its first name.
      guard self.name(at: candidate.index) == name else { continue }
      found[name] = Swift.min(found[name] ?? candidate.index, candidate.index)
    }
    return found
  }

  var all: [UInt32: String] {
    var names: [UInt32: String] = [:]
    forEachName { index, name in
      if names[index] == nil { names[index] = String(decoding: name, as: UTF8.self) }
      return true
    }
    return names
  }

  /// The name map an entry of the local names holds, with `reader` at its count; moves `reader` past it.
  static func nested(in reader: inout ByteReader) -> NameMap? {
    guard let count = try? reader.u32("a count") else { return nil }
    let start = reader.offset
    for _ in 0..<count {
      guard (try? reader.u32("an index")) != nil, let length = try? reader.u32("a length"),
        (try? reader.skip(Int(length), "a name")) != nil
      else { return nil }
    }
    return NameMap(entries: reader.bytes[start..<reader.offset], count: Int(count))
  }
}
