(module
  (type (;0;) (func (result i32)))
  (type (;1;) (func (param i32 i32 i32)))
  (type (;2;) (func))
  (type (;3;) (func (param i32 i32) (result i32)))
  (type (;4;) (func (param i32) (result i32)))
  (type (;5;) (func (param i32)))
  (import "env" "memory" (memory (;0;) 17 16384 shared))
  (table (;0;) 1 1 funcref)
  (global $__stack_pointer (;0;) (mut i32) i32.const 1048576)
  (global $__tls_base (;1;) (mut i32) i32.const 0)
  (global $__tls_size (;2;) i32 i32.const 1048580)
  (global $__tls_align (;3;) i32 i32.const 4)
  (export "alloc_errors" (func $alloc_errors))
  (export "alloc_live_bytes" (func $alloc_live_bytes))
  (export "__wasmgrind_free" (func $__wasmgrind_free))
  (export "__wasmgrind_malloc" (func $__wasmgrind_malloc))
  (export "tls_counter" (func $tls_counter))
  (export "tls_increment" (func $tls_increment))
  (export "tls_initial_ok" (func $tls_initial_ok))
  (export "tls_address" (func $tls_address))
  (start $__wasm_init_memory)
  (func $alloc_errors (;0;) (type 0) (result i32)
    i32.const 0
    i32.atomic.load offset=1048616
  )
  (func $alloc_live_bytes (;1;) (type 0) (result i32)
    i32.const 0
    i32.atomic.load offset=1048620
  )
  (func $__wasmgrind_free (;2;) (type 1) (param i32 i32 i32)
    block ;; label = @1
      local.get 0
      i32.eqz
      br_if 0 (;@1;)
      call $tls_demo.acquire
      i32.const 0
      i32.const 0
      i32.load offset=1048620
      local.get 1
      i32.sub
      i32.store offset=1048620
      i32.const 0
      i32.const 0
      i32.atomic.store offset=1048624
    end
  )
  (func $tls_demo.acquire (;3;) (type 2)
    loop ;; label = @1
      i32.const 0
      i32.const 0
      i32.const 1
      i32.atomic.rmw.cmpxchg offset=1048624
      br_if 0 (;@1;)
    end
  )
  (func $__wasmgrind_malloc (;4;) (type 3) (param i32 i32) (result i32)
    (local i32 i32)
    i32.const 0
    local.set 2
    block ;; label = @1
      local.get 1
      i32.popcnt
      i32.const 1
      i32.ne
      br_if 0 (;@1;)
      call $tls_demo.acquire
      block ;; label = @2
        i32.const 0
        i32.load offset=1048612
        local.tee 2
        br_if 0 (;@2;)
        i32.const 0
        memory.size
        i32.const 16
        i32.shl
        local.tee 2
        i32.store offset=1048612
      end
      block ;; label = @2
        block ;; label = @3
          local.get 1
          local.get 2
          i32.add
          i32.const -1
          i32.add
          i32.const 0
          local.get 1
          i32.sub
          i32.and
          local.tee 2
          local.get 0
          i32.add
          local.tee 1
          memory.size
          i32.const 16
          i32.shl
          local.tee 3
          i32.le_u
          br_if 0 (;@3;)
          local.get 1
          local.get 3
          i32.sub
          i32.const 65535
          i32.add
          i32.const 16
          i32.shr_u
          memory.grow
          i32.const 0
          i32.ge_s
          br_if 0 (;@3;)
          i32.const 1
          local.set 0
          i32.const 1048616
          local.set 1
          i32.const 0
          local.set 2
          br 1 (;@2;)
        end
        i32.const 0
        local.get 1
        i32.store offset=1048612
        i32.const 1048620
        local.set 1
      end
      local.get 1
      local.get 1
      i32.load
      local.get 0
      i32.add
      i32.store
      i32.const 0
      i32.const 0
      i32.atomic.store offset=1048624
    end
    local.get 2
  )
  (func $tls_counter (;5;) (type 0) (result i32)
    global.get $__tls_base
    i32.const 1048576
    i32.add
    i32.load
  )
  (func $tls_increment (;6;) (type 4) (param i32) (result i32)
    (local i32)
    global.get $__tls_base
    i32.const 1048576
    i32.add
    local.tee 1
    local.get 1
    i32.load
    local.get 0
    i32.add
    local.tee 0
    i32.store
    local.get 0
  )
  (func $tls_initial_ok (;7;) (type 0) (result i32)
    (local i32 i32 i32 i32 i32 i32)
    global.get $__stack_pointer
    i32.const 32
    i32.sub
    local.tee 0
    global.set $__stack_pointer
    local.get 0
    global.get $__tls_base
    i32.const 1048580
    i32.add
    local.tee 1
    i64.load offset=24 align=4
    i64.store offset=24
    local.get 0
    local.get 1
    i64.load offset=16 align=4
    i64.store offset=16
    local.get 0
    local.get 1
    i64.load offset=8 align=4
    i64.store offset=8
    local.get 0
    local.get 1
    i64.load align=4
    i64.store
    i32.const 0
    local.set 1
    i32.const 1
    local.set 2
    i32.const 0
    local.set 3
    block ;; label = @1
      loop ;; label = @2
        local.get 1
        i32.const 32
        i32.eq
        br_if 1 (;@1;)
        local.get 3
        i32.const 2102460417
        i32.add
        local.set 4
        local.get 0
        local.get 1
        i32.add
        local.set 5
        local.get 1
        i32.const 4
        i32.add
        local.set 1
        local.get 3
        i32.const 1
        i32.add
        local.set 3
        local.get 4
        local.get 5
        i32.load
        i32.eq
        br_if 0 (;@2;)
      end
      i32.const 0
      local.set 2
    end
    local.get 0
    i32.const 32
    i32.add
    global.set $__stack_pointer
    local.get 2
  )
  (func $tls_address (;8;) (type 0) (result i32)
    global.get $__tls_base
    i32.const 1048580
    i32.add
  )
  (func $__wasm_init_memory (;9;) (type 2)
    block ;; label = @1
      block ;; label = @2
        block ;; label = @3
          i32.const 1048628
          i32.const 0
          i32.const 1
          i32.atomic.rmw.cmpxchg
          br_table 0 (;@3;) 1 (;@2;) 2 (;@1;)
        end
        i32.const 1048576
        i32.const 1048576
        global.set $__stack_pointer
        i32.const 0
        i32.const 36
        memory.init $.tbss
        i32.const 1048628
        i32.const 2
        i32.atomic.store
        i32.const 1048628
        i32.const -1
        memory.atomic.notify
        drop
        br 1 (;@1;)
      end
      i32.const 1048628
      i32.const 1
      i64.const -1
      memory.atomic.wait32
      drop
    end
  )
  (func $__wasm_init_tls (;10;) (type 5) (param i32)
    local.get 0
    global.set $__tls_base
    local.get 0
    i32.const 0
    i32.const 36
    memory.init $.tbss
  )
  (data $.tbss (;0;) "\00\00\00\00\01\00Q}\02\00Q}\03\00Q}\04\00Q}\05\00Q}\06\00Q}\07\00Q}\08\00Q}")
  (@producers
    (language "Zig" "0.17.0")
    (processed-by "Zig" "0.17.0")
  )
  (@custom "target_features" (after data) "\09+\07atomics+\0bbulk-memory+\0fbulk-memory-opt+\16call-indirect-overlong+\0amultivalue+\0fmutable-globals+\13nontrapping-fptoint+\0freference-types+\08sign-ext")
)
