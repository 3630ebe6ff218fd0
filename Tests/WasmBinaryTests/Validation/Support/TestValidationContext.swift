import Testing
import WasmBinary

/// Test support only: a ``ValidationContext`` read from a whole module with WasmParser, for the body validator's
/// tests. It trusts the module outside the code section (the module validator, on its own branch, builds the real
/// context and checks those sections).
enum TestValidationContext {
  /// The context of the module in `bytes`: its sections before the code section (everything a context needs
  /// precedes it), read with WasmParser.
  static func of(_ bytes: [UInt8]) throws -> ValidationContext {
    var context = ValidationContext(
      types: [], functionTypeIndices: [], tables: [], memories: [], globals: [], elementTypes: [], dataCount: nil,
      tagTypeIndices: [], declaredFunctionReferences: [])
    var parser = Parser(bytes: bytes, features: .all)
    reading: while let payload = try parser.parseNext() {
      switch payload {
      case .typeSection(let groups):
        for subtype in groups.flatMap(\.types) {
          guard case .function(let type) = subtype.body else {
            Issue.record("the test context has no room for GC types")
            return context
          }
          context.types.append(type)
        }
      case .importSection(let imports):
        for entry in imports {
          switch entry.descriptor {
          case .function(let type): context.functionTypeIndices.append(type)
          case .table(let table): context.tables.append(table)
          case .memory(let memory): context.memories.append(memory)
          case .global(let global): context.globals.append(global)
          case .tag(let type): context.tagTypeIndices.append(type)
          }
        }
      case .functionSection(let types): context.functionTypeIndices += types
      case .tableSection(let tables):
        context.tables += tables.map(\.type)
        tables.forEach { declareReferences(in: $0.initializer ?? [], &context) }
      case .memorySection(let memories): context.memories += memories.map(\.type)
      case .globalSection(let globals):
        context.globals += globals.map(\.type)
        globals.forEach { declareReferences(in: $0.initializer, &context) }
      case .tagSection(let tags): context.tagTypeIndices += tags.map(\.type)
      case .exportSection(let exports):
        for export in exports {
          if case .function(let index) = export.descriptor { context.declaredFunctionReferences.insert(index) }
        }
      case .elementSection(let segments):
        context.elementTypes = segments.map(\.type)
        for segment in segments {
          segment.initializer.forEach { declareReferences(in: $0, &context) }
          if case .active(_, let offset) = segment.mode { declareReferences(in: offset, &context) }
        }
      case .dataCount(let count): context.dataCount = count
      case .codeSection: break reading
      default: break
      }
    }
    return context
  }

  /// Adds the functions a constant expression names with `ref.func`.
  private static func declareReferences(in expression: ConstExpression, _ context: inout ValidationContext) {
    for case .refFunc(let index) in expression { context.declaredFunctionReferences.insert(index) }
  }
}

/// Test support only: validates every defined function body of a module read by the module reader.
enum TestBodyValidation {
  /// The first body error of the module in `bytes`, or nil when every body validates. The module must read.
  static func firstError(_ bytes: [UInt8]) throws -> ModuleError? {
    let module = try WasmModule(bytes: bytes)
    return try firstError(module, context: TestValidationContext.of(bytes))
  }

  /// The first body error of `module` against `context`, or nil when every body validates.
  static func firstError(_ module: WasmModule, context: ValidationContext) throws -> ModuleError? {
    let validator = FunctionBodyValidator(context: context)
    for index in UInt32(module.importedFunctionCount)..<UInt32(module.functionCount) {
      let body = try #require(module.body(ofFunction: index))
      let type = try #require(module.functionType(at: index))
      do throws(ModuleError) {
        try validator.validate(body: body, type: type)
      } catch {
        return error
      }
    }
    return nil
  }
}
