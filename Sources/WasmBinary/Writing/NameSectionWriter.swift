/// Adds the names of appended functions, locals and globals to the name section: new entries go after the old ones
/// in subsections 1 (functions), 2 (locals) and 7 (globals), which are created in id order when missing; the other
/// subsections and the old entries are copied byte for byte.
struct NameSectionWriter {
  /// The encoded entries to append to each name map subsection (by id), with their number.
  private var additions: [UInt8: (count: Int, bytes: ByteWriter)] = [:]

  /// Collects the names of the functions and globals an editor appends.
  init(_ editor: ModuleEditor) {
    let module = editor.module
    for (offset, function) in editor.addedFunctions.enumerated() {
      let index = UInt32(module.functionCount + offset)
      if let name = function.name {
        add(to: 1) {
          $0.unsigned(index)
          $0.name(name)
        }
      }
      guard !function.localNames.isEmpty else { continue }
      add(to: 2) { entry in
        entry.unsigned(index)
        entry.unsigned(function.localNames.count)
        for (local, name) in function.localNames.enumerated() {
          entry.unsigned(local)
          entry.name(name)
        }
      }
    }
    for (offset, global) in editor.addedGlobals.enumerated() {
      guard let name = global.name else { continue }
      add(to: 7) {
        $0.unsigned(UInt32(module.globalCount + offset))
        $0.name(name)
      }
    }
  }

  private mutating func add(to subsection: UInt8, _ encode: (inout ByteWriter) -> Void) {
    var entry = additions[subsection] ?? (0, ByteWriter())
    entry.count += 1
    encode(&entry.bytes)
    additions[subsection] = entry
  }

  /// Whether there are no names to add.
  var isEmpty: Bool { additions.isEmpty }

  /// The payload of a new name section holding only the added names.
  func newPayload() -> [UInt8] {
    var payload = ByteWriter()
    payload.name("name")
    for id in additions.keys.sorted() { payload.framed(id: id, payload: subsection(id, old: nil, in: nil)) }
    return payload.bytes
  }

  /// The payload of an existing, well-formed name section with the added names.
  func editedPayload(of section: RawSection, _ layout: NameSectionLayout, in bytes: ModuleBytes) -> [UInt8] {
    var payload = ByteWriter(capacity: section.payload.count + 256)
    payload.raw(bytes[section.payload.lowerBound..<section.content.lowerBound])
    var pending = additions.keys.filter { id in !layout.subsections.contains { $0.id == id } }.sorted()[...]
    for old in layout.subsections {
      while let id = pending.first, id < old.id {
        payload.framed(id: id, payload: subsection(id, old: nil, in: bytes))
        pending.removeFirst()
      }
      if additions[old.id] != nil {
        payload.framed(id: old.id, payload: subsection(old.id, old: old, in: bytes))
      } else {
        payload.raw(bytes[old.range])
      }
    }
    for id in pending { payload.framed(id: id, payload: subsection(id, old: nil, in: bytes)) }
    return payload.bytes
  }

  /// The content of a name map subsection: the new count, the old entries unchanged, the added entries.
  private func subsection(_ id: UInt8, old: NameSectionLayout.Subsection?, in bytes: ModuleBytes?) -> [UInt8] {
    let added = additions[id] ?? (0, ByteWriter())
    var content = ByteWriter()
    content.unsigned((old?.count ?? 0) + added.count)
    if let old, let bytes { content.raw(bytes[old.entriesStart..<old.range.upperBound]) }
    content.raw(added.bytes.bytes)
    return content.bytes
  }
}
