/// Undoes the stack-guard rewrite (`rules/llvm-threads.yaml`, `guard_stack_pointer`) in a run of code bytes, for
/// ``DWARFCheck``: each `local.tee $n; global.get $limit; i32.lt_u; if; call $overflow; end; local.get $n;
/// global.set $sp` becomes the `global.set $sp` it replaced, and a run that starts with local declarations loses
/// them (the rewrite appends one). Matched on bytes, independently of the writer's offset map. The guarded
/// `global.set` has a minimal index; the linker's has a 5-byte one (a relocation), so `padded` writes it that way.
enum StackGuardUndo {
  /// `bytes` with every guard replaced by the instruction it guards.
  static func undo(_ bytes: ArraySlice<UInt8>, padded: Bool) -> [UInt8] {
    let code = Array(bytes)
    var output: [UInt8] = []
    var index = 0
    while index < code.count {
      if let (end, global) = guardAt(code, index) {
        output.append(0x24)
        var value = global
        for byte in 0..<(padded ? 5 : 10) {
          let last = padded ? byte == 4 : value < 0x80
          output.append(UInt8(value & 0x7f) | (last ? 0 : 0x80))
          value >>= 7
          if last { break }
        }
        index = end
      } else {
        output.append(code[index])
        index += 1
      }
    }
    return output
  }

  /// `bytes` without the local declarations it starts with (`nil` when it does not start with a well-formed vector).
  static func withoutLocals(_ bytes: [UInt8]) -> [UInt8]? {
    var index = 0
    guard let groups = leb(bytes, &index), groups < 64 else { return nil }
    for _ in 0..<groups {
      guard leb(bytes, &index) != nil, index < bytes.count, [0x7f, 0x7e, 0x7d, 0x7c, 0x7b].contains(bytes[index])
      else { return nil }
      index += 1
    }
    return Array(bytes[index...])
  }

  /// The end of the guard at `start` and the global its `global.set` sets.
  private static func guardAt(_ code: [UInt8], _ start: Int) -> (Int, UInt64)? {
    var index = start
    func expect(_ byte: UInt8) -> Bool {
      guard index < code.count, code[index] == byte else { return false }
      index += 1
      return true
    }
    guard expect(0x22), let local = leb(code, &index), expect(0x23), leb(code, &index) != nil, expect(0x49),
      expect(0x04), expect(0x40), expect(0x10), leb(code, &index) != nil, expect(0x0b), expect(0x20),
      leb(code, &index) == local
    else { return nil }
    guard expect(0x24), let global = leb(code, &index) else { return nil }
    return (index, global)
  }

  private static func leb(_ code: [UInt8], _ index: inout Int) -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while index < code.count, shift < 35 {
      let byte = code[index]
      index += 1
      value |= UInt64(byte & 0x7f) << shift
      shift += 7
      if byte & 0x80 == 0 { return value }
    }
    return nil
  }
}
