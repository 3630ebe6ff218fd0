/// Reads the `name` custom section: the module name (subsection 0), function names (1), local names (2) and global
/// names (7), and where every subsection lies. Other subsections are skipped. A malformed name section is not an
/// error for the module: the names come back empty with the problem recorded, and no layout is returned (so the
/// editor leaves the section alone).
enum NameSectionReader {
  static func read(_ bytes: [UInt8], _ section: RawSection, index: Int) -> (ModuleNames, NameSectionLayout?) {
    do throws(ModuleError) {
      let (names, subsections) = try parse(bytes, section.content)
      return (names, NameSectionLayout(sectionIndex: index, subsections: subsections))
    } catch {
      return (ModuleNames(problem: "name section ignored: \(error)"), nil)
    }
  }

  private static func parse(_ bytes: [UInt8], _ content: Range<Int>) throws(ModuleError) -> (
    ModuleNames, [NameSectionLayout.Subsection]
  ) {
    var names = ModuleNames()
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
      case 0: names.module = try sub.name("the module name")
      case 1, 7:
        let what = id == 1 ? "function names" : "global names"
        count = try sub.count(what, minimumEntrySize: 2)
        entriesStart = sub.offset
        let map = try nameMap(&sub, count: count, what)
        if id == 1 { names.functions = map } else { names.globals = map }
      case 2:
        count = try sub.count("functions with local names", minimumEntrySize: 2)
        entriesStart = sub.offset
        for _ in 0..<count {
          let function = try sub.u32("a function index in local names")
          let locals = try sub.count("local names", minimumEntrySize: 2)
          names.locals[function] = try nameMap(&sub, count: locals, "local names")
        }
      default: try sub.skip(sub.remaining, "name subsection \(id)")
      }
      guard sub.isAtEnd else {
        throw ModuleError(offset: sub.offset, "name subsection \(id) has \(sub.remaining) bytes after its contents")
      }
      subsections.append(.init(id: id, range: start..<body.upperBound, count: count, entriesStart: entriesStart))
    }
    return (names, subsections)
  }

  /// Reads the `count` (index, name) entries of a name map.
  private static func nameMap(_ reader: inout ByteReader, count: Int, _ what: @autoclosure () -> String)
    throws(ModuleError) -> [UInt32:
    String]
  {
    var map: [UInt32: String] = [:]
    for _ in 0..<count {
      let index = try reader.u32("an index in \(what())")
      map[index] = try reader.name("a name in \(what())")
    }
    return map
  }
}
