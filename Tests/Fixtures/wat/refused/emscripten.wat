;; Emscripten pthreads output exports _emscripten_tls_init: its runtime sets up stacks and TLS itself.
(module
  (import "env" "memory" (memory 2 100 shared))
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func $_emscripten_tls_init (result i32) i32.const 0)
  (export "_emscripten_tls_init" (func $_emscripten_tls_init)))
