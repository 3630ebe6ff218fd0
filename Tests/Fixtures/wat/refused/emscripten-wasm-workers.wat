;; Emscripten Wasm Workers output (-sWASM_WORKERS) exports _emscripten_wasm_worker_initialize(stack, size): its JS
;; runtime gives every worker its stack and TLS.
(module
  (import "env" "memory" (memory 2 100 shared))
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func $_emscripten_wasm_worker_initialize (param i32 i32))
  (export "_emscripten_wasm_worker_initialize" (func $_emscripten_wasm_worker_initialize)))
