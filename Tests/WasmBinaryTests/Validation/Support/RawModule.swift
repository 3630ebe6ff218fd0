import TestSupport

/// Test support only: a module assembled byte by byte, for bodies the text format cannot express (an `else` outside
/// an `if`, a body that goes on after its final `end`, an offset of 2^32).
enum RawModule {
  /// A module of one memory (when `memory`), `dataSegments` empty passive data segments (and a data count section
  /// when there are some) and one function of type `[params] -> [results]` whose body (local declarations, then
  /// instructions) is `body`.
  static func function(
    params: [UInt8] = [], results: [UInt8] = [], memory: Bool = false, dataSegments: Int = 0, body: [UInt8]
  ) -> [UInt8] {
    var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
    bytes += TestBytes.section(
      1, [0x01, 0x60] + TestBytes.leb128(params.count) + params + TestBytes.leb128(results.count) + results)
    bytes += TestBytes.section(3, [0x01, 0x00])
    if memory { bytes += TestBytes.section(5, [0x01, 0x00, 0x01]) }
    if dataSegments > 0 { bytes += TestBytes.section(12, TestBytes.leb128(dataSegments)) }
    bytes += TestBytes.section(10, [0x01] + TestBytes.leb128(body.count) + body)
    if dataSegments > 0 {
      bytes += TestBytes.section(
        11, TestBytes.leb128(dataSegments) + Array(repeating: [0x01, 0x00], count: dataSegments).flatMap { $0 })
    }
    return bytes
  }
}
