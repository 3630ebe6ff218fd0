;; A wasm-bindgen output without threads that exports its start as __wbindgen_start: no shared memory, so it is
;; not taken for a threads-pass output (the control for the refusal above).
(module
  (memory 17)
  (func $__wbindgen_start)
  (export "memory" (memory 0))
  (export "__wbindgen_start" (func $__wbindgen_start)))
