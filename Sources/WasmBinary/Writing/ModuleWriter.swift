/// Writes an edited module as a ``ModuleImage``. The header and every section no edit touches are original ranges;
/// an edited section is rebuilt from its old entries' raw bytes plus the new entries; a section the edits need but the module
/// lacks is inserted at its canonical place, just before the next known section (or after the last one), so custom
/// sections stay next to the sections they followed.
struct ModuleWriter {
  /// What to write for an existing section.
  private enum Output {
    case copy
    case drop
    case payload([UInt8])
    /// A vector section rebuilt from its old entries, which stay original ranges of the image (the code section can
    /// be most of the file).
    case vector(VectorEdit)
  }

  /// A vector section's new contents: a count, the old entries with splices applied, then appended entries.
  private struct VectorEdit {
    let count: Int
    let entries: Range<Int>
    let splices: [Splice]
    let appending: [UInt8]

    /// The payload's size in bytes.
    var size: Int {
      var countField = ByteWriter()
      countField.unsigned(count)
      let spliced = splices.reduce(0) { $0 + $1.replacement.count - $1.range.count }
      return countField.bytes.count + entries.count + spliced + appending.count
    }
  }

  private let editor: ModuleEditor
  private let module: WasmModule
  private let bytes: ModuleBytes
  private let names: NameSectionWriter
  /// The encoded entries to append to each vector section, with their number.
  private let addedTypes, addedFunctionTypes, addedGlobals, addedExports, addedCode: (count: Int, bytes: [UInt8])

  init(_ editor: ModuleEditor) {
    self.editor = editor
    self.module = editor.module
    self.bytes = editor.module.bytes
    self.names = NameSectionWriter(editor)
    addedTypes = Self.encoded(editor.addedTypes) { $0.functionType($1) }
    addedFunctionTypes = Self.encoded(editor.addedFunctions) { $0.unsigned($1.typeIndex) }
    addedGlobals = Self.encoded(editor.addedGlobals) { out, global in
      out.globalType(global.type)
      out.constantExpression(global.initializer)
    }
    addedExports = Self.encoded(editor.addedExports) { $0.export($1) }
    addedCode = Self.encoded(editor.addedFunctions) { out, function in
      var body = ByteWriter(capacity: function.body.count + 8)
      body.localDeclarations(function.locals)
      body.raw(function.body)
      out.unsigned(body.bytes.count)
      out.raw(body.bytes)
    }
  }

  private static func encoded<T>(_ items: [T], _ encode: (inout ByteWriter, T) -> Void) -> (
    count: Int, bytes: [UInt8]
  ) {
    var out = ByteWriter()
    for item in items { encode(&out, item) }
    return (items.count, out.bytes)
  }

  /// The edited module. A module with debug sections is written once more when the edits move the code they
  /// describe: with its DWARF rewritten (see ``DebugSections``), without what cannot be; one without them is
  /// written once.
  func write() -> ModuleImage {
    let image = write(dropping: [], replacing: [:], warnings: [])
    guard module.hasCodeAddressingSections else { return image }
    let dwarf = DebugSections.dwarf(of: module, image.codeOffsets)
    let warnings = [dwarf.warning, DebugSections.sourceMapWarning(for: editor, image.codeOffsets)].compactMap { $0 }
    guard !warnings.isEmpty || !dwarf.replaced.isEmpty else { return image }
    return write(dropping: Set(warnings.flatMap(\.droppedSections)), replacing: dwarf.replaced, warnings: warnings)
  }

  /// The edited module without the custom sections named in `dropped`, and with the payloads of those in
  /// `replaced` (one section of each name) replaced.
  private func write(dropping dropped: Set<String>, replacing replaced: [String: [UInt8]], warnings: [WriterWarning])
    -> ModuleImage
  {
    var out = ModuleImageBuilder(source: bytes)
    var codeOffsets = CodeOffsetMap.unchanged(payloadStart: nil, shiftedTo: nil, countFieldSize: 0)
    out.original(0..<SectionWalker.header.count)
    var missing = SectionID.allCases.compactMap { kind -> (rank: Int, kind: SectionID, payload: [UInt8])? in
      guard let rank = kind.rank, !module.sections.contains(where: { $0.kind == kind }),
        let payload = newPayload(for: kind)
      else { return nil }
      return (rank, kind, payload)
    }.sorted { $0.rank < $1.rank }[...]
    let lastKnown = module.sections.lastIndex { $0.kind?.rank != nil }
    func flushMissing(before rank: Int) {
      while let section = missing.first, section.rank < rank {
        out.pending.framed(id: section.kind.rawValue, payload: section.payload)
        missing.removeFirst()
      }
    }
    for (index, section) in module.sections.enumerated() {
      if let rank = section.kind?.rank { flushMissing(before: rank) }
      if let name = section.customName, dropped.contains(name) { continue }
      if section.kind == .code {
        codeOffsets = .unchanged(
          payloadStart: section.content.lowerBound,
          shiftedTo: out.count + section.content.lowerBound - section.range.lowerBound,
          countFieldSize: codeCountFieldSize(section))
      }
      let written: Output
      if let name = section.customName, let payload = replaced[name] {
        written = .payload(customPayload(name: name, payload))
      } else {
        written = output(for: section, at: index)
      }
      switch written {
      case .copy: out.original(section.range)
      case .drop: break
      case .payload(let payload): out.pending.framed(id: section.id, payload: payload)
      case .vector(let edit):
        out.pending.byte(section.id)
        out.pending.unsigned(edit.size)
        if section.kind == .code { codeOffsets = codeOffsetMap(section, edit, outputPayloadStart: out.count) }
        out.pending.unsigned(edit.count)
        out.original(edit.entries, splicing: edit.splices)
        out.pending.raw(edit.appending)
      }
      if index == lastKnown { flushMissing(before: Int.max) }
    }
    flushMissing(before: Int.max)
    if !names.isEmpty && !module.sections.contains(where: { $0.customName == "name" })
      && !editor.customSections.contains(where: { $0.name == "name" })
    {
      out.pending.framed(id: SectionID.custom.rawValue, payload: names.newPayload())
    }
    for custom in editor.customSections where !module.sections.contains(where: { $0.customName == custom.name }) {
      out.pending.framed(id: SectionID.custom.rawValue, payload: customPayload(name: custom.name, custom.payload))
    }
    let newURL = editor.customSections.contains { $0.name == DebugSections.sourceMapURL }
    return out.image(
      codeOffsets: codeOffsets, warnings: warnings,
      rewritten: Set(replaced.keys).union(newURL ? [DebugSections.sourceMapURL] : []))
  }

  // MARK: - Code offsets

  /// The size of the input code section's function count field.
  private func codeCountFieldSize(_ section: RawSection) -> Int {
    (module.layout.entriesStart[section.id] ?? section.content.lowerBound) - section.content.lowerBound
  }

  /// Where a rebuilt code section puts the input's bodies; its payload starts at output offset `outputPayloadStart`.
  private func codeOffsetMap(_ section: RawSection, _ edit: VectorEdit, outputPayloadStart: Int) -> CodeOffsetMap {
    let payloadStart = section.content.lowerBound
    var countField = ByteWriter()
    countField.unsigned(edit.count)
    // `shift`: output offset minus input offset of the bytes after the last splice seen.
    var shift = countField.bytes.count - codeCountFieldSize(section)
    let rewritten = zip(edit.splices, editor.replacedBodies.keys.sorted()).map { splice, defined in
      let input = (splice.range.lowerBound - payloadStart)..<(splice.range.upperBound - payloadStart)
      let outputStart = input.lowerBound + shift
      shift += splice.replacement.count - splice.range.count
      return CodeOffsetMap.RewrittenBody(
        input: input, output: outputStart..<(outputStart + splice.replacement.count),
        pieces: codePieces(ofBody: defined, entry: splice, inputStart: input.lowerBound, outputStart: outputStart))
    }
    return CodeOffsetMap(
      inputPayloadStart: payloadStart, outputPayloadStart: outputPayloadStart,
      countFieldSize: (codeCountFieldSize(section), countField.bytes.count), rewritten: rewritten)
  }

  /// The pieces of the `defined`-th body's new entry `entry`, in code-payload offsets: the size field, then the
  /// body's own pieces (the whole body as one replaced piece when the edit did not say where they came from).
  private func codePieces(ofBody defined: Int, entry: Splice, inputStart: Int, outputStart: Int)
    -> [BodyRewrite.Piece]
  {
    let body = module.layout.bodies[defined]
    let toCode = inputStart - entry.range.lowerBound
    let sizeField = entry.replacement.count - (editor.replacedBodies[defined]?.count ?? 0)
    let bodyStart = outputStart + sizeField
    let own =
      editor.replacedBodyPieces[defined]
      ?? [BodyRewrite.Piece(input: body, output: 0, copied: false)]
    return [BodyRewrite.Piece(input: inputStart..<(body.lowerBound + toCode), output: outputStart, copied: false)]
      + own.map { piece in
        BodyRewrite.Piece(
          input: (piece.input.lowerBound + toCode)..<(piece.input.upperBound + toCode),
          output: bodyStart + piece.output, copied: piece.copied)
      }
  }

  // MARK: - Existing sections

  private func output(for section: RawSection, at index: Int) -> Output {
    switch section.kind {
    case .type: return appended(section, oldCount: module.types.count, addedTypes)
    case .function: return appended(section, oldCount: module.functionTypeIndices.count, addedFunctionTypes)
    case .global: return appended(section, oldCount: module.globals.count, addedGlobals)
    case .import: return limitsEdited(section, memories: 0..<module.layout.importedMemoryLimits.count)
    case .memory:
      return limitsEdited(section, memories: module.layout.importedMemoryLimits.count..<module.memories.count)
    case .export: return exportsEdited(section)
    case .start:
      switch editor.startEdit {
      case .unchanged: return .copy
      case .removed: return .drop
      case .set(let function): return .payload(startPayload(function))
      }
    case .code: return codeEdited(section)
    case .element: return elementsEdited(section)
    case .custom: return customEdited(section, at: index)
    default: return .copy
    }
  }

  /// A vector section with entries appended: new count, the old entries as they were, the new entries.
  private func appended(_ section: RawSection, oldCount: Int, _ added: (count: Int, bytes: [UInt8])) -> Output {
    guard added.count > 0 else { return .copy }
    return vector(section, count: oldCount + added.count, splicing: [], appending: added.bytes)
  }

  /// The payload of a vector section: `count`, then the old entries with `splices` applied, then `appending`.
  private func vector(_ section: RawSection, count: Int, splicing splices: [Splice], appending: [UInt8]) -> Output {
    guard let entriesStart = module.layout.entriesStart[section.id] else {
      preconditionFailure("the reader records where the entries of every vector section start")
    }
    return .vector(
      VectorEdit(
        count: count, entries: entriesStart..<section.content.upperBound, splices: splices, appending: appending))
  }

  /// The import or memory section with new limits for some of its memories (`memories` are their indices).
  private func limitsEdited(_ section: RawSection, memories: Range<Int>) -> Output {
    let ranges = section.kind == .import ? module.layout.importedMemoryLimits : module.layout.definedMemoryLimits
    let splices = memories.compactMap { memory in
      editor.memoryLimits[memory].map { limits in
        var encoded = ByteWriter()
        encoded.limits(limits)
        return Splice(range: ranges[memory - memories.lowerBound], replacement: encoded.bytes)
      }
    }
    guard !splices.isEmpty else { return .copy }
    var payload = ByteWriter(capacity: section.content.count + 8)
    payload.copy(bytes, section.content, splicing: splices)
    return .payload(payload.bytes)
  }

  private func exportsEdited(_ section: RawSection) -> Output {
    let removed = module.layout.exportEntries.indices.filter {
      editor.removedExportNames.contains(module.exports[$0].name)
    }
    guard !removed.isEmpty || addedExports.count > 0 else { return .copy }
    let splices = removed.map { Splice(range: module.layout.exportEntries[$0], replacement: []) }
    let count = module.exports.count - removed.count + addedExports.count
    return vector(section, count: count, splicing: splices, appending: addedExports.bytes)
  }

  /// The element section with a declarative segment appended (its entries are never decoded: only the count is
  /// read, and the old segments stay original ranges).
  private func elementsEdited(_ section: RawSection) -> Output {
    guard let segment = declarativeSegment() else { return .copy }
    var reader = ByteReader(bytes, section.content)
    // An unreadable count is a malformed input, which the output's validation reports.
    guard let count = try? reader.u32("element segment count") else { return .copy }
    return .vector(
      VectorEdit(
        count: Int(count) + 1, entries: reader.offset..<section.content.upperBound, splices: [], appending: segment))
  }

  /// `elem declare func ...` for the functions declared for `ref.func`, or nil when there are none.
  private func declarativeSegment() -> [UInt8]? {
    guard !editor.declaredFunctions.isEmpty else { return nil }
    var segment = ByteWriter()
    segment.unsigned(UInt32(3))  // declarative, element kind and function indices
    segment.byte(0x00)  // element kind: funcref
    segment.unsigned(editor.declaredFunctions.count)
    for function in editor.declaredFunctions { segment.unsigned(function) }
    return segment.bytes
  }

  private func codeEdited(_ section: RawSection) -> Output {
    guard !editor.replacedBodies.isEmpty || addedCode.count > 0 else { return .copy }
    let splices = editor.replacedBodies.sorted { $0.key < $1.key }.map { defined, body in
      var entry = ByteWriter(capacity: body.count + 5)
      entry.unsigned(body.count)
      entry.raw(body)
      return Splice(range: module.layout.codeEntries[defined], replacement: entry.bytes)
    }
    let count = module.functionTypeIndices.count + addedCode.count
    return vector(section, count: count, splicing: splices, appending: addedCode.bytes)
  }

  private func customEdited(_ section: RawSection, at index: Int) -> Output {
    guard let name = section.customName,
      module.sections.firstIndex(where: { $0.customName == name }) == index
    else { return .copy }
    if let replacement = editor.customSections.first(where: { $0.name == name }) {
      return .payload(customPayload(name: name, replacement.payload))
    }
    if name == "name", !names.isEmpty, let layout = module.layout.nameSection {
      return .payload(names.editedPayload(of: section, layout, in: bytes))
    }
    return .copy
  }

  // MARK: - New sections and entries

  /// The payload of a known section the module lacks, or nil when the edits do not need it.
  private func newPayload(for kind: SectionID) -> [UInt8]? {
    let added: (count: Int, bytes: [UInt8])
    switch kind {
    case .type: added = addedTypes
    case .function: added = addedFunctionTypes
    case .global: added = addedGlobals
    case .export: added = addedExports
    case .code: added = addedCode
    case .start:
      guard case .set(let function) = editor.startEdit else { return nil }
      return startPayload(function)
    case .element:
      guard let segment = declarativeSegment() else { return nil }
      added = (1, segment)
    default: return nil
    }
    guard added.count > 0 else { return nil }
    var payload = ByteWriter(capacity: added.bytes.count + 5)
    payload.unsigned(added.count)
    payload.raw(added.bytes)
    return payload.bytes
  }

  private func startPayload(_ function: FunctionIndex) -> [UInt8] {
    var payload = ByteWriter()
    payload.unsigned(function)
    return payload.bytes
  }

  private func customPayload(name: String, _ content: [UInt8]) -> [UInt8] {
    var payload = ByteWriter(capacity: name.utf8.count + content.count + 5)
    payload.name(name)
    payload.raw(content)
    return payload.bytes
  }
}
