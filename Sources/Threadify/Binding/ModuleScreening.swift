import MarkerFormat
import ThreadifyRules
import WasmBinary

/// Checks a module against a rule set's `refuse` and `requires` rules, before anything is bound.
enum ModuleScreening {
  /// The first refusal (in file order, base files first) whose conditions all hold for the module, if any.
  static func firstRefusal(in rules: RuleSet, module: WasmModule) -> Refusal? {
    // The refused names are looked up together: one pass over a large module's names, not one per refusal.
    let refusedNames = Set(
      rules.refusals.flatMap(\.matchers).compactMap { if case .name(let name) = $0 { name } else { nil } })
    let namesFound =
      refusedNames.isEmpty
      ? []
      : Set(module.names.functionIndices(named: refusedNames).keys)
        .union(module.names.globalIndices(named: refusedNames).keys)
    let shape = ModuleShape(module)
    return rules.refusals.first { refusal in
      refusal.matchers.allSatisfy { matches($0, module, shape: shape, namesFound: namesFound) }
    }
  }

  /// The flavour of a module that carries a marker (in any custom section): patched once, never again.
  static let alreadyPatched = "already-patched"

  /// Why a module that carries a marker, whatever its section's name, is never patched again; `nil` without one.
  /// Looked at before any refusal of a rule set, whose list may match the exports a patch injected.
  static func markerRefusal(_ module: WasmModule) -> String? {
    let section: (name: String, payload: ModuleBytes)?
    do {
      section = try ThreadMarker.section(among: module.customSections)
    } catch {
      return "already patched by wasm-threadify: \(error.message); never patch twice"
    }
    guard let section else { return nil }
    let marker = try? ThreadMarker(payload: section.payload)
    let patchedWith =
      marker.map { "rules=\($0.rules) version=\($0.version)" }
      ?? String(decoding: section.payload.prefix(80), as: UTF8.self)
    return "already patched by wasm-threadify (custom section \(section.name): \(patchedWith)): never patch twice"
  }

  /// Throws the marker's refusal, the first refusal of the rule set or the first failed requirement.
  static func check(_ rules: RuleSet, module: WasmModule) throws(PatchError) {
    if let reason = markerRefusal(module) { throw .refused(flavour: alreadyPatched, reason: reason) }
    if let refusal = firstRefusal(in: rules, module: module) {
      throw .refused(flavour: refusal.flavour, reason: refusal.reason)
    }
    if let failure = requirementFailures(rules.requirements, module: module).first {
      throw failure
    }
  }

  /// Every failed requirement, in the order they are checked (memory count, address, shared, imported, data).
  static func requirementFailures(_ requirements: Requirements, module: WasmModule) -> [PatchError] {
    var failures: [PatchError] = []
    func fail(_ key: String, _ message: String) {
      failures.append(.requirementFailed(message: message, hint: requirements.hints[key]))
    }
    let memories = module.memories
    if let count = requirements.memoryCount, memories.count != count {
      fail("count", "the module has \(memories.count) memories; \(count) required")
    }
    if let memory = memories.first {
      if let address = requirements.address, (memory.type.isMemory64 ? AddressType.i64 : .i32) != address {
        fail("address", "memory 0 is \(memory.type.isMemory64 ? "memory64" : "32-bit"); \(address.rawValue) required")
      }
      if let shared = requirements.shared, memory.type.shared != shared {
        fail("shared", shared ? "memory 0 is not shared: nothing to thread" : "memory 0 is shared")
      }
      if let imported = requirements.imported, memory.isImported != imported {
        fail(
          "imported",
          imported
            ? "memory 0 is defined by the module, not imported: instances could not share it"
            : "memory 0 is imported")
      }
    }
    if requirements.activeDataSegmentsAllowed == false, module.activeDataSegmentCount > 0 {
      fail(
        "active_data_segments",
        "the module has \(module.activeDataSegmentCount) active data segments: every instance would re-initialise memory"
      )
    }
    return failures
  }

  /// Whether `matcher` holds; `namesFound` are the refused names the module's function or global names contain.
  private static func matches(
    _ matcher: ModuleMatcher, _ module: WasmModule, shape: ModuleShape, namesFound: Set<String>
  ) -> Bool {
    switch matcher {
    case .export(let name):
      return module.exports.contains { $0.name == name }
    case .import(let moduleName, let name):
      return module.imports.contains { $0.module == moduleName && $0.name == name }
    case .importModule(let moduleName):
      return shape.importModules.contains(moduleName)
    case .importsOnlyFrom(let moduleNames):
      return !shape.importModules.isEmpty && shape.importModules.isSubset(of: moduleNames)
    case .customSection(let name):
      return module.sections.contains { $0.customName == name }
    case .name(let name):
      return namesFound.contains(name)
    case .startSection(let present):
      return (module.start != nil) == present
    case .nameSection(let present):
      return shape.hasNameSection == present
    case .sharedMemory(let shared):
      return (module.memories.first?.type.shared ?? false) == shared
    }
  }
}

/// What several refusal conditions ask of a module, computed once per screening.
private struct ModuleShape {
  /// The module names the imports come from.
  let importModules: Set<String>
  /// Whether the module has the standard `name` custom section (whatever it holds).
  let hasNameSection: Bool

  init(_ module: WasmModule) {
    importModules = Set(module.imports.map(\.module))
    hasNameSection = module.sections.contains { $0.customName == "name" }
  }
}
