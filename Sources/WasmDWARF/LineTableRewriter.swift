/// Rewrites `.debug_line` (DWARF 2 to 5): each line table's header is copied as it is and its program decoded into
/// rows, which are encoded again at their mapped addresses. Records where each table moved, for `DW_AT_stmt_list`.
struct LineTableRewriter {
  static let section = ".debug_line"

  /// The registers of one row of the line-number state machine.
  struct Row: Equatable {
    var address: UInt64 = 0
    var file: UInt64 = 1
    var line: Int64 = 1
    var column: UInt64 = 0
    var isStatement: Bool
    var basicBlock = false
    var endSequence = false
    var prologueEnd = false
    var epilogueBegin = false
    var isa: UInt64 = 0
    var discriminator: UInt64 = 0

    init(defaultIsStatement: Bool) { isStatement = defaultIsStatement }
  }

  /// What the program does, in order: rows, and extended opcodes that define files (copied as they are).
  private enum Event {
    case row(Row)
    case verbatim([UInt8])
  }

  /// The fields of a table header that decoding and encoding need.
  private struct Parameters {
    let version: Int
    let addressSize: Int?
    let defaultIsStatement: Bool
    let lineBase: Int
    let lineRange: Int
    let opcodeBase: Int
    let standardLengths: [Int]
  }

  /// The rewritten section and the new offset of each table (by its old offset).
  static func rewrite(_ bytes: [UInt8], through map: CodeAddressMap) throws(DWARFError) -> (
    bytes: [UInt8], tables: [Int: Int]
  ) {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + bytes.count / 8)
    var tables: [Int: Int] = [:]
    var reader = DWARFReader(bytes, section: section)
    while !reader.atEnd {
      let start = reader.offset
      tables[start] = output.count
      let end = try reader.unitEnd()
      var unit = DWARFReader(bytes, section: section, offset: reader.offset, end: end)
      let (parameters, programStart) = try header(&unit)
      let events = try decode(&unit, parameters)
      var program: [UInt8] = []
      try encode(events, parameters, map: map, into: &program, at: programStart)
      let length = programStart - (start + 4) + program.count
      DWARFEncoding.fixed(UInt64(length), size: 4, into: &output)
      output += bytes[(start + 4)..<programStart]
      output += program
      reader.offset = end
    }
    return (output, tables)
  }

  /// The rows of every table of `bytes`, in order.
  static func rows(of bytes: [UInt8]) throws(DWARFError) -> [Row] {
    var rows: [Row] = []
    var reader = DWARFReader(bytes, section: section)
    while !reader.atEnd {
      let end = try reader.unitEnd()
      var unit = DWARFReader(bytes, section: section, offset: reader.offset, end: end)
      let (parameters, _) = try header(&unit)
      for case .row(let row) in try decode(&unit, parameters) { rows.append(row) }
      reader.offset = end
    }
    return rows
  }

  /// Reads the header; leaves `unit` at the program's first byte.
  private static func header(_ unit: inout DWARFReader) throws(DWARFError) -> (Parameters, Int) {
    let versionOffset = unit.offset
    let version = Int(try unit.fixed(2))
    guard (2...5).contains(version) else {
      throw unit.error("line table version \(version) is not supported", at: versionOffset)
    }
    var addressSize: Int?
    if version >= 5 {
      addressSize = Int(try unit.u8())
      _ = try unit.u8()
    }
    let headerLength = Int(try unit.fixed(4))
    guard headerLength <= unit.end - unit.offset else {
      throw unit.error("header length \(headerLength) runs past the table")
    }
    let programStart = unit.offset + headerLength
    let minimumLength = try unit.u8()
    guard minimumLength == 1 else { throw unit.error("minimum instruction length \(minimumLength) is not 1") }
    if version >= 4 {
      let operations = try unit.u8()
      guard operations == 1 else {
        throw unit.error("\(operations) operations per instruction (VLIW) are not supported")
      }
    }
    let defaultIsStatement = try unit.u8() != 0
    let lineBase = Int(Int8(bitPattern: try unit.u8()))
    let lineRange = Int(try unit.u8())
    guard lineRange > 0 else { throw unit.error("line range 0") }
    let opcodeBase = Int(try unit.u8())
    guard opcodeBase > 0 else { throw unit.error("opcode base 0") }
    var standardLengths: [Int] = []
    for _ in 1..<opcodeBase { standardLengths.append(Int(try unit.u8())) }
    guard unit.offset <= programStart else { throw unit.error("the header is longer than its header length") }
    unit.offset = programStart
    return (
      Parameters(
        version: version, addressSize: addressSize, defaultIsStatement: defaultIsStatement, lineBase: lineBase,
        lineRange: lineRange, opcodeBase: opcodeBase, standardLengths: standardLengths),
      programStart
    )
  }

  private static func decode(_ unit: inout DWARFReader, _ parameters: Parameters) throws(DWARFError) -> [Event] {
    var events: [Event] = []
    var row = Row(defaultIsStatement: parameters.defaultIsStatement)
    func emit() {
      events.append(.row(row))
      row.basicBlock = false
      row.prologueEnd = false
      row.epilogueBegin = false
      row.discriminator = 0
    }
    while !unit.atEnd {
      let opcodeOffset = unit.offset
      let opcode = Int(try unit.u8())
      if opcode >= parameters.opcodeBase {
        let adjusted = opcode - parameters.opcodeBase
        row.address &+= UInt64(adjusted / parameters.lineRange)
        row.line &+= Int64(parameters.lineBase + adjusted % parameters.lineRange)
        emit()
        continue
      }
      switch opcode {
      case 0:
        let length = try unit.count()
        guard length > 0, length <= unit.end - unit.offset else { throw unit.error("extended opcode length \(length)") }
        let next = unit.offset + length
        let sub = try unit.u8()
        switch sub {
        case 1:
          row.endSequence = true
          emit()
          row = Row(defaultIsStatement: parameters.defaultIsStatement)
        case 2:
          guard let size = parameters.addressSize ?? Optional(length - 1), size == length - 1 else {
            throw unit.error("DW_LNE_set_address of \(length - 1) bytes", at: opcodeOffset)
          }
          row.address = try unit.fixed(size)
        case 3: events.append(.verbatim(Array(unit.bytes[opcodeOffset..<next])))
        case 4: row.discriminator = try unit.uleb()
        default: throw unit.error("unknown extended opcode \(sub)", at: opcodeOffset)
        }
        guard unit.offset <= next else { throw unit.error("extended opcode overruns its length", at: opcodeOffset) }
        unit.offset = next
      case 1: emit()
      case 2: row.address &+= try unit.uleb()
      case 3: row.line &+= try unit.sleb()
      case 4: row.file = try unit.uleb()
      case 5: row.column = try unit.uleb()
      case 6: row.isStatement.toggle()
      case 7: row.basicBlock = true
      case 8: row.address &+= UInt64((255 - parameters.opcodeBase) / parameters.lineRange)
      case 9: row.address &+= try unit.fixed(2)
      case 10: row.prologueEnd = true
      case 11: row.epilogueBegin = true
      case 12: row.isa = try unit.uleb()
      default:
        // An opcode this decoder does not know: the header says how many ULEB128 operands to skip, and it changes
        // no register DWARF defines.
        for _ in 0..<parameters.standardLengths[opcode - 1] { _ = try unit.uleb() }
      }
    }
    return events
  }

  private static func encode(
    _ events: [Event], _ parameters: Parameters, map: CodeAddressMap, into out: inout [UInt8], at programStart: Int
  ) throws(DWARFError) {
    let addressSize = parameters.addressSize ?? 4
    var state = Row(defaultIsStatement: parameters.defaultIsStatement)
    var sequenceStarted = false
    func standard(_ opcode: UInt8) throws(DWARFError) {
      guard Int(opcode) < parameters.opcodeBase else {
        throw DWARFError(section, offset: programStart, "the table has no standard opcode \(opcode) to encode with")
      }
      out.append(opcode)
    }
    for event in events {
      guard case .row(var row) = event else {
        if case .verbatim(let bytes) = event { out += bytes }
        continue
      }
      row.address = map.address(row.address, size: addressSize)
      if row.file != state.file {
        try standard(4)
        DWARFEncoding.uleb(row.file, into: &out)
      }
      if row.column != state.column {
        try standard(5)
        DWARFEncoding.uleb(row.column, into: &out)
      }
      if row.isStatement != state.isStatement { try standard(6) }
      if row.basicBlock { try standard(7) }
      if row.prologueEnd { try standard(10) }
      if row.epilogueBegin { try standard(11) }
      if row.isa != state.isa {
        try standard(12)
        DWARFEncoding.uleb(row.isa, into: &out)
      }
      if row.discriminator != 0 {
        var operand: [UInt8] = [4]
        DWARFEncoding.uleb(row.discriminator, into: &operand)
        out.append(0)
        DWARFEncoding.uleb(UInt64(operand.count), into: &out)
        out += operand
      }
      if !sequenceStarted || row.address < state.address {
        out += [0, UInt8(addressSize + 1), 2]
        DWARFEncoding.fixed(row.address, size: addressSize, into: &out)
        state.address = row.address
        sequenceStarted = true
      }
      let advance = row.address - state.address
      let lineDelta = row.line &- state.line
      if row.endSequence {
        if advance > 0 {
          try standard(2)
          DWARFEncoding.uleb(advance, into: &out)
        }
        if lineDelta != 0 {
          try standard(3)
          DWARFEncoding.sleb(lineDelta, into: &out)
        }
        out += [0, 1, 1]
        state = Row(defaultIsStatement: parameters.defaultIsStatement)
        sequenceStarted = false
        continue
      }
      let lineOperand = lineDelta - Int64(parameters.lineBase)
      if lineOperand >= 0, lineOperand < Int64(parameters.lineRange), advance < 256 {
        let special = UInt64(lineOperand) + UInt64(parameters.lineRange) * advance + UInt64(parameters.opcodeBase)
        if special <= 255 {
          out.append(UInt8(special))
          state = row
          state.discriminator = 0
          continue
        }
      }
      if advance > 0 {
        try standard(2)
        DWARFEncoding.uleb(advance, into: &out)
      }
      if lineDelta != 0 {
        try standard(3)
        DWARFEncoding.sleb(lineDelta, into: &out)
      }
      try standard(1)
      state = row
      state.discriminator = 0
    }
  }
}
