;; Two memories: thread support needs exactly one.
(module
  (import "env" "memory" (memory 2 100 shared))
  (import "env" "memory2" (memory 1 10 shared))
  (global $__stack_pointer (mut i32) (i32.const 65536)))
