;; The shape wasm-bindgen's threads pass leaves before 0.2.76 (compare squoosh's oxipng pkg-parallel builds of
;; 2020-2021 in docs/real-world-corpus.md): a shared memory imported from wbg, __wasm_init_memory moved out of the
;; start section into the exported __wbindgen_start, and no __wbindgen_thread_destroy.
(module
  (import "wbg" "memory" (memory 17 16384 shared))
  (global $__stack_pointer (mut i32) (i32.const 1048576))
  (global $__tls_base (mut i32) (i32.const 0))
  (func $__wasm_init_memory)
  (func $__wbindgen_start
    call $__wasm_init_memory)
  (func $__wbindgen_malloc (param i32) (result i32) i32.const 0)
  (func $__wbindgen_free (param i32 i32))
  (export "__wbindgen_malloc" (func $__wbindgen_malloc))
  (export "__wbindgen_free" (func $__wbindgen_free))
  (export "__wbindgen_start" (func $__wbindgen_start)))
