;; A 64-bit shared memory: out of scope.
(module
  (import "env" "memory" (memory i64 2 100 shared))
  (global $__stack_pointer (mut i32) (i32.const 65536)))
