;; wasm-bindgen-shape.wat that also exports a C allocator aligned_alloc(align, size) / free(ptr): two bundled
;; rule sets (wasm-bindgen, c-aligned-alloc) bind, and which ABI the module was built for is ambiguous.
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
  (func $aligned_alloc (param $align i32) (param $size i32) (result i32)
    local.get $size
    local.get $align
    call $__wbindgen_malloc)
  (func $free (param i32))
  (export "aligned_alloc" (func $aligned_alloc))
  (export "free" (func $free))
  (export "__wbindgen_malloc" (func $__wbindgen_malloc))
  (export "__wbindgen_free" (func $__wbindgen_free))
  (start $__wasm_init_memory))
