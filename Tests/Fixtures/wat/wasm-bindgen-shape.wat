;; The shape of wasm-bindgen's threads-transform test modules, written by hand: 6 initial pages (max 1024) of
;; imported shared memory, stack pointer 65536, 128 bytes of TLS aligned to 4, __wasm_init_memory as start
;; function, and wasm-bindgen's allocator exports (a shared bump allocator that never frees).
(module
  (import "env" "memory" (memory 6 1024 shared))
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (global $__tls_base (mut i32) (i32.const 0))
  (global $__tls_size i32 (i32.const 128))
  (global $__tls_align i32 (i32.const 4))
  (func $__wasm_init_memory)
  (func $__wasm_init_tls (param i32)
    local.get 0
    global.set $__tls_base)
  ;; Bump allocator shared by all instances: the cursor lives in memory at 65536 (just above the stack).
  (func $__wbindgen_malloc (param $size i32) (param $align i32) (result i32)
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
  (func $__wbindgen_free (param i32 i32 i32))
  (export "__tls_base" (global $__tls_base))
  (export "__tls_size" (global $__tls_size))
  (export "__tls_align" (global $__tls_align))
  (export "__wasm_init_tls" (func $__wasm_init_tls))
  (export "__wbindgen_malloc" (func $__wbindgen_malloc))
  (export "__wbindgen_free" (func $__wbindgen_free))
  (start $__wasm_init_memory))
