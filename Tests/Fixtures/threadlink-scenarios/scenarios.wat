;; The wasm_threadlink scenarios both hosts must answer identically (docs/threadlink.md). Each export returns four
;; result codes packed one per byte (lowest first); scenarios.json gives the expected codes. Memory: the thread ids
;; at 16 and 24, a counter at 32, a nested thread's own create and join codes at 40 and 44.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasm_threadlink" "thread_create" (func $create (param i32 i32) (result i32)))
  (import "wasm_threadlink" "thread_join" (func $join (param i32) (result i32)))
  (import "wasm_threadlink" "panic" (func $panic (param i32)))

  ;; What a created thread runs: 1 counts, 2 creates and joins a thread of its own, 3 traps, 4 panics.
  (func (export "thread_start") (param $routine i32)
    (if (i32.eq (local.get $routine) (i32.const 1))
      (then (drop (i32.atomic.rmw.add (i32.const 32) (i32.const 1)))))
    (if (i32.eq (local.get $routine) (i32.const 2))
      (then
        (i32.atomic.store (i32.const 40) (call $create (i32.const 24) (i32.const 1)))
        (i32.atomic.store (i32.const 44) (call $join (i32.atomic.load (i32.const 24))))))
    (if (i32.eq (local.get $routine) (i32.const 3))
      (then (unreachable)))
    (if (i32.eq (local.get $routine) (i32.const 4))
      (then (call $panic (i32.const 7)))))

  (func $pack (param $a i32) (param $b i32) (param $c i32) (param $d i32) (result i32)
    (i32.or
      (i32.or (i32.and (local.get $a) (i32.const 255)) (i32.shl (i32.and (local.get $b) (i32.const 255)) (i32.const 8)))
      (i32.or
        (i32.shl (i32.and (local.get $c) (i32.const 255)) (i32.const 16))
        (i32.shl (i32.and (local.get $d) (i32.const 255)) (i32.const 24)))))

  ;; create, join: [0, 0, counter 1, 0]
  (func (export "create_and_join") (result i32)
    (local $c i32)
    (i32.atomic.store (i32.const 32) (i32.const 0))
    (local.set $c (call $create (i32.const 16) (i32.const 1)))
    (call $pack
      (local.get $c) (call $join (i32.atomic.load (i32.const 16))) (i32.atomic.load (i32.const 32)) (i32.const 0)))

  ;; join an id never given out: [1, 0, 0, 0]
  (func (export "join_unknown") (result i32)
    (call $pack (call $join (i32.const 0x7ffffff3)) (i32.const 0) (i32.const 0) (i32.const 0)))

  ;; create, join, join again: [0, 0, 1, 0]
  (func (export "join_twice") (result i32)
    (local $c i32) (local $j i32)
    (local.set $c (call $create (i32.const 16) (i32.const 1)))
    (local.set $j (call $join (i32.atomic.load (i32.const 16))))
    (call $pack (local.get $c) (local.get $j) (call $join (i32.atomic.load (i32.const 16))) (i32.const 0)))

  ;; a thread that creates and joins a thread: [0, 0, 0, 0] (outer create, outer join, inner create, inner join)
  (func (export "nested") (result i32)
    (local $c i32) (local $j i32)
    (i32.atomic.store (i32.const 40) (i32.const 99))
    (i32.atomic.store (i32.const 44) (i32.const 99))
    (local.set $c (call $create (i32.const 16) (i32.const 2)))
    (local.set $j (call $join (i32.atomic.load (i32.const 16))))
    (call $pack (local.get $c) (local.get $j) (i32.atomic.load (i32.const 40)) (i32.atomic.load (i32.const 44))))

  ;; a created thread traps: [0, 3, 0, 0]
  (func (export "thread_traps") (result i32)
    (local $c i32)
    (local.set $c (call $create (i32.const 16) (i32.const 3)))
    (call $pack (local.get $c) (call $join (i32.atomic.load (i32.const 16))) (i32.const 0) (i32.const 0)))

  ;; a created thread panics: [0, 3, 0, 0]
  (func (export "thread_panics") (result i32)
    (local $c i32)
    (local.set $c (call $create (i32.const 16) (i32.const 4)))
    (call $pack (local.get $c) (call $join (i32.atomic.load (i32.const 16))) (i32.const 0) (i32.const 0)))

  ;; the id's place is outside the memory: [4, 0, 0, 0]
  (func (export "create_out_of_bounds") (result i32)
    (call $pack (call $create (i32.const 0xfffffff0) (i32.const 1)) (i32.const 0) (i32.const 0) (i32.const 0)))

  ;; the first thread panics: the call fails
  (func (export "main_panics") (result i32)
    (call $panic (i32.const 5))
    (i32.const 0)))
