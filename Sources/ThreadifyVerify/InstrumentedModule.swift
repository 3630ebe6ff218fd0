import WasmBinary
import WasmKit
import WasmParser

/// A copy of the patched module that also exports the stack pointer and TLS base globals under names of verify's
/// own, so that they can be read from outside without the module exporting them. Nothing else changes: the code,
/// data, start and marker are the module as patched.
struct InstrumentedModule {
  /// Export names no rule set writes.
  static let stackPointerExport = "threadify-verify:stack-pointer"
  static let tlsBaseExport = "threadify-verify:tls-base"

  /// The instrumented module, parsed by WasmKit.
  let module: Module
  /// The memory import every instance shares, and its type.
  let memoryImport: (module: String, name: String)
  let memoryType: MemoryType
  /// The function imports, with their types, each of which verify provides as a trap.
  let functionImports: [(module: String, name: String, type: FunctionType)]

  /// Instruments `module` as `layout` says; `name` names it in messages.
  init(_ module: WasmModule, layout: ThreadLayout, name: String) throws(CheckFailure) {
    var editor = ModuleEditor(module)
    do {
      try editor.addExport(name: Self.stackPointerExport, .global(layout.stackPointerGlobal))
      if let tls = layout.tlsBaseGlobal { try editor.addExport(name: Self.tlsBaseExport, .global(tls)) }
    } catch {
      throw CheckFailure(.marker, thread: nil, "cannot export the globals the marker names: \(error.message)")
    }
    let memories = module.memories
    if memories.count == 1, let memory = memories.first, memory.type.isMemory64 {
      throw CheckFailure(
        .marker, thread: nil,
        "\(name) has a 64-bit memory (memory64): WasmKit 0.4.2, which verify runs on, cannot share a 64-bit memory "
          + "between threads; verify the JS host's way with examples/host/verify.mjs in a browser")
    }
    guard memories.count == 1, let memory = memories.first, let importModule = memory.importModule,
      let importName = memory.importName, memory.type.shared, !memory.type.isMemory64
    else {
      throw CheckFailure(
        .marker, thread: nil, "\(name) does not import exactly one shared 32-bit memory: nothing is shared")
    }
    memoryImport = (importModule, importName)
    memoryType = memory.type
    var functions: [(String, String, FunctionType)] = []
    for entry in module.imports {
      switch entry.descriptor {
      case .memory: continue
      case .function(let typeIndex) where Int(typeIndex) < module.types.count:
        functions.append((entry.module, entry.name, module.types[Int(typeIndex)]))
      default:
        throw CheckFailure(
          .marker, thread: nil, "\(name) imports \(entry.module).\(entry.name), which is not a function: not supported")
      }
    }
    functionImports = functions
    do {
      self.module = try parseWasm(bytes: editor.write(), features: .all)
    } catch {
      throw CheckFailure(.marker, thread: nil, "\(name) cannot be loaded by WasmKit: \(error)")
    }
  }
}
