import Testing
import ThreadifyRules
import WasmBinary

/// The rule files shipped in `rules/` load and check, and say what the engine expects them to say.
@Suite struct ShippedRulesTests {
  @Test(arguments: ["llvm-threads.yaml", "wasmgrind.yaml", "wasm-bindgen.yaml", "c-aligned-alloc.yaml"])
  func loadsAndChecks(_ file: String) throws {
    let rules = try RuleSetLoader.load(path: TestFiles.shippedRule(file))
    #expect(rules.marker == "wasm-threadify")
    #expect(rules.version == "1")
    #expect(rules.location == SourceLocation(file: TestFiles.shippedRule(file), line: 1, column: 1))
    #expect(rules.refusals.count == 30)
    #expect(rules.requirements.memoryCount == 1)
    #expect(rules.requirements.shared == true)
    #expect(rules.requirements.imported == true)
    #expect(rules.requirements.address == .i32)
    #expect(rules.requirements.activeDataSegmentsAllowed == false)
    #expect(
      rules.requirements.hints.keys.sorted() == [
        "active_data_segments", "address", "count", "growable", "imported", "shared",
      ])
  }

  @Test func wasmgrindMergedOverItsBase() throws {
    let rules = try RuleSetLoader.load(path: TestFiles.shippedRule("wasmgrind.yaml"))
    #expect(rules.name == "wasmgrind")
    #expect(
      rules.symbols.map(\.name) == [
        "stack_pointer", "tls_base", "tls_size", "tls_align", "init_tls", "old_start", "data_end", "heap_base",
        "malloc", "free", "try_malloc",
      ])
    let symbols = Dictionary(uniqueKeysWithValues: rules.symbols.map { ($0.name, $0) })
    #expect(symbols["stack_pointer"]?.kind == .global(GlobalType(mutability: .variable, valueType: .i32)))
    #expect(
      symbols["stack_pointer"]?.lookups.map(\.lookup) == [
        .name("__stack_pointer"), .export("__stack_pointer"), .heuristic(.mutableI32NonzeroInit),
      ])
    #expect(symbols["tls_base"]?.export == "__tls_base")
    #expect(symbols["tls_size"]?.kind == .value)
    #expect(symbols["tls_size"]?.unexport == true)
    #expect(symbols["init_tls"]?.kind == .function(FunctionType(parameters: [.i32], results: [])))
    #expect(symbols["old_start"]?.lookups.map(\.lookup) == [.start])
    #expect(symbols["old_start"]?.optional == true)
    #expect(symbols["malloc"]?.kind == .function(FunctionType(parameters: [.i32, .i32], results: [.i32])))
    #expect(symbols["malloc"]?.lookups.map(\.lookup) == [.export("__wasmgrind_malloc")])
    #expect(symbols["free"]?.kind == .function(FunctionType(parameters: [.i32, .i32, .i32], results: [])))
    // Entries keep the file they came from.
    #expect(
      symbols["malloc"]?.location == SourceLocation(file: TestFiles.shippedRule("wasmgrind.yaml"), line: 9, column: 3))
    #expect(
      symbols["stack_pointer"]?.location
        == SourceLocation(file: TestFiles.shippedRule("llvm-threads.yaml"), line: 136, column: 3))

    let reservation = try #require(rules.reservation)
    #expect(reservation.pages == 1)
    #expect(reservation.items.map(\.name) == ["counter", "lock", "static_tls", "temp_stack_limit", "temp_stack_top"])
    #expect(
      reservation.items.map(\.placement) == [
        .sequential(size: 4, align: 4), .sequential(size: 4, align: 4), .sequential(size: 4, align: 4),
        .sequential(size: 16, align: 16), .end,
      ])
    // The offsets the engine places the items at (`ReservationLayout` adds them to the memory's old end).
    #expect(reservation.itemOffsets.map(\.name) == reservation.items.map(\.name))
    #expect(
      reservation.itemOffsets.map(\.offset) == [0, 4, 8, 16, 65536],
      "counter, lock, static_tls, temp_stack_limit (16-aligned), temp_stack_top (the end)")

    #expect(rules.params.map(\.name) == ["stack_size", "stack_guard", "reuse_static_tls"])
    #expect(rules.params.first?.defaultValue == 2_097_152)
    #expect(rules.params.first?.min == 65536)
    #expect(rules.params.first?.max == 1_073_741_824)
    #expect(rules.params.first?.multipleOf == 16)
    #expect(rules.globals.map(\.name) == ["stack_alloc", "stack_alloc_size", "stack_limit"])
    #expect(rules.globals.map(\.initialValue) == [.literal(0), .constant("stack_size"), .literal(0)])
    #expect(rules.globals.first?.export == "__stack_alloc")

    #expect(rules.functions.map(\.name) == ["stack_overflow", "out_of_memory", "thread_start", "thread_destroy"])
    // The stack is allocated under the temporary-stack lock with the allocator entry point that returns 0.
    #expect(symbols["try_malloc"]?.lookups.map(\.lookup) == [.name("__rust_alloc")])
    #expect(symbols["try_malloc"]?.optional == true)
    #expect(rules.rewrites.map(\.name) == ["guard_stack_pointer"])
    #expect(rules.rewrites.first?.condition == Condition(name: "stack_guard", negated: false))
    #expect(rules.rewrites.first?.match.info.name == "global.set")
    #expect(rules.rewrites.first?.locals.map(\.name) == ["new_stack_pointer"])
    let start = try #require(rules.start)
    #expect(start.function == "thread_start")
    #expect(start.mode == .startSection)
    #expect(rules.functions[2].type == FunctionType(parameters: [], results: []))
    #expect(rules.functions[3].export == "__wasmgrind_thread_destroy")
    #expect(rules.functions[3].params.map(\.name) == ["their_tls", "their_stack", "their_stack_size"])
  }

  @Test func wasmgrindStartBodyIsExpanded() throws {
    let rules = try RuleSetLoader.load(path: TestFiles.shippedRule("wasmgrind.yaml"))
    let body = try #require(rules.functions.first { $0.name == "thread_start" }).body
    // `@if old_start` / `call $old_start` / `@end` comes first.
    guard case .conditional(let condition, let then, let otherwise, let location) = body.first else {
      Issue.record("the body does not start with @if old_start")
      return
    }
    #expect(condition.name == "old_start")
    #expect(!condition.negated)
    let base = TestFiles.shippedRule("llvm-threads.yaml")
    let ifLine = try lineNumber(of: "    @if old_start", in: base)
    #expect(location == SourceLocation(file: base, line: ifLine, column: 5))
    #expect(otherwise.isEmpty)
    // Then `@if stack_guard` … `@end` (three lines), then `i32.const {counter}`.
    guard case .instruction(let call) = then.first, case .conditional(let guardCondition, _, _, _) = body[1],
      case .instruction(let counter) = body[2]
    else {
      Issue.record("unexpected body shape")
      return
    }
    #expect(call.info.name == "call")
    #expect(call.operands == [.reference("old_start")])
    #expect(counter.info.name == "i32.const")
    #expect(counter.operands == [.constant(.constant("counter"))])
    #expect(guardCondition.name == "stack_guard")
    #expect(counter.location == SourceLocation(file: base, line: ifLine + 6, column: 5))
    // Snippets are expanded: `@use malloc` became `call $malloc`.
    let names = instructionNames(body)
    #expect(names.contains("call"))
    #expect(names.contains("memory.atomic.wait32"))
    #expect(names.last == "call")
  }

  @Test func wasmBindgenExportsItsStart() throws {
    let rules = try RuleSetLoader.load(path: TestFiles.shippedRule("wasm-bindgen.yaml"))
    #expect(rules.name == "wasm-bindgen")
    #expect(rules.start?.mode == .exported)
    let start = try #require(rules.functions.first { $0.name == "thread_start" })
    #expect(start.export == "__wbindgen_start")
    #expect(start.type == FunctionType(parameters: [.i32], results: []))
    #expect(rules.symbols.first { $0.name == "free" }?.lookups.map(\.lookup) == [.export("__wbindgen_free")])
    #expect(rules.symbols.last?.lookups.map(\.lookup) == [.name("__rust_alloc")])
  }

  @Test func llvmThreadsLoadsAsABase() throws {
    let rules = try RuleSetLoader.load(path: TestFiles.shippedRule("llvm-threads.yaml"))
    #expect(rules.name == "llvm-threads")
    #expect(rules.functions.map(\.name) == ["stack_overflow", "out_of_memory"])
    #expect(rules.start == nil)
    #expect(rules.base == SourceLocation(file: TestFiles.shippedRule("llvm-threads.yaml"), line: 7, column: 7))
    #expect(rules.symbols.count == 8)
    #expect(rules.refusals.first?.matchers == [.importModule("wasix_32v1")])
    #expect(rules.refusals.first?.flavour == "wasix")
    #expect(rules.refusals.contains { $0.matchers == [.import(module: "wasi", name: "thread-spawn")] })
    #expect(rules.refusals.contains { $0.matchers == [.customSection("wasm-threadify")] })
    #expect(
      rules.refusals.contains {
        $0.matchers == [.importsOnlyFrom(["a"]), .nameSection(false), .sharedMemory(true)]
          && $0.flavour == "emscripten"
      })
  }

  private func instructionNames(_ items: [TemplateItem]) -> [String] {
    items.flatMap { item -> [String] in
      switch item {
      case .instruction(let instruction): [instruction.info.name]
      case .conditional(_, let then, let otherwise, _): instructionNames(then) + instructionNames(otherwise)
      }
    }
  }

  @Test func cABIReordersArgumentsWithSnippetLocals() throws {
    let rules = try RuleSetLoader.load(path: TestFiles.shippedRule("c-aligned-alloc.yaml"))
    let symbols = Dictionary(uniqueKeysWithValues: rules.symbols.map { ($0.name, $0) })
    #expect(symbols["malloc"]?.lookups.map(\.lookup) == [.export("aligned_alloc"), .name("aligned_alloc")])
    #expect(symbols["free"]?.kind == .function(FunctionType(parameters: [.i32], results: [])))
    // The `malloc` snippet's scratch locals are added once to each function that uses it, however often.
    let start = try #require(rules.functions.first { $0.name == "thread_start" })
    #expect(start.locals.map(\.name) == ["alloc_size", "alloc_align"])
    let destroy = try #require(rules.functions.first { $0.name == "thread_destroy" })
    #expect(destroy.locals.isEmpty)
    #expect(destroy.export == "wasm_threadify_thread_destroy")
  }
}

/// The 1-based number of the first line of `path` that is exactly `text`.
private func lineNumber(of text: String, in path: String) throws -> Int {
  let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
  return try #require(lines.firstIndex { $0 == text }) + 1
}
