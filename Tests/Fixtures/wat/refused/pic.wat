;; Position-independent output imports its stack pointer.
(module
  (import "env" "memory" (memory 2 100 shared))
  (import "env" "__stack_pointer" (global $__stack_pointer (mut i32))))
