/// Checks the `name` custom section and finds its parts: the module name (subsection 0) is decoded, the name maps
/// of function names (1), local names (2) and global names (7) are walked (every index, length and UTF-8 name
/// checked) and kept as raw entries for ``ModuleNames`` to look up; other subsections are skipped. A malformed name
/// section is not an error for the module: the names come back empty with the problem recorded, and no layout is
/// returned (so the editor leaves the section alone).
enum NameSectionReader {
  static func read(_ bytes: ModuleBytes, _ section: RawSection, index: Int) -> (ModuleNames, NameSectionLayout?) {
    do throws(ModuleError) {
      let (names, subsections) = try parse(bytes, section.content)
      return (names, NameSectionLayout(sectionIndex: index, subsections: subsections))
    } catch {
      return (ModuleNames(failure: error), nil)
    }
  }

  private static func parse(_ bytes: ModuleBytes, _ content: Range<Int>) throws(ModuleError) -> (
    ModuleNames, [NameSectionLayout.Subsection]
  ) {
    var module: String?
    var maps: [UInt8: NameMap] = [:]
    var subsections: [NameSectionLayout.Subsection] = []
    var reader = ByteReader(bytes, content)
    while !reader.isAtEnd {
      let start = reader.offset
      let id = try reader.byte("a name subsection id")
      if let previous = subsections.last, previous.id >= id {
        throw ModuleError(offset: start, "name subsection \(id) follows subsection \(previous.id)")
      }
      let size = Int(try reader.u32("the size of name subsection \(id)"))
      let body = try reader.skip(size, "name subsection \(id)")
      var sub = ByteReader(bytes, body)
      var count = 0
      var entriesStart = body.lowerBound
      switch id {
      case 0: module = try sub.name("the module name")
      case 1, 7:
        let what = id == 1 ? "function names" : "global names"
        count = try sub.count(what, minimumEntrySize: 2)
        entriesStart = sub.offset
        try checkNameMap(&sub, count: count, what)
      case 2:
        count = try sub.count("functions with local names", minimumEntrySize: 2)
        entriesStart = sub.offset
        for _ in 0..<count {
          _ = try sub.u32("a function index in local names")
          try checkNameMap(&sub, count: try sub.count("local names", minimumEntrySize: 2), "local names")
        }
      default: try sub.skip(sub.remaining, "name subsection \(id)")
      }
      guard sub.isAtEnd else {
        throw ModuleError(offset: sub.offset, "name subsection \(id) has \(sub.remaining) bytes after its contents")
      }
      if [1, 2, 7].contains(id) { maps[id] = NameMap(entries: bytes[entriesStart..<body.upperBound], count: count) }
      subsections.append(.init(id: id, range: start..<body.upperBound, count: count, entriesStart: entriesStart))
    }
    let names = ModuleNames(module: module, functions: maps[1], locals: maps[2], globals: maps[7])
    return (names, subsections)
  }

  /// Checks the `count` (index, name) entries of a name map.
  private static func checkNameMap(_ reader: inout ByteReader, count: Int, _ what: @autoclosure () -> String)
    throws(ModuleError)
  {
    if let end = quickCheckEnd(reader, count: count) {
      try reader.skip(end - reader.offset, what())
      return
    }
    for _ in 0..<count {
      _ = try reader.u32("an index in \(what())")
      try reader.checkName("a name in \(what())")
    }
  }

  /// Where a name map of `count` well-formed entries with ASCII names ends; nil at the first problem or non-ASCII
  /// name, for the checked loop to judge.
  private static func quickCheckEnd(_ reader: ByteReader, count: Int) -> Int? {
    reader.bytes.withUnsafeBytes { file -> Int? in
      var cursor = RawCursor(file: file, offset: reader.offset)
      for _ in 0..<count {
        guard cursor.u32(below: reader.end) != nil, let length = cursor.u32(below: reader.end),
          let name = cursor.skip(length, below: reader.end), UnsafeRawBufferPointer(rebasing: file[name]).isASCII
        else { return nil }
      }
      return cursor.offset
    }
  }
}
