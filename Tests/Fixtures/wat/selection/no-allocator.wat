;; wasm-bindgen-shape.wat without an allocator: a threaded module no bundled rule set binds to.
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
  (export "__tls_base" (global $__tls_base))
  (export "__tls_size" (global $__tls_size))
  (export "__tls_align" (global $__tls_align))
  (export "__wasm_init_tls" (func $__wasm_init_tls))
  (start $__wasm_init_memory))
