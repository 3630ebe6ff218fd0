/// One abbreviation of `.debug_abbrev`: the attributes (and forms) of the DIEs that use its code.
struct Abbreviation {
  /// An attribute specification; `implicitConstant` holds `DW_FORM_implicit_const`'s value.
  struct Attribute {
    let name: UInt64
    let form: UInt64
    let implicitConstant: Int64?
  }

  let attributes: [Attribute]

  /// The abbreviation table starting at `offset` of `.debug_abbrev`, by code.
  static func table(_ bytes: [UInt8], at offset: Int) throws(DWARFError) -> [UInt64: Abbreviation] {
    var reader = DWARFReader(bytes, section: ".debug_abbrev", offset: offset)
    guard offset >= 0, offset < bytes.count else { throw reader.error("no abbreviation table at \(offset)", at: 0) }
    var table: [UInt64: Abbreviation] = [:]
    while true {
      let code = try reader.uleb()
      if code == 0 { return table }
      _ = try reader.uleb()  // the tag
      _ = try reader.u8()  // whether it has children
      var attributes: [Attribute] = []
      while true {
        let name = try reader.uleb()
        let form = try reader.uleb()
        if name == 0 && form == 0 { break }
        let constant = form == DWARFForm.implicitConst ? try reader.sleb() : nil
        attributes.append(Attribute(name: name, form: form, implicitConstant: constant))
      }
      table[code] = Abbreviation(attributes: attributes)
    }
  }
}
