#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ThreadMarker {
  /// Whether a custom section's payload is a marker, whatever the section's name (docs/marker-format.md, *Finding
  /// the marker*): it starts with `rules=` (wasm-threadify 0.2), or it starts with `{`, is at most
  /// ``maximumPayloadBytes`` long and is a JSON object with a `marker` key.
  public static func isMarkerPayload(_ payload: some Collection<UInt8>) -> Bool {
    if payload.starts(with: Array("rules=".utf8)) { return true }
    guard payload.first == UInt8(ascii: "{"), payload.count <= maximumPayloadBytes,
      case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payload))
    else { return false }
    return object["marker"] != nil
  }

  /// The one custom section among `sections` (name, payload) that holds a marker; `nil` when none does. Several are
  /// an error naming them: a module is patched once.
  public static func section<Payload: Collection<UInt8>>(
    among sections: [(name: String, payload: Payload)]
  ) throws(MarkerError) -> (name: String, payload: Payload)? {
    let found = sections.filter { isMarkerPayload($0.payload) }
    guard found.count <= 1 else {
      throw MarkerError(
        .malformed,
        "\(found.count) custom sections hold a marker (" + found.map { "\"\($0.name)\"" }.joined(separator: ", ")
          + "), expected one")
    }
    return found.first
  }
}
