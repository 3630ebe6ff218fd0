/// Reference and table instructions.
extension BodyChecker {
  /// `ref.null`: a null of one of the abstract types the validator tracks.
  mutating func checkRefNull(_ type: HeapType) throws(ModuleError) {
    guard case .abstract(let heapType) = type, let operand = OperandType(nullable: heapType) else {
      throw ModuleError(offset: nil, "unsupported heap type \(type): only func, extern and exn references are typed")
    }
    stack.push(operand)
  }

  /// `ref.is_null`: any reference.
  mutating func checkRefIsNull() throws(ModuleError) {
    let operand = try stack.pop()
    guard operand.isReference || operand == .unknown else {
      throw ModuleError(offset: nil, "type mismatch: expected a reference, found \(operand)")
    }
    stack.push(.i32)
  }

  /// `ref.func`: only of a function the module declares outside function bodies.
  mutating func checkRefFunc(_ function: UInt32) throws(ModuleError) {
    guard Int(function) < context.context.functionTypeIndices.count else {
      throw ModuleError(offset: nil, "unknown function \(function): function index out of bounds")
    }
    guard context.context.declaredFunctionReferences.contains(function) else {
      throw ModuleError(
        offset: nil,
        "undeclared function reference: function \(function) must be referenced by an element segment, an export "
          + "or a global initialiser")
    }
    stack.push(.funcref)
  }

  /// `table.get`: `index -> element`.
  mutating func checkTableGet(_ table: UInt32) throws(ModuleError) {
    let element = try context.elementType(ofTable: table)
    try stack.pop(context.table(table).address)
    stack.push(element)
  }

  /// `table.set`: `index element ->`.
  mutating func checkTableSet(_ table: UInt32) throws(ModuleError) {
    let element = try context.elementType(ofTable: table)
    try stack.pop(element)
    try stack.pop(context.table(table).address)
  }

  /// `table.grow`: `element count -> size`.
  mutating func checkTableGrow(_ table: UInt32) throws(ModuleError) {
    let element = try context.elementType(ofTable: table)
    let address = try context.table(table).address
    try stack.pop(address)
    try stack.pop(element)
    stack.push(address)
  }

  /// `table.fill`: `index element count ->`.
  mutating func checkTableFill(_ table: UInt32) throws(ModuleError) {
    let element = try context.elementType(ofTable: table)
    let address = try context.table(table).address
    try stack.pop(address)
    try stack.pop(element)
    try stack.pop(address)
  }

  /// `table.copy`: `destination source count ->`, the count 64-bit only when both tables are.
  mutating func checkTableCopy(_ destination: UInt32, _ source: UInt32) throws(ModuleError) {
    let into = try context.elementType(ofTable: destination)
    let from = try context.elementType(ofTable: source)
    guard from == into else {
      throw ModuleError(offset: nil, "type mismatch: table.copy from a table of \(from) into a table of \(into)")
    }
    let destinationAddress = try context.table(destination).address
    let sourceAddress = try context.table(source).address
    try stack.pop(destinationAddress == .i64 && sourceAddress == .i64 ? .i64 : .i32)
    try stack.pop(sourceAddress)
    try stack.pop(destinationAddress)
  }

  /// `table.init`: `destination (table address) source count (i32) ->`.
  mutating func checkTableInit(_ segment: UInt32, _ table: UInt32) throws(ModuleError) {
    let element = try context.elementType(ofTable: table)
    let segmentType = try context.elementType(ofSegment: segment)
    guard segmentType == element else {
      throw ModuleError(
        offset: nil, "type mismatch: table.init of a segment of \(segmentType) into a table of \(element)")
    }
    try stack.pop(.i32)
    try stack.pop(.i32)
    try stack.pop(context.table(table).address)
  }

  /// `elem.drop`: the segment must exist.
  func checkElementSegment(_ segment: UInt32) throws(ModuleError) {
    guard Int(segment) < context.elementTypes.count else {
      throw ModuleError(offset: nil, "unknown elem segment \(segment): segment index out of bounds")
    }
  }
}
