import MarkerFormat

/// Reads a module's marker (docs/marker-format.md) with the one strict reader of `MarkerFormat`, whatever the name
/// of the section that holds it, or says by name why the module cannot be run: not patched, patched by an older
/// wasm-threadify, a newer format or a malformed payload. (``ModuleHost`` then refuses a record it cannot honour.)
public enum MarkerReader {
  /// Reads the marker among `customSections` (name, payload); `moduleName` names the module in messages.
  public static func read(customSections: [(name: String, payload: [UInt8])], moduleName: String) throws(HostError)
    -> ThreadMarker
  {
    let found: (name: String, payload: [UInt8])?
    do {
      found = try ThreadMarker.section(among: customSections)
    } catch {
      throw HostError(.badMarker, "\(moduleName): \(error.message)")
    }
    guard let found else {
      throw HostError(
        .notPatched,
        "\(moduleName) has no marker section: it was not patched by wasm-threadify (or by a rule set without a "
          + "marker). Patch it first: wasm-threadify patch \(moduleName) -o PATCHED.wasm")
    }
    let marker: ThreadMarker
    do {
      marker = try ThreadMarker(payload: found.payload)
    } catch {
      throw HostError(.badMarker, "\(moduleName): marker section \"\(found.name)\": \(error.message)")
    }
    return marker
  }
}
