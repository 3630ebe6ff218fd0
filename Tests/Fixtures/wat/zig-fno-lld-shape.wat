;; The TLS shape of Zig 0.17's own wasm linker (`zig build-exe -fno-lld`, threaded, name section kept), written
;; by hand from the issue 12 report: `__tls_size` holds an absolute address (1048704) while `__wasm_init_tls`
;; copies 132 bytes of .tdata with memory.init. Everything else is the shape LLD gives (wasm-bindgen's allocator
;; exports, so that `wasm-bindgen.yaml` binds every symbol). The tests' control is this text with `__tls_size` set
;; to 132, the consistent LLD shape.
(module
  (import "env" "memory" (memory 18 1024 shared))
  (global $__stack_pointer (mut i32) (i32.const 1048576))
  (global $__tls_base (mut i32) (i32.const 0))
  (global $__tls_size i32 (i32.const 1048704))
  (global $__tls_align i32 (i32.const 4))
  (func $__wasm_init_memory)
  (func $__wasm_init_tls (param i32)
    local.get 0
    global.set $__tls_base
    local.get 0
    i32.const 0
    i32.const 132
    memory.init $tdata)
  (func $__wbindgen_malloc (param i32 i32) (result i32)
    i32.const 0)
  (func $__wbindgen_free (param i32 i32 i32))
  (export "__tls_base" (global $__tls_base))
  (export "__tls_size" (global $__tls_size))
  (export "__tls_align" (global $__tls_align))
  (export "__wasm_init_tls" (func $__wasm_init_tls))
  (export "__wbindgen_malloc" (func $__wbindgen_malloc))
  (export "__wbindgen_free" (func $__wbindgen_free))
  (start $__wasm_init_memory)
  (data $tdata "\01\00\00\00"))
