import WAT

/// The small module of the host's contract tests and the `run` command's: it imports `wasm_threadlink` and carries
/// a marker.
public enum HostContractModule {
  /// `thread_start(r)`: r = 1 traps, r = 2 waits 3 s on a word nobody notifies, else stores 1 at 128.
  /// `spawn_and_join(r)` creates a thread for r, joins it, and panics with the error number if either fails.
  /// `spawn(r)` creates one and returns. `fail()` panics with errno 7; `boom()` traps.
  public static let program = """
    (module
      (import "wasm_threadlink" "thread_create" (func $create (param i32 i32) (result i32)))
      (import "wasm_threadlink" "thread_join" (func $join (param i32) (result i32)))
      (import "wasm_threadlink" "panic" (func $panic (param i32)))
      (import "env" "memory" (memory 1 2 shared))
      (func (export "thread_start") (param $r i32)
        (if (i32.eq (local.get $r) (i32.const 1)) (then unreachable))
        (if (i32.eq (local.get $r) (i32.const 2))
          (then (drop (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const 3000000000)))))
        (i32.atomic.store (i32.const 128) (i32.const 1)))
      (func (export "spawn_and_join") (param $r i32) (result i32)
        (local $rc i32)
        (local.set $rc (call $create (i32.const 16) (local.get $r)))
        (if (local.get $rc) (then (call $panic (local.get $rc))))
        (local.set $rc (call $join (i32.load (i32.const 16))))
        (if (local.get $rc) (then (call $panic (local.get $rc))))
        (i32.load (i32.const 128)))
      (func (export "spawn") (param $r i32) (result i32)
        (call $create (i32.const 16) (local.get $r)))
      (func (export "fail") (call $panic (i32.const 7)))
      (func (export "boom") unreachable)
    )
    """

  /// A marker of the current format for rule set `test`, naming no start or destroy routine.
  public static let marker =
    #"{"marker": 1, "rules": "test", "version": "1", "start": null, "destroy": null, "reserved": null}"#

  /// The module of `text` with a custom section `section` holding `payload` (none when nil) appended.
  public static func module(
    _ text: String = program, marker payload: String? = marker, section: String = "wasm-threadify"
  )
    throws -> [UInt8]
  {
    let bytes = try wat2wasm(text, features: [.threads])
    guard let payload else { return bytes }
    return bytes + TestBytes.customSection(section, Array(payload.utf8))
  }
}
