;; wasm-bindgen-shape.wat without an allocator, exporting a thread start routine
;; __wasmgrind_thread_start(start_fn_ptr, start_fn_arg): only wasmgrind-entry binds, which must be named.
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
  (func $thread_start (param i32 i32))
  (export "__tls_base" (global $__tls_base))
  (export "__tls_size" (global $__tls_size))
  (export "__tls_align" (global $__tls_align))
  (export "__wasm_init_tls" (func $__wasm_init_tls))
  (export "__wasmgrind_thread_start" (func $thread_start))
  (start $__wasm_init_memory))
