/// Where the entries of the sections the editor changes lie in the file, so that the writer can copy the entries it
/// does not touch byte for byte. All ranges are absolute file offsets.
struct ModuleLayout: Sendable {
  /// For each type, function, global, export and code section (by id), the offset of its first entry (just after
  /// the entry count).
  var entriesStart: [UInt8: Int] = [:]
  /// The limits of each imported memory, in import order.
  var importedMemoryLimits: [Range<Int>] = []
  /// The limits of each defined memory.
  var definedMemoryLimits: [Range<Int>] = []
  /// Each export entry, in order.
  var exportEntries: [Range<Int>] = []
  /// Each code entry: its size field and its body.
  var codeEntries: [Range<Int>] = []
  /// Each function body (locals and instructions), without its size field.
  var bodies: [Range<Int>] = []
  /// The subsections of the first name section, when it is well formed.
  var nameSection: NameSectionLayout?
}

/// Where the subsections of a well-formed name section lie.
struct NameSectionLayout: Sendable {
  /// One subsection: its id, the whole subsection (id byte through content), and for the name maps (1, 2, 7) the
  /// entry count and where the entries start.
  struct Subsection: Sendable {
    let id: UInt8
    let range: Range<Int>
    let count: Int
    let entriesStart: Int
  }

  /// The position of the name section in the module's section list.
  let sectionIndex: Int
  /// The subsections in file (and id) order.
  let subsections: [Subsection]
}
