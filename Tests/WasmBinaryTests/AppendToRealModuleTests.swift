import Foundation
import TestSupport
import Testing
import WasmKit

@testable import WasmBinary

/// Appends a type, a global, two functions and exports to rustc's minimal_test.wasm, then checks the output with
/// WABT and by running it in WasmKit.
@Suite struct AppendToRealModuleTests {
  let input: WasmModule
  let output: [UInt8]
  let edited: WasmModule
  let addedGlobal: GlobalIndex
  let addAnswer: FunctionIndex
  let callAddAnswer: FunctionIndex
  let addedType: TypeIndex

  init() throws {
    input = try WasmModule(bytes: try Fixtures.bytes("minimal_test.wasm"))
    var editor = ModuleEditor(input)
    addedType = editor.addType(FunctionType(parameters: [.i64, .i64, .i64], results: [.f64]))
    addedGlobal = editor.addGlobal(
      GlobalType(mutability: .variable, valueType: .i32), initializer: .i32(42), name: "added_global")
    // (param $x i32) (result i32) (local $sum i32): sum = x + added_global; return sum
    var body = ByteWriter()
    try body.instruction(Self.op("local.get"), [.index(0)])
    try body.instruction(Self.op("global.get"), [.index(addedGlobal)])
    try body.instruction(Self.op("i32.add"), [])
    try body.instruction(Self.op("local.set"), [.index(1)])
    try body.instruction(Self.op("local.get"), [.index(1)])
    try body.instruction(Self.op("end"), [])
    addAnswer = editor.addFunction(
      type: FunctionType(parameters: [.i32], results: [.i32]), locals: [.i32], body: body.bytes, name: "add_answer",
      localNames: ["x", "sum"])
    var caller = ByteWriter()
    try caller.instruction(Self.op("i32.const"), [.integer(-50)])
    try caller.instruction(Self.op("call"), [.index(addAnswer)])
    try caller.instruction(Self.op("end"), [])
    callAddAnswer = editor.addFunction(
      type: FunctionType(parameters: [], results: [.i32]), locals: [], body: caller.bytes, name: nil, localNames: [])
    try editor.addExport(name: "add_answer", .function(addAnswer))
    try editor.addExport(name: "call_add_answer", .function(callAddAnswer))
    try editor.addExport(name: "added_global", .global(addedGlobal))
    output = editor.write()
    edited = try WasmModule(bytes: output)
  }

  static func op(_ name: String) -> InstructionInfo {
    guard let info = InstructionCatalogue.instruction(named: name) else { fatalError("no instruction \(name)") }
    return info
  }

  @Test func indicesFollowTheExistingOnes() {
    #expect(Int(addedType) == input.types.count)
    #expect(Int(addedGlobal) == input.globalCount)
    #expect(Int(addAnswer) == input.functionCount)
    #expect(Int(callAddAnswer) == input.functionCount + 1)
    #expect(edited.types.count == input.types.count + 1)
    #expect(edited.globals.count == input.globals.count + 1)
    #expect(edited.functionCount == input.functionCount + 2)
    #expect(edited.exports.count == input.exports.count + 3)
    #expect(edited.constantInitializer(ofGlobal: addedGlobal) == 42)
    #expect(edited.functionType(at: addAnswer) == FunctionType(parameters: [.i32], results: [.i32]))
  }

  @Test func wabtAcceptsTheOutput() throws {
    let result = try Validators.wabt(output)
    #expect(result.status == 0, "\(result.output)")
  }

  @Test func sectionsThatNoEditTouchesAreByteIdentical() throws {
    let edited: Set<SectionID> = [.type, .function, .global, .export, .code]
    let untouchedInput = input.sections.filter { section in
      section.kind.map { !edited.contains($0) } ?? false && section.customName != "name"
    }
    let untouchedOutput = self.edited.sections.filter { section in
      section.kind.map { !edited.contains($0) } ?? false && section.customName != "name"
    }
    #expect(untouchedInput.count == untouchedOutput.count)
    for (old, new) in zip(untouchedInput, untouchedOutput) {
      #expect(input.bytes[old.range].elementsEqual(output[new.range]), "section \(old.id) \(old.customName ?? "")")
    }
    #expect(output.prefix(8).elementsEqual(input.bytes.prefix(8)))
  }

  @Test func editedSectionsKeepTheOldEntriesRaw() throws {
    for id: SectionID in [.type, .function, .global, .export, .code] {
      let old = try #require(input.sections.first { $0.kind == id })
      let new = try #require(edited.sections.first { $0.kind == id })
      let oldEntries = try #require(input.layout.entriesStart[id.rawValue])..<old.content.upperBound
      let newStart = try #require(edited.layout.entriesStart[id.rawValue])
      #expect(output[newStart..<(newStart + oldEntries.count)].elementsEqual(input.bytes[oldEntries]), "\(id)")
      #expect(new.content.upperBound > newStart + oldEntries.count)
    }
    for index in 0..<input.functionTypeIndices.count {
      let function = FunctionIndex(input.importedFunctionCount + index)
      #expect(input.body(ofFunction: function)?.elementsEqual(edited.body(ofFunction: function)!) == true)
    }
    // The added function's locals are compressed into one run, then the instructions follow unchanged.
    #expect(edited.body(ofFunction: addAnswer)?.prefix(3).elementsEqual([0x01, 0x01, 0x7F]) == true)
  }

  @Test func namesAreAppendedToTheNameSection() throws {
    #expect(edited.names.problem == nil)
    #expect(edited.names.functions[addAnswer] == "add_answer")
    #expect(edited.names.functions[callAddAnswer] == nil)
    #expect(edited.names.locals[addAnswer] == [0: "x", 1: "sum"])
    #expect(edited.names.locals[callAddAnswer] == nil)
    #expect(edited.names.globals[addedGlobal] == "added_global")
    #expect(edited.names.module == input.names.module)
    for (index, name) in input.names.functions { #expect(edited.names.functions[index] == name) }
    for (index, name) in input.names.globals { #expect(edited.names.globals[index] == name) }
    #expect(edited.names.locals.count == input.names.locals.count + 1)
    // The name section stays where it was, between the data section and the producers section.
    #expect(edited.sections.map(\.id) == input.sections.map(\.id))
    // minimal_test has no local names: subsection 2 is created between the function and global names.
    #expect(input.layout.nameSection?.subsections.map(\.id) == [0, 1, 7, 9])
    #expect(edited.layout.nameSection?.subsections.map(\.id) == [0, 1, 2, 7, 9])
  }

  @Test func wasmKitRunsTheAddedFunctions() throws {
    let engine = Engine(configuration: EngineConfiguration(features: [.threads]))
    let store = Store(engine: engine)
    let module = try parseWasm(bytes: output, features: [.threads])
    var imports = Imports()
    for entry in edited.imports {
      switch entry.descriptor {
      case .memory(let type):
        let shared = try SharedMemory(engine: engine, type: type, resourceLimiter: DefaultResourceLimiter())
        imports.define(module: entry.module, name: entry.name, WasmKit.Memory(store: store, sharedMemory: shared))
      case .function(let typeIndex):
        let type = edited.types[Int(typeIndex)]
        imports.define(
          module: entry.module, name: entry.name,
          Function(store: store, type: type) { _, _ in type.results.map { _ in .i32(0) } })
      default:
        Issue.record("unexpected import \(entry)")
      }
    }
    let instance = try module.instantiate(store: store, imports: imports)
    let addAnswer = try #require(instance.exports[function: "add_answer"])
    #expect(try addAnswer([.i32(8)]) == [.i32(50)])
    let callAddAnswer = try #require(instance.exports[function: "call_add_answer"])
    #expect(try callAddAnswer([]) == [.i32(UInt32(bitPattern: -8))])
    #expect(instance.exports[global: "added_global"]?.value == .i32(42))
  }
}
