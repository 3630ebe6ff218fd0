import TestSupport
import Testing

@testable import WasmBinary

/// Reads many randomly mutated copies of real modules (a fixed seed keeps the run reproducible). A mutant may be
/// refused or accepted, but never crash the reader; an accepted one must survive an append and read back.
@Suite struct MutationTests {
  /// xorshift64*: a small deterministic generator.
  static let mutantsPerFixture = 150

  @Test(arguments: ["minimal_test.wasm", "wasi_threads_echo.wasm"])
  func mutantsNeverCrashTheReaderOrTheWriter(_ fixture: String) throws {
    let original = try Fixtures.bytes(fixture)
    let sections = try WasmModule(bytes: original).sections
    var random = SeededGenerator(state: 0x9E37_79B9_7F4A_7C15 ^ UInt64(fixture.utf8.count))
    for _ in 0..<Self.mutantsPerFixture {
      var bytes = original
      // Aim most changes at the framing and the small sections, where the structure is.
      let section = sections[Int.random(in: 0..<sections.count, using: &random)]
      let window = section.range.lowerBound..<min(section.range.upperBound, section.range.lowerBound + 64)
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        bytes[Int.random(in: window, using: &random)] = UInt8.random(in: 0...255, using: &random)
      }
      if Int.random(in: 0..<8, using: &random) == 0 {
        bytes.removeLast(Int.random(in: 0..<bytes.count, using: &random))
      }
      check(bytes)
    }
  }

  private func check(_ bytes: [UInt8]) {
    let module: WasmModule
    do throws(ModuleError) {
      module = try WasmModule(bytes: bytes)
    } catch {
      #expect(error.offset != nil)
      return
    }
    #expect(ModuleEditor(module).write() == bytes)
    var editor = ModuleEditor(module)
    let global = editor.addGlobal(
      GlobalType(mutability: .variable, valueType: .i32), initializer: .i32(1), name: "mutation_global")
    let function = editor.addFunction(
      type: FunctionType(parameters: [.i32], results: []), locals: [.i64], body: [0x0B], name: "mutation_function",
      localNames: ["p"])
    editor.removeExports(named: "mutation_export")
    #expect(throws: Never.self) { try editor.addExport(name: "mutation_export", .function(function)) }
    do throws(ModuleError) {
      let edited = try WasmModule(bytes: editor.write())
      #expect(edited.functionCount == module.functionCount + 1)
      #expect(edited.globalCount == module.globalCount + 1)
      if module.names.problem == nil {
        #expect(edited.names.functions[function] == "mutation_function")
        #expect(edited.names.globals[global] == "mutation_global")
      }
    } catch {
      Issue.record("the edited mutant does not read back: \(error)")
    }
  }
}
