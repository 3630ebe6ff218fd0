import Testing
import WAT
import WasmBinary

/// Compiles WAT text with the threads (and any other) features.
func wat(_ text: String, features: WasmFeatureSet = [], names: Bool = false) throws -> [UInt8] {
  try wat2wasm(text, features: features.union(.threads), options: EncodeOptions(nameSection: names))
}

/// Applies `edit` to the module in `bytes`, writes it, and reads the result back.
func edited(_ bytes: [UInt8], _ edit: (inout ModuleEditor) throws -> Void) throws -> WasmModule {
  var editor = ModuleEditor(try WasmModule(bytes: bytes))
  try edit(&editor)
  return try WasmModule(bytes: editor.write())
}

extension WasmModule {
  /// The sections in file order, by name: `type`, `function`, ..., and `custom:NAME` for custom sections.
  var sectionNames: [String] {
    sections.map { section in section.customName.map { "custom:\($0)" } ?? section.kind?.name ?? "?" }
  }

  /// The bytes of the first section of a kind (or the custom section of a name).
  func sectionBytes(_ kind: SectionID, named name: String? = nil) -> [UInt8]? {
    sections.first { $0.kind == kind && $0.customName == name }.map { Array(bytes[$0.range]) }
  }
}
