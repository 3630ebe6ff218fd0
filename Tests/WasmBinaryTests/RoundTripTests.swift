import Foundation
import Testing
import WasmBinary

@Suite struct RoundTripTests {
  @Test func fixturesExist() {
    #expect(Fixtures.real.count >= 4)
  }

  @Test(arguments: Fixtures.all)
  func writingWithoutEditsGivesTheInputBack(_ file: URL) throws {
    let bytes = Array(try Data(contentsOf: file))
    let module = try WasmModule(bytes: bytes)
    #expect(ModuleEditor(module).write() == bytes)
  }

  @Test(arguments: Fixtures.all)
  func bodiesAreTheRawBytesOfTheCodeEntries(_ file: URL) throws {
    let module = try WasmModule(bytes: Array(try Data(contentsOf: file)))
    // Reading walks the bodies; WasmParser decodes them on demand, and both agree on every body's bytes.
    for offset in module.functionTypeIndices.indices {
      let index = FunctionIndex(module.importedFunctionCount + offset)
      let body = try #require(module.body(ofFunction: index))
      let decoded = try #require(try module.decodeBody(ofFunction: index))
      #expect(body.last == 0x0B)
      #expect(body.suffix(decoded.code.expression.count).elementsEqual(decoded.code.expression))
      #expect(body.endIndex == decoded.code.expression.endIndex + decoded.offsetShift)
    }
    #expect(try module.decodeBody(ofFunction: FunctionIndex(module.functionCount)) == nil)
    #expect(module.body(ofFunction: FunctionIndex(module.functionCount)) == nil)
    if module.importedFunctionCount > 0 { #expect(module.body(ofFunction: 0) == nil) }
  }

  @Test func readsWhatTheLinkerWroteInMinimalTest() throws {
    let module = try WasmModule(bytes: try Fixtures.bytes("minimal_test.wasm"))
    #expect(module.imports.count == 4)
    #expect(module.importedFunctionCount == 3)
    #expect(
      module.memories == [
        MemoryInfo(type: Limits(min: 17, max: 16384, shared: true), importModule: "env", importName: "memory")
      ])
    #expect(module.memories[0].isImported)
    #expect(module.globals.count == 6)
    #expect(module.importedGlobalCount == 0)
    let globalsByName = Dictionary(uniqueKeysWithValues: module.names.globals.map { ($1, $0) })
    let stackPointer = try #require(globalsByName["__stack_pointer"])
    #expect(module.constantInitializer(ofGlobal: stackPointer) == 1_048_576)
    #expect(module.globalType(at: stackPointer) == GlobalType(mutability: .variable, valueType: .i32))
    #expect(module.constantInitializer(ofGlobal: try #require(globalsByName["__tls_size"])) == 52)
    #expect(module.constantInitializer(ofGlobal: try #require(globalsByName["__tls_align"])) == 4)
    #expect(module.constantInitializer(ofGlobal: UInt32(module.globalCount)) == nil)
    let start = try #require(module.start)
    #expect(module.names.functions[start] == "__wasm_init_memory")
    #expect(module.functionType(at: start) == FunctionType(parameters: [], results: []))
    #expect(module.functionType(at: UInt32(module.functionCount)) == nil)
    let firstFunctionImport = module.imports.lazy.compactMap { entry -> TypeIndex? in
      if case .function(let type) = entry.descriptor { type } else { nil }
    }.first
    let threadCreateType = try #require(firstFunctionImport)
    #expect(module.functionType(at: 0) == module.types[Int(threadCreateType)])
    #expect(module.dataCount == 2)
    #expect(module.dataSegments.count == 2)
    #expect(module.activeDataSegmentCount == 0)
    #expect(module.exports.contains { $0.name == "__wasm_init_tls" })
    #expect(module.names.problem == nil)
    #expect(module.targetFeatures.contains("+atomics"))
    #expect(module.producers["processed-by"]?.first?.name == "rustc")
    #expect(module.toolMetadataProblems.isEmpty)
    #expect(module.customSections.map(\.name) == ["name", "producers", "target_features"])
    #expect(module.sections.map(\.id) == [1, 2, 3, 4, 6, 7, 8, 9, 12, 10, 11, 0, 0, 0])
  }

  @Test func readsTheImportedMemoryOfEveryRealFixture() throws {
    for file in Fixtures.real {
      let module = try WasmModule(bytes: Array(try Data(contentsOf: file)))
      #expect(module.memories.count == 1, "\(file.lastPathComponent)")
      #expect(module.memories.first?.isImported == true)
      #expect(module.memories.first?.type.shared == true)
    }
  }
}
