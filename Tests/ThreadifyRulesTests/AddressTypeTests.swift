import Testing
import ThreadifyRules
import WasmBinary

/// Memory instructions in templates take the address type the rule set declares in `requires.memory.address`
/// (issue 20): an i32 address in an i64 rule set, and the reverse, are located type errors that say where the
/// address type comes from. `requires` takes 3 lines, so body line `k` (from 0) is file line `13 + k`.
@Suite struct AddressTypeTests {
  private func error(address: String, _ body: String) -> String? {
    InMemoryRules.error(
      InMemoryRules.function(body: body, extra: "requires:\n  memory: {address: \(address)}\n\n"))
  }

  @Test func memoryInstructionsTakeTheDeclaredAddressType() {
    for body in [
      "i64.const 8\ni32.load\ndrop",
      "i64.const 8\ni64.const 1\ni64.const 2\ni64.atomic.rmw.cmpxchg offset=0x100000000\ndrop",
      "i64.const 0\ni32.const 1\nmemory.atomic.notify\ndrop", "memory.size\ni64.const 1\ni64.add\nmemory.grow\ndrop",
      "i64.const 0\ni32.const 0\ni64.const 16\nmemory.fill", "i64.const 0\ni64.const 8\ni64.const 8\nmemory.copy",
      "i64.const 0\ni32.const 0\ni32.const 4\nmemory.init 0",
    ] {
      #expect(error(address: "i64", body) == nil, "\(body)")
    }
    #expect(error(address: "i32", "i32.const 8\ni32.load\ndrop") == nil)
    #expect(InMemoryRules.error(InMemoryRules.function(body: "i32.const 8\ni32.load\ndrop")) == nil)
  }

  @Test func anI32AddressInAnI64SetIsALocatedError() {
    #expect(
      error(address: "i64", "i32.const 8\ni32.load\ndrop")
        == "14:7: error: type mismatch: 'i32.load' needs [i64], the top of the stack is [i32]; "
        + "requires.memory.address is i64 (t.yaml:5:3)")
    #expect(
      error(address: "i64", "i32.const 0\ni32.const 0\ni32.const 1\ni32.atomic.rmw.cmpxchg\ndrop")
        == "16:7: error: type mismatch: 'i32.atomic.rmw.cmpxchg' needs [i64 i32 i32], the top of the stack is "
        + "[i32 i32 i32]; requires.memory.address is i64 (t.yaml:5:3)")
  }

  @Test func anI64AddressInAnI32SetIsALocatedError() {
    #expect(
      error(address: "i32", "i64.const 8\ni64.const 1\ni64.store")
        == "15:7: error: type mismatch: 'i64.store' needs [i32 i64], the top of the stack is [i64 i64]; "
        + "requires.memory.address is i32 (t.yaml:5:3)")
    #expect(
      InMemoryRules.error(InMemoryRules.function(body: "memory.size\ni64.const 1\ni64.add\ndrop"))
        == "12:7: error: type mismatch: 'i64.add' needs [i64 i64], the top of the stack is [i32 i64]")
    #expect(
      InMemoryRules.error(InMemoryRules.function(body: "i64.const 0\ni32.load\ndrop"))
        == "11:7: error: type mismatch: 'i32.load' needs [i32], the top of the stack is [i64]; "
        + "the rule set declares no requires.memory.address, so addresses are i32")
  }

  @Test func offsetsTakeSixtyFourBitsInAnI64Set() throws {
    let text = InMemoryRules.function(
      body: "i64.const 0\ni64.load offset=0xFFFFFFFFFFFFFFF0\ndrop",
      extra: "requires:\n  memory: {address: i64}\n\n")
    let body = try InMemoryRules.load(text).functions[0].body
    guard case .instruction(let load) = body[1] else {
      Issue.record("no load")
      return
    }
    #expect(load.operands == [.memArg(offset: .literal(Int64(bitPattern: 0xFFFF_FFFF_FFFF_FFF0)), alignBytes: nil)])
    #expect(
      error(address: "i32", "i32.const 0\ni64.load offset=0x100000000\ndrop")
        == "14:16: error: offset 4294967296 of 'i64.load' does not fit in 32 bits; requires.memory.address is i32 "
        + "(t.yaml:5:3)")
    #expect(error(address: "i32", "i32.const 0\ni64.load offset=0xFFFFFFFF\ndrop") == nil)
  }
}
