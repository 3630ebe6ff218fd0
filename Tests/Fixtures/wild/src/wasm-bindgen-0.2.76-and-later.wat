;; The shape wasm-bindgen's threads pass leaves from 0.2.76 on: as before, plus the exported
;; __wbindgen_thread_destroy (compare Tests/Fixtures/real/rayon_test_bg.wasm).
(module
  (import "wbg" "memory" (memory 17 16384 shared))
  (global $__stack_pointer (mut i32) (i32.const 1048576))
  (func $__wbindgen_start)
  (func $__wbindgen_thread_destroy (param i32 i32 i32))
  (export "__wbindgen_thread_destroy" (func $__wbindgen_thread_destroy))
  (export "__wbindgen_start" (func $__wbindgen_start)))
