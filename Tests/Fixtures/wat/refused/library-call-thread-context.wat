;; LLVM's library-call thread context: the host owns the thread context (__wasm_set_tls_base).
(module
  (import "env" "memory" (memory 2 100 shared))
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func $__wasm_set_tls_base (param i32))
  (export "__wasm_set_tls_base" (func $__wasm_set_tls_base)))
