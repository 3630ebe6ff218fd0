;; A threaded module in LLVM's shape (written by hand) whose `recurse` pushes 1 KiB frames on the linear-memory
;; stack, for the stack-guard tests. Allocator: the seed ABI, a bump allocator shared by all instances whose cursor
;; lives in memory at 65536 (the top of the static stack) and hands out memory from 131072 up; free does nothing.
(module
  (import "env" "memory" (memory 8 100 shared))
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (global $__tls_base (mut i32) (i32.const 0))
  (global $__tls_size i32 (i32.const 16))
  (global $__tls_align i32 (i32.const 16))
  (func $__wasm_init_memory)
  (func $__wasm_init_tls (param i32)
    local.get 0
    global.set $__tls_base)
  (func $__wasmgrind_malloc (param $size i32) (param $align i32) (result i32)
    i32.const 65536
    local.get $size
    local.get $align
    i32.add
    i32.atomic.rmw.add
    i32.const 131072
    i32.add
    local.get $align
    i32.add
    i32.const 1
    i32.sub
    i32.const 0
    local.get $align
    i32.sub
    i32.and)
  (func $__wasmgrind_free (param i32 i32 i32))
  ;; Pushes `depth` frames of 1 KiB, each filled with `pattern`.
  (func $recurse (export "recurse") (param $depth i32) (param $pattern i32)
    global.get $__stack_pointer
    i32.const 1024
    i32.sub
    global.set $__stack_pointer
    global.get $__stack_pointer
    local.get $pattern
    i32.const 1024
    memory.fill
    local.get $depth
    if
      local.get $depth
      i32.const 1
      i32.sub
      local.get $pattern
      call $recurse
    end
    global.get $__stack_pointer
    i32.const 1024
    i32.add
    global.set $__stack_pointer)
  ;; Fills this instance's TLS block with `pattern`; `tls_intact` says whether it still holds it.
  (func (export "fill_tls") (param $pattern i32)
    global.get $__tls_base
    local.get $pattern
    i32.const 16
    memory.fill)
  (func (export "tls_intact") (param $pattern i32) (result i32)
    global.get $__tls_base
    i32.load8_u
    local.get $pattern
    i32.eq
    global.get $__tls_base
    i32.load8_u offset=15
    local.get $pattern
    i32.eq
    i32.and)
  (export "__tls_base" (global $__tls_base))
  (export "__tls_size" (global $__tls_size))
  (export "__tls_align" (global $__tls_align))
  (export "__wasm_init_tls" (func $__wasm_init_tls))
  (export "__wasmgrind_malloc" (func $__wasmgrind_malloc))
  (export "__wasmgrind_free" (func $__wasmgrind_free))
  (start $__wasm_init_memory))
