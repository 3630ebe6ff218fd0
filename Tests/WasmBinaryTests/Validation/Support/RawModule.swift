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
    bytes += section(1, [0x01, 0x60] + leb(params.count) + params + leb(results.count) + results)
    bytes += section(3, [0x01, 0x00])
    if memory { bytes += section(5, [0x01, 0x00, 0x01]) }
    if dataSegments > 0 { bytes += section(12, leb(dataSegments)) }
    bytes += section(10, [0x01] + leb(body.count) + body)
    if dataSegments > 0 {
      bytes += section(11, leb(dataSegments) + Array(repeating: [0x01, 0x00], count: dataSegments).flatMap { $0 })
    }
    return bytes
  }

  /// An unsigned LEB128 encoding.
  static func leb(_ value: Int) -> [UInt8] {
    var value = value
    var bytes: [UInt8] = []
    repeat {
      let low = UInt8(value & 0x7F)
      value >>= 7
      bytes.append(value == 0 ? low : low | 0x80)
    } while value != 0
    return bytes
  }

  private static func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] {
    [id] + leb(payload.count) + payload
  }
}
