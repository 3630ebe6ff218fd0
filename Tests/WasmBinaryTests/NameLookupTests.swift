import Testing
import WasmBinary

@Suite struct NameLookupTests {
  /// A module of three functions and a global, with `functionNames` and the global named "g".
  private func module(functionNames: [(UInt32, String)]) throws -> WasmModule {
    var functions = ByteWriter()
    functions.unsigned(functionNames.count)
    for (index, name) in functionNames {
      functions.unsigned(index)
      functions.name(name)
    }
    var globals = ByteWriter()
    globals.unsigned(1)
    globals.unsigned(0)
    globals.name("g")
    var payload = ByteWriter()
    payload.framed(id: 1, payload: functions.bytes)
    payload.framed(id: 7, payload: globals.bytes)
    let hex = payload.bytes.map { "\\" + String($0, radix: 16).leftPadded(to: 2) }.joined()
    return try WasmModule(
      bytes: try wat(#"(module (func) (func) (func) (global i32 (i32.const 0)) (@custom "name" "\#(hex)"))"#))
  }

  @Test func lookupsByIndexAndByName() throws {
    let module = try module(functionNames: [(0, "a"), (1, "b"), (2, "a")])
    #expect(module.names.problem == nil)
    #expect(module.names.function(at: 1) == "b")
    #expect(module.names.function(at: 3) == nil)
    #expect(module.names.functionIndex(named: "a") == 0)
    #expect(module.names.functionIndex(named: "b") == 1)
    #expect(module.names.functionIndex(named: "c") == nil)
    #expect(module.names.global(at: 0) == "g")
    #expect(module.names.globalIndex(named: "g") == 0)
    #expect(module.names.globalIndex(named: "a") == nil)
    #expect(module.names.functions == [0: "a", 1: "b", 2: "a"])
  }

  @Test func severalNamesInOnePass() throws {
    let module = try module(functionNames: [(0, "a"), (1, "b"), (2, "a")])
    #expect(module.names.functionIndices(named: ["a", "b", "c", "g"]) == ["a": 0, "b": 1])
    #expect(module.names.globalIndices(named: ["a", "g"]) == ["g": 0])
    #expect(module.names.functionIndices(named: []).isEmpty)
  }

  @Test func anIndexNamedTwiceKeepsItsFirstName() throws {
    let module = try module(functionNames: [(1, "first"), (0, "zero"), (1, "second")])
    #expect(module.names.function(at: 1) == "first")
    #expect(module.names.functionIndex(named: "first") == 1)
    #expect(module.names.functionIndex(named: "second") == nil)
    #expect(module.names.functionIndices(named: ["first", "second", "zero"]) == ["first": 1, "zero": 0])
    #expect(module.names.functions == [0: "zero", 1: "first"])
  }

  @Test func aNameThatIsNotUTF8MakesTheSectionIgnored() throws {
    let broken = try WasmModule(bytes: try wat(#"(module (func) (@custom "name" "\01\04\01\00\01\ff"))"#))
    #expect(broken.names.problem?.contains("not valid UTF-8") == true)
    #expect(broken.names.function(at: 0) == nil)
    #expect(broken.names.functionIndex(named: "\u{FFFD}") == nil)
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: Swift.max(0, width - count)) + self
  }
}
