/// Reads the tool metadata custom sections: `producers` (which tools made the module) and `target_features` (which
/// proposals it was compiled for). Both are informational: a malformed one reads as empty, with the problem recorded.
enum ToolMetadataReader {
  /// The fields of a `producers` section (`language`, `processed-by`, `sdk`), each a list of (name, version).
  static func producers(_ bytes: ModuleBytes, _ section: RawSection) -> (
    [String: [(name: String, version: String)]], problem: String?
  ) {
    do throws(ModuleError) {
      var reader = ByteReader(bytes, section.content)
      var fields: [String: [(name: String, version: String)]] = [:]
      for _ in 0..<(try reader.count("producers fields", minimumEntrySize: 2)) {
        let field = try reader.name("a producers field name")
        for _ in 0..<(try reader.count("producers values", minimumEntrySize: 2)) {
          let name = try reader.name("a producer name")
          let version = try reader.name("a producer version")
          fields[field, default: []].append((name, version))
        }
      }
      try EntryWalkers.checkEnd(reader, "producers")
      return (fields, nil)
    } catch {
      return ([:], "producers section ignored: \(error)")
    }
  }

  /// The entries of a `target_features` section, each with its prefix: `+atomics`, `-simd128`, `=bulk-memory`.
  static func targetFeatures(_ bytes: ModuleBytes, _ section: RawSection) -> ([String], problem: String?) {
    do throws(ModuleError) {
      var reader = ByteReader(bytes, section.content)
      var features: [String] = []
      for _ in 0..<(try reader.count("target features", minimumEntrySize: 2)) {
        let prefixOffset = reader.offset
        let prefix = try reader.byte("a target feature prefix")
        guard [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "=")].contains(prefix) else {
          throw ModuleError(offset: prefixOffset, "target feature prefix \(prefix) is not +, - or =")
        }
        features.append(String(UnicodeScalar(prefix)) + (try reader.name("a target feature name")))
      }
      try EntryWalkers.checkEnd(reader, "target_features")
      return (features, nil)
    } catch {
      return ([], "target_features section ignored: \(error)")
    }
  }
}
