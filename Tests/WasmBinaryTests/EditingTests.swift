import TestSupport
import Testing

@testable import WasmBinary

@Suite struct SectionInsertionTests {
  @Test func missingSectionsGoBeforeTheNextKnownSection() throws {
    let input = try wat(
      """
      (module
        (type (func))
        (@custom "after-type" (after type) "A")
        (memory 1)
        (@custom "after-memory" (after memory) "B")
        (func $f)
        (data (i32.const 0) "x"))
      """)
    let original = try WasmModule(bytes: input)
    #expect(
      original.sectionNames == [
        "type", "custom:after-type", "function", "memory", "custom:after-memory", "code", "data",
      ])
    var global: GlobalIndex = 0
    let module = try edited(input) { editor in
      global = editor.addGlobal(GlobalType(mutability: .constant, valueType: .i64), initializer: .i64(-1), name: nil)
      try editor.addExport(name: "f", .function(0))
      editor.setStart(0)
    }
    #expect(
      module.sectionNames == [
        "type", "custom:after-type", "function", "memory", "custom:after-memory", "global", "export", "start", "code",
        "data",
      ])
    #expect(module.constantInitializer(ofGlobal: global) == -1)
    #expect(module.exports == [Export(name: "f", descriptor: .function(0))])
    #expect(module.start == 0)
    for kind: SectionID in [.type, .function, .memory, .code, .data] {
      #expect(module.sectionBytes(kind) == original.sectionBytes(kind))
    }
    #expect(try Validators.wabt(Array(module.bytes)).status == 0)
  }

  @Test func anEmptyModuleGetsTypeFunctionExportAndCodeSections() throws {
    let input = try wat("(module)")
    let module = try edited(input) { editor in
      var body = ByteWriter()
      body.byte(0x41)
      body.signed(Int32(1234))
      body.byte(0x0B)
      let function = editor.addFunction(
        type: FunctionType(parameters: [], results: [.i32]), locals: [], body: body.bytes, name: "answer",
        localNames: [])
      try editor.addExport(name: "answer", .function(function))
    }
    #expect(module.sectionNames == ["type", "function", "export", "code", "custom:name"])
    #expect(module.names.functions == [0: "answer"])
    #expect(try run(Array(module.bytes), "answer") == [.i32(1234)])
    #expect(try Validators.wabt(Array(module.bytes)).status == 0)
  }

  @Test func sectionsGoAfterTheLastKnownSectionWhenNoneFollows() throws {
    let input = try wat(
      """
      (module
        (func $f)
        (@custom "trailing" "T"))
      """)
    let module = try edited(input) { editor in
      _ = editor.addGlobal(GlobalType(mutability: .variable, valueType: .i32), initializer: .i32(0), name: nil)
      try editor.addExport(name: "f", .function(0))
      editor.setStart(0)
    }
    #expect(module.sectionNames == ["type", "function", "global", "export", "start", "code", "custom:trailing"])
  }
}

@Suite struct ExportEditTests {
  let input: [UInt8]

  init() throws {
    input = try wat(
      """
      (module
        (func $a) (func $b)
        (export "a" (func $a))
        (export "b" (func $b))
        (export "c" (func $a)))
      """)
  }

  @Test func removingAnExportKeepsTheOthers() throws {
    let module = try edited(input) { $0.removeExports(named: "b") }
    #expect(module.exports.map(\.name) == ["a", "c"])
    #expect(module.exports[1].descriptor == .function(0))
    let original = try WasmModule(bytes: input)
    for kind: SectionID in [.type, .function, .code] {
      #expect(module.sectionBytes(kind) == original.sectionBytes(kind))
    }
  }

  @Test func removingAnAbsentExportChangesNothing() throws {
    var editor = ModuleEditor(try WasmModule(bytes: input))
    editor.removeExports(named: "zz")
    #expect(editor.write() == input)
  }

  @Test func removingEveryExportLeavesAnEmptyExportSection() throws {
    let module = try edited(input) { editor in
      for name in ["a", "b", "c"] { editor.removeExports(named: name) }
    }
    #expect(module.exports.isEmpty)
  }

  @Test func duplicateNamesAreRefusedUnlessTheOldExportWasRemoved() throws {
    var editor = ModuleEditor(try WasmModule(bytes: input))
    #expect(throws: ModuleError.self) { try editor.addExport(name: "a", .function(1)) }
    editor.removeExports(named: "a")
    try editor.addExport(name: "a", .function(1))
    try editor.addExport(name: "d", .function(1))
    #expect(throws: ModuleError(offset: nil, "the module already has an export named \"d\"")) {
      try editor.addExport(name: "d", .function(0))
    }
    editor.removeExports(named: "d")
    let module = try WasmModule(bytes: editor.write())
    #expect(module.exports.map(\.name) == ["b", "c", "a"])
    #expect(module.exports[2].descriptor == .function(1))
  }
}

@Suite struct StartEditTests {
  @Test func changingTheStartFunction() throws {
    let input = try wat("(module (func $init) (func $other) (start $init))")
    #expect(try WasmModule(bytes: input).start == 0)
    let changed = try edited(input) { $0.setStart(1) }
    #expect(changed.start == 1)
    #expect(changed.sectionNames == ["type", "function", "start", "code"])
    let removed = try edited(input) { $0.setStart(nil) }
    #expect(removed.start == nil)
    #expect(removed.sectionNames == ["type", "function", "code"])
  }

  @Test func removingAnAbsentStartChangesNothing() throws {
    let input = try wat("(module (func $f))")
    var editor = ModuleEditor(try WasmModule(bytes: input))
    editor.setStart(0)
    editor.setStart(nil)
    #expect(editor.write() == input)
  }

  @Test func anAddedStartGoesBeforeTheElementSection() throws {
    let input = try wat(
      """
      (module
        (table 1 funcref)
        (func $f)
        (export "f" (func $f))
        (elem (i32.const 0) $f))
      """)
    let module = try edited(input) { $0.setStart(0) }
    #expect(module.sectionNames == ["type", "function", "table", "export", "start", "element", "code"])
    #expect(try Validators.wabt(Array(module.bytes)).status == 0)
  }
}

@Suite struct MemoryLimitTests {
  @Test func changingAnImportedMemoryKeepsTheOtherImports() throws {
    let input = try wat(
      """
      (module
        (import "env" "f" (func))
        (import "env" "memory" (memory 1 2 shared))
        (import "env" "g" (global i32)))
      """)
    let original = try WasmModule(bytes: input)
    let module = try edited(input) { $0.setMemoryLimits(ofMemory: 0, Limits(min: 17, max: 65536, shared: true)) }
    #expect(
      module.memories == [
        MemoryInfo(type: Limits(min: 17, max: 65536, shared: true), importModule: "env", importName: "memory")
      ])
    #expect(module.imports.map(\.name) == ["f", "memory", "g"])
    #expect(module.imports[0] == original.imports[0])
    #expect(module.imports[2] == original.imports[2])
    #expect(module.importedFunctionCount == 1)
    #expect(module.importedGlobalCount == 1)
    #expect(module.globalType(at: 0) == GlobalType(mutability: .constant, valueType: .i32))
    #expect(module.globalType(at: 1) == nil)
    #expect(module.constantInitializer(ofGlobal: 0) == nil)
    #expect(module.functionType(at: 0) == FunctionType(parameters: []))
    let oldLimits = original.layout.importedMemoryLimits[0]
    let newLimits = module.layout.importedMemoryLimits[0]
    let oldImports = try #require(original.sections.first { $0.kind == .import }).content
    let newImports = try #require(module.sections.first { $0.kind == .import }).content
    #expect(
      module.bytes[newImports.lowerBound..<newLimits.lowerBound].elementsEqual(
        input[oldImports.lowerBound..<oldLimits.lowerBound]))
    #expect(module.bytes[newLimits.upperBound...].elementsEqual(input[oldLimits.upperBound...]))
    #expect(Array(module.bytes[newLimits]) == [0x03, 17, 0x80, 0x80, 0x04])
  }

  @Test func changingDefinedMemories() throws {
    let input = try wat(
      """
      (module
        (import "env" "m" (memory 1))
        (memory 1)
        (memory 2 3))
      """, features: .multiMemory)
    let module = try edited(input) { editor in
      editor.setMemoryLimits(ofMemory: 2, Limits(min: 4))
      editor.setMemoryLimits(ofMemory: 1, Limits(min: 1, max: 1 << 40, isMemory64: true))
    }
    #expect(
      module.memories.map(\.type) == [
        Limits(min: 1), Limits(min: 1, max: 1 << 40, isMemory64: true), Limits(min: 4),
      ])
    #expect(module.sectionBytes(.import) == (try WasmModule(bytes: input)).sectionBytes(.import))
  }

  @Test func memory64ModulesAreRead() throws {
    let input = try wat("(module (memory i64 1 2))", features: .memory64)
    let module = try WasmModule(bytes: input)
    #expect(module.memories.first?.type == Limits(min: 1, max: 2, isMemory64: true))
    #expect(module.memories.first?.isImported == false)
  }
}

@Suite struct CustomSectionTests {
  @Test func replacingInPlaceAndAppending() throws {
    let input = try wat(
      """
      (module
        (@custom "first" (before first) "1")
        (func $f)
        (@custom "middle" (after func) "2")
        (@custom "middle" (after func) "3"))
      """)
    let module = try edited(input) { editor in
      editor.setCustomSection(name: "middle", payload: [0xAA, 0xBB])
      editor.setCustomSection(name: "new", payload: [1])
      editor.setCustomSection(name: "new", payload: [2, 3])
    }
    #expect(
      module.sectionNames == [
        "custom:first", "type", "function", "custom:middle", "custom:middle", "code", "custom:new",
      ])
    #expect(module.customSections.map(\.name) == ["first", "middle", "middle", "new"])
    #expect(module.customSections.map { Array($0.payload) } == [[0x31], [0xAA, 0xBB], [0x33], [2, 3]])
  }

  @Test func readsProducersAndTargetFeatures() throws {
    let input = try wat(
      #"""
      (module
        (@custom "producers" "\01\0cprocessed-by\02\05rustc\061.87.0\05clang\0221")
        (@custom "target_features" "\02\2b\07atomics\2d\07simd128"))
      """#)
    let module = try WasmModule(bytes: input)
    #expect(module.producers.keys.sorted() == ["processed-by"])
    #expect(module.producers["processed-by"]?.map(\.name) == ["rustc", "clang"])
    #expect(module.producers["processed-by"]?.map(\.version) == ["1.87.0", "21"])
    #expect(module.targetFeatures == ["+atomics", "-simd128"])
    #expect(module.toolMetadataProblems.isEmpty)
  }

  @Test func malformedToolMetadataIsIgnored() throws {
    let input = try wat(
      #"""
      (module
        (@custom "producers" "\05")
        (@custom "target_features" "\01\3f\01x"))
      """#)
    let module = try WasmModule(bytes: input)
    #expect(module.producers.isEmpty)
    #expect(module.targetFeatures.isEmpty)
    #expect(module.toolMetadataProblems.count == 2)
  }
}

@Suite struct AppendingTests {
  @Test func typesAreReused() throws {
    let input = try wat("(module (type (func (param i32))) (type (func)))")
    var editor = ModuleEditor(try WasmModule(bytes: input))
    #expect(editor.addType(FunctionType(parameters: [.i32])) == 0)
    #expect(editor.addType(FunctionType(parameters: [])) == 1)
    #expect(editor.write() == input)
    #expect(editor.addType(FunctionType(parameters: [.i64], results: [.i32])) == 2)
    #expect(editor.addType(FunctionType(parameters: [.i64], results: [.i32])) == 2)
    #expect(editor.addType(FunctionType(parameters: [], results: [.i32])) == 3)
    let module = try WasmModule(bytes: editor.write())
    #expect(module.types.count == 4)
    #expect(module.types[2] == FunctionType(parameters: [.i64], results: [.i32]))
  }

  @Test func localsAreCompressedAndNamed() throws {
    let input = try wat("(module (func $existing (param i32)))", names: true)
    var function: FunctionIndex = 0
    let module = try edited(input) { editor in
      function = editor.addFunction(
        type: FunctionType(parameters: [.i32]), locals: [.i32, .i32, .i64, .i32, .f32, .f32], body: [0x0B],
        name: "added", localNames: ["p", "a", "b"])
    }
    #expect(function == 1)
    #expect(module.types.count == 1)
    #expect(module.body(ofFunction: 1).map(Array.init) == [0x04, 0x02, 0x7F, 0x01, 0x7E, 0x01, 0x7F, 0x02, 0x7D, 0x0B])
    #expect(try module.decodeBody(ofFunction: 1)?.code.locals == [.i32, .i32, .i64, .i32, .f32, .f32])
    #expect(module.localCount(ofFunction: 1) == 7)
    #expect(module.names.functions == [0: "existing", 1: "added"])
    #expect(module.names.locals[1] == [0: "p", 1: "a", 2: "b"])
    #expect(try Validators.wabt(Array(module.bytes)).status == 0)
  }

  @Test func replacingABodyKeepsTheOthers() throws {
    let input = try wat(
      """
      (module
        (func $a (export "a") (result i32) i32.const 1)
        (func $b (export "b") (result i32) i32.const 2)
        (func $c (export "c") (result i32) i32.const 3))
      """)
    let original = try WasmModule(bytes: input)
    let body: [UInt8] = [0x01, 0x01, 0x7F, 0x41, 0xC0, 0x00, 0x0B]  // (local i32) i32.const 64
    let module = try edited(input) { $0.replaceBody(ofFunction: 1, with: body) }
    #expect(module.body(ofFunction: 1).map(Array.init) == body)
    #expect(module.body(ofFunction: 0) == original.body(ofFunction: 0))
    #expect(module.body(ofFunction: 2).map(Array.init) == original.body(ofFunction: 2).map(Array.init))
    #expect(try run(Array(module.bytes), "a") == [.i32(1)])
    #expect(try run(Array(module.bytes), "b") == [.i32(64)])
    #expect(try run(Array(module.bytes), "c") == [.i32(3)])
  }
}

@Suite struct NameSectionEditTests {
  @Test func aMissingGlobalNamesSubsectionIsInsertedInOrder() throws {
    let input = try wat("(module (func $f (param $x i32)))", names: true)
    let original = try WasmModule(bytes: input)
    let ids = try #require(original.layout.nameSection?.subsections.map(\.id))
    #expect(!ids.contains(7))
    let module = try edited(input) { editor in
      _ = editor.addGlobal(GlobalType(mutability: .constant, valueType: .i32), initializer: .i32(7), name: "seven")
    }
    #expect(module.layout.nameSection?.subsections.map(\.id) == (ids + [7]).sorted())
    #expect(module.names.globals == [0: "seven"])
    #expect(module.names.functions == original.names.functions)
    #expect(module.names.locals == original.names.locals)
  }

  @Test func aNameSectionIsCreatedAtTheEnd() throws {
    let input = try wat(#"(module (func) (@custom "tail" "x"))"#)
    let module = try edited(input) { editor in
      _ = editor.addGlobal(GlobalType(mutability: .constant, valueType: .i32), initializer: .i32(7), name: "seven")
      _ = editor.addFunction(
        type: FunctionType(parameters: []), locals: [.i64], body: [0x0B], name: nil, localNames: ["only_local"])
    }
    #expect(module.sectionNames.suffix(2) == ["custom:tail", "custom:name"])
    #expect(module.names.globals == [0: "seven"])
    #expect(module.names.functions.isEmpty)
    #expect(module.names.locals == [1: [0: "only_local"]])
  }

  @Test func noNamesMeansNoNameSection() throws {
    let input = try wat("(module)")
    let module = try edited(input) { editor in
      _ = editor.addGlobal(GlobalType(mutability: .constant, valueType: .i32), initializer: .i32(7), name: nil)
    }
    #expect(module.sectionNames == ["global"])
  }

  @Test func aMalformedNameSectionIsLeftAlone() throws {
    let input = try wat(#"(module (func) (@custom "name" "\01\05\02"))"#)
    let original = try WasmModule(bytes: input)
    #expect(original.names.problem != nil)
    #expect(original.names.functions.isEmpty)
    let module = try edited(input) { editor in
      _ = editor.addFunction(type: FunctionType(parameters: []), locals: [], body: [0x0B], name: "f", localNames: [])
    }
    #expect(module.sectionBytes(.custom, named: "name") == original.sectionBytes(.custom, named: "name"))
    #expect(module.names.problem != nil)
  }

  @Test func settingTheNameSectionOverridesAddedNames() throws {
    let input = try wat("(module (func $f))", names: true)
    let module = try edited(input) { editor in
      _ = editor.addFunction(type: FunctionType(parameters: []), locals: [], body: [0x0B], name: "g", localNames: [])
      editor.setCustomSection(name: "name", payload: [0x00, 0x02, 0x01, 0x6D])
    }
    #expect(module.names.module == "m")
    #expect(module.names.functions.isEmpty)
  }
}
