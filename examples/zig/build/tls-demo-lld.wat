(module $tls-demo-lld.wasm
  (type (;0;) (func (param i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (type (;3;) (func (param i32 i32 i32)))
  (type (;4;) (func (param i32 i32) (result i32)))
  (type (;5;) (func (param i32) (result i32)))
  (import "env" "memory" (memory (;0;) 17 16384 shared))
  (table (;0;) 1 1 funcref)
  (global $__stack_pointer (;0;) (mut i32) i32.const 1048576)
  (global $__tls_base (;1;) (mut i32) i32.const 0)
  (global $__tls_size (;2;) i32 i32.const 36)
  (global $__tls_align (;3;) i32 i32.const 4)
  (export "__stack_pointer" (global $__stack_pointer))
  (export "__tls_base" (global $__tls_base))
  (export "__tls_size" (global $__tls_size))
  (export "__tls_align" (global $__tls_align))
  (export "__wasm_init_tls" (func $__wasm_init_tls))
  (export "alloc_errors" (func $tls_demo.alloc_errors))
  (export "alloc_live_bytes" (func $tls_demo.alloc_live_bytes))
  (export "__wasmgrind_free" (func $tls_demo.__wasmgrind_free))
  (export "__wasmgrind_malloc" (func $tls_demo.__wasmgrind_malloc))
  (export "tls_counter" (func $tls_demo.tls_counter))
  (export "tls_increment" (func $tls_demo.tls_increment))
  (export "tls_initial_ok" (func $tls_demo.tls_initial_ok))
  (export "tls_address" (func $tls_demo.tls_address))
  (start $__wasm_init_memory)
  (func $__wasm_init_tls (;0;) (type 0) (param i32)
    local.get 0
    global.set $__tls_base
    local.get 0
    i32.const 0
    i32.const 36
    memory.init $.tdata
  )
  (func $__wasm_init_memory (;1;) (type 1)
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
        global.set $__tls_base
        i32.const 0
        i32.const 36
        memory.init $.tdata
        i32.const 1048612
        i32.const 0
        i32.const 16
        memory.fill
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
  (func $tls_demo.alloc_errors (;2;) (type 2) (result i32)
    i32.const 0
    i32.atomic.load offset=1048612
  )
  (func $tls_demo.alloc_live_bytes (;3;) (type 2) (result i32)
    i32.const 0
    i32.atomic.load offset=1048616
  )
  (func $tls_demo.__wasmgrind_free (;4;) (type 3) (param i32 i32 i32)
    block ;; label = @1
      local.get 0
      i32.eqz
      br_if 0 (;@1;)
      call $tls_demo.acquire
      i32.const 0
      i32.const 0
      i32.load offset=1048616
      local.get 1
      i32.sub
      i32.store offset=1048616
      i32.const 0
      i32.const 0
      i32.atomic.store offset=1048620
    end
  )
  (func $tls_demo.acquire (;5;) (type 1)
    loop ;; label = @1
      i32.const 0
      i32.const 0
      i32.const 1
      i32.atomic.rmw.cmpxchg offset=1048620
      br_if 0 (;@1;)
    end
  )
  (func $tls_demo.__wasmgrind_malloc (;6;) (type 4) (param i32 i32) (result i32)
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
        i32.load offset=1048624
        local.tee 2
        br_if 0 (;@2;)
        i32.const 0
        memory.size
        i32.const 16
        i32.shl
        local.tee 2
        i32.store offset=1048624
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
          i32.const 1048612
          local.set 1
          i32.const 0
          local.set 2
          br 1 (;@2;)
        end
        i32.const 0
        local.get 1
        i32.store offset=1048624
        i32.const 1048616
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
      i32.atomic.store offset=1048620
    end
    local.get 2
  )
  (func $tls_demo.tls_counter (;7;) (type 2) (result i32)
    global.get $__tls_base
    i32.const 0
    i32.add
    i32.load
  )
  (func $tls_demo.tls_increment (;8;) (type 5) (param i32) (result i32)
    (local i32)
    global.get $__tls_base
    i32.const 0
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
  (func $tls_demo.tls_initial_ok (;9;) (type 2) (result i32)
    (local i32 i32 i32 i32 i32 i32)
    global.get $__stack_pointer
    i32.const 32
    i32.sub
    local.tee 0
    global.set $__stack_pointer
    local.get 0
    global.get $__tls_base
    i32.const 4
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
  (func $tls_demo.tls_address (;10;) (type 2) (result i32)
    global.get $__tls_base
    i32.const 4
    i32.add
  )
  (data $.tdata (;0;) "\00\00\00\00\01\00Q}\02\00Q}\03\00Q}\04\00Q}\05\00Q}\06\00Q}\07\00Q}\08\00Q}")
  (@custom ".debug_loc" (after data) "\ff\ff\ff\ff\db\00\00\00\00\00\00\00Z\00\00\00\04\00\ed\00\01\9f\00\00\00\00\00\00\00\00\ff\ff\ff\ff\db\00\00\00\00\00\00\00\94\00\00\00\04\00\ed\00\00\9f\00\00\00\00\00\00\00\00\ff\ff\ff\ff\db\00\00\00I\00\00\00K\00\00\00\04\00\ed\02\00\9fK\00\00\00\94\00\00\00\04\00\ed\00\02\9f\00\00\00\00\00\00\00\00\ff\ff\ff\ff\db\00\00\00N\00\00\00P\00\00\00\04\00\ed\02\00\9fP\00\00\00\94\00\00\00\04\00\ed\00\01\9f\00\00\00\00\00\00\00\00\ff\ff\ff\ff\db\00\00\00U\00\00\00W\00\00\00\04\00\ed\02\01\9fW\00\00\00\ae\00\00\00\04\00\ed\00\03\9f\00\00\00\00\00\00\00\00\ff\ff\ff\ff\db\00\00\00g\00\00\00i\00\00\00\04\00\ed\02\00\9f\00\00\00\00\00\00\00\00\ff\ff\ff\ff\c5\01\00\00\87\00\00\00\88\00\00\00\04\00\ed\02\01\9f\00\00\00\00\00\00\00\00")
  (@custom ".debug_abbrev" (after data) "\01\11\01%\0e\13\05\03\0e\10\17\1b\0e\b4B\19\11\01U\17\00\00\024\00\03\0eI\13:\0b;\0bn\0e\00\00\03\04\01I\13\03\0e\0b\0b:\0b;\05\88\01\0f\00\00\04(\00\03\0e\1c\0f\00\00\05$\00\03\0e>\0b\0b\0b\00\00\06\13\01\03\0e\0b\0b:\0b;\0b\88\01\0f\00\00\07\0d\00\03\0eI\13\88\01\0f8\0b\00\00\08\17\01\03\0e\0b\0b:\0b;\05\88\01\0f\00\00\09\0d\00\03\0eI\138\0b\00\00\0a\13\01\03\0e\0b\0b:\0b;\05\88\01\0f\00\00\0b\04\01I\13\03\0e\0b\0b:\0b;\0b\88\01\0f\00\00\0c\16\00I\13\03\0e\0b\0b\00\00\0d\13\01\03\0e\0b\0b\88\01\0f\00\00\0e\0f\00I\13\03\0e\00\00\0f4\00\03\0eI\13:\0b;\05n\0e\00\00\10$\01\03\0e>\0b\0b\0b\00\00\11\01\01I\13\03\0e\00\00\12!\00I\137\0b\00\00\13$\00\03\0e\0b\0b>\0b\00\00\144\00\03\0eI\13:\0b;\0b\02\18n\0e\00\00\15.\00\11\01\12\06@\18n\0e\03\0e:\0b;\0bI\13\00\00\16.\00n\0e\03\0e:\0b;\0bI\13 \0b\00\00\17.\01\11\01\12\06@\18n\0e\03\0e:\0b;\0bI\13\00\00\18\05\00\02\18\03\0e:\0b;\0bI\13\00\00\19\1d\001\13\11\01\12\06X\0bY\0bW\0b\00\00\1a\05\00\02\17\03\0e:\0b;\0bI\13\00\00\1b4\00\02\17\03\0e:\0b;\0bI\13\00\00\1c\0b\01\11\01\12\06\00\00\1d\0b\01U\17\00\00\00")
  (@custom ".debug_info" (after data) "\8b\09\00\00\04\00\00\00\00\00\04\01H\08\00\00\0c\00H\02\00\00\00\00\00\00\e9\03\00\00\00\00\00\00\18\00\00\00\02~\05\00\005\00\00\00\02\06v\05\00\00\03V\00\00\00\8a\05\00\00\01\01\ce\03\01\047\04\00\00\00\04\5c\06\00\00\01\04\85\03\00\00\02\00\05\d9\07\00\00\07\01\02C\06\00\00l\00\00\00\02.;\06\00\00\05\ea\02\00\00\02\01\02\8d\01\00\00\82\00\00\00\02\1e\85\01\00\00\06\d7\01\00\00\5c\04\0e\04\07\b9\04\00\00\96\00\00\00\04\00\08\fe\04\00\00X\04\84\01\04\09\7f\04\00\00\85\03\00\00\00\09\fe\01\00\00\8c\03\00\00\00\09\d0\05\00\00\d3\00\00\00\00\099\00\00\00\f4\00\00\00\00\09\f7\00\00\00)\02\00\00\00\00\0a\e3\04\00\00T\04L\01\04\07\c1\04\00\00\8c\03\00\00\04\00\075\06\00\00\ac\03\00\00\048\00\0a\c7\04\00\00X\04[\01\04\07\c1\04\00\00\8c\03\00\00\04\00\075\06\00\00\ac\03\00\00\048\07\e4\05\00\00,\04\00\00\04T\00\0b,\04\00\00x\02\00\00\04\04\e8\04\04X\07\00\00\80\80\80 \04z\03\00\00\80\80\80(\043\02\00\00\80\80\84(\04\d2\07\00\00\80\80\88(\04\88\06\00\00\80\80\800\047\07\00\00\80\80\840\04+\07\00\00\80\80\880\04/\08\00\00\80\80\8c0\04B\08\00\00\80\80\80P\04\e6\07\00\00\81\80\80P\04\1a\08\00\00\82\80\80P\04\dc\07\00\00\83\80\80P\04\c4\07\00\00\84\80\80P\04\5c\07\00\00\85\80\80P\04J\07\00\00\86\80\80P\04$\08\00\00\87\80\80P\04M\06\00\00\88\80\80P\04\a9\02\00\00\89\80\80P\04S\05\00\00\8a\80\80P\04Q\02\00\00\8b\80\80P\04\8e\03\00\00\8c\80\80P\04w\00\00\00\8d\80\80P\04Z\02\00\00\8e\80\80P\04\b4\06\00\00\8f\80\80P\04J\05\00\00\90\80\80P\04\ee\00\00\00\91\80\80P\04*\02\00\00\92\80\80P\04\f5\01\00\00\93\80\80P\0a\15\05\00\00\08\04(\01\04\07\b2\02\00\00 \01\00\00\04\00\07I\00\00\00 \01\00\00\04\04\00\00\07\10\04\00\00V\02\00\00\01X\0b3\04\00\00\14\04\00\00\01\04\12\01\04\dc\03\00\00\00\04$\02\00\00\01\04\97\03\00\00\02\04\a6\06\00\00\03\04\c6\00\00\00\04\04\e1\02\00\00\05\04l\00\00\00\06\04\d0\05\00\00\07\04Z\01\00\00\08\049\00\00\00\09\04\e2\06\00\00\0a\04\90\01\00\00\0b\04\1d\00\00\00\0c\04&\00\00\00\0d\04\c8\05\00\00\0e\04\b9\05\00\00\0f\04\c0\05\00\00\10\04\cd\00\00\00\11\04c\01\00\00\12\04\80\00\00\00\13\04o\01\00\00\14\04D\01\00\00\15\04Q\01\00\00\16\04g\01\00\00\17\04\f7\00\00\00\18\04\9f\03\00\00\19\04\d3\01\00\00\1a\04r\00\00\00\1b\04\ad\03\00\00\1c\04\ca\06\00\00\1d\04E\00\00\00\1e\04\ce\07\00\00\1f\04f\07\00\00 \04T\07\00\00!\046\02\00\00\22\04\8e\06\00\00#\04\b6\02\00\00$\04\89\03\00\00%\04\9a\06\00\00&\04C\03\00\00'\04\bd\06\00\00(\04\ec\05\00\00)\047\03\00\00*\04<\03\00\00+\04\ef\02\00\00,\04\cc\02\00\00-\04b\01\00\00.\04I\01\00\00/\00\00\05\df\05\00\00\05\00\064\05\00\008\03\0e\04\07\b2\02\00\00\ac\03\00\00\04\00\07I\00\00\00\ac\03\00\00\04\1c\00\06\91\02\00\00\1c\03\01\04\07\ef\01\00\00\ed\03\00\00\04\00\07\e9\01\00\00\ed\03\00\00\04\04\07\b4\03\00\00\ed\03\00\00\04\08\07d\04\00\00\f4\03\00\00\04\0c\07\d9\05\00\00\f4\03\00\00\04\14\00\05&\04\00\00\07\04\0c\fe\03\00\00\f7\06\00\00\08\0d\f8\06\00\00\08\04\07\e5\01\00\00\1c\04\00\00\04\00\07\c1\02\00\00\ed\03\00\00\04\04\00\0e%\04\00\00\1f\07\00\00\05(\07\00\00\07\01\05\03\08\00\00\07\04\05<\07\00\00\07\01\02{\01\00\00V\02\00\00\05\05u\01\00\00\0f\17\00\00\00`\04\00\00\04\e2\04\00\00\00\00\10Q\04\00\00\05\00\0a\d7\00\00\00,\04\d9\04\04\07\ff\00\00\00w\04\00\00\04\00\00\00\11\ed\03\00\00\22\04\00\00\12\87\04\00\00\0b\00\13\ce\06\00\00\08\07\02]\00\00\00\9d\04\00\00\02\0eU\00\00\00\0aa\00\00\004\04\ba\04\04\07\10\03\00\00r\06\00\00\04\00\0a\1d\03\00\00<\04\f1\07\04\07\9e\04\00\00\fe\03\00\00\04\00\07\99\04\00\00{\06\00\00\04\08\07\c4\01\00\00`\04\00\00\04\10\00\07\c4\01\00\00`\04\00\00\04\04\07\c7\03\00\00\f4\04\00\00\010\033\04\00\00\cc\03\00\00\01\04R\05\01\04\9c\07\00\00\00\04\9a\05\00\00\01\04\ae\06\00\00\02\04\c5\02\00\00\03\04\f5\05\00\00\04\04q\06\00\00\05\04\e6\02\00\00\06\04`\06\00\00\07\04\e1\01\00\00\08\04k\06\00\00\09\04\fd\02\00\00\0a\040\00\00\00\0b\046\08\00\00\0c\04\a1\02\00\00\0d\04\a1\06\00\00\0e\04\b6\07\00\00\0f\04\c2\06\00\00\10\045\00\00\00\11\04\a4\03\00\00\12\04\0e\08\00\00\13\04\90\07\00\00\14\04u\03\00\00\15\04p\03\00\00\16\04,\04\00\00\17\04\03\03\00\00\18\04?\01\00\00\19\04\f6\02\00\00\1a\04\82\07\00\00\1b\04.\03\00\00\1c\04;\08\00\00\1d\04?\00\00\00\1e\04j\07\00\00\1f\04\80\03\00\00 \04\f9\05\00\00!\04\a3\04\00\00\22\04\ac\07\00\00#\04\ad\04\00\00$\04\1a\02\00\00%\04\f8\07\00\00&\04\af\05\00\00'\04z\07\00\00(\04\a5\05\00\00)\04M\00\00\00*\04\aa\03\00\00+\04f\06\00\00,\04\f3\05\00\00-\04\a4\07\00\00.\040\07\00\00/\04\f0\07\00\000\04r\07\00\001\04V\06\00\002\04w\06\00\003\04=\04\00\004\04\07\08\00\005\04\89\07\00\006\04C\07\00\007\04?\07\00\008\04\bd\07\00\009\04h\04\00\00:\04\93\06\00\00;\04\7f\06\00\00<\00\00\0e\b2\04\00\00\16\03\00\00\0c\85\06\00\00\03\07\00\00\08\0d\04\07\00\00\08\04\07\e5\01\00\00\a3\06\00\00\04\00\07\c1\02\00\00\ed\03\00\00\04\04\00\0e%\04\00\00\11\07\00\00\02\c0\03\00\00\f4\04\00\00\05\04\ba\03\00\00\02\d9\02\00\00l\00\00\00\05\06\d3\02\00\00\02\8a\04\00\00\d9\06\00\00\05\0f\84\04\00\00\0e\e2\06\00\00\e8\06\00\00\11%\04\00\00\ef\06\00\00\12\87\04\00\00\06\00\148\01\00\00,\04\00\00\06+\05\03$\00\10\00/\01\00\00\02-\06\00\00\b2\04\00\00\07\a9\1d\06\00\00\14\b9\01\00\00,\04\00\00\06*\05\03(\00\10\00\b0\01\00\00\14k\03\00\00,\04\00\00\06(\05\03,\00\10\00b\03\00\00\14C\02\00\00\ed\03\00\00\06)\05\030\00\10\00:\02\00\00\14\9b\00\00\00,\04\00\00\06\0d\0c\ed\03\01\00\00\00\03\00\00\00\00\22\92\00\00\00\14l\02\00\00\8d\07\00\00\06\09\0c\ed\03\01\00\00\00\03\04\00\00\00\22c\02\00\00\11,\04\00\00\00\08\00\00\12\87\04\00\00\08\00\15x\00\00\00\0c\00\00\00\07\ed\03\00\00\00\00\9f\19\01\00\00\22\01\00\00\06T,\04\00\00\15\85\00\00\00\0c\00\00\00\07\ed\03\00\00\00\00\9f\96\01\00\00\9f\01\00\00\06P,\04\00\00\16@\04\00\00I\04\00\00\060\85\03\00\00\01\17\92\00\00\001\00\00\00\07\ed\03\00\00\00\00\9f\5c\05\00\00e\05\00\00\06H\85\03\00\00\18\04\ed\00\00\9f\e5\01\00\00\06H\ed\03\00\00\18\04\ed\00\01\9f'\04\00\00\06H\ed\03\00\00\19\db\07\00\00\b9\00\00\00\08\00\00\00\06L\12\00\15\c4\00\00\00\15\00\00\00\07\ed\03\00\00\00\00\9fn\04\00\00w\04\00\00\06-\85\03\00\00\17\db\00\00\00\b2\00\00\00\07\ed\03\00\00\00\00\9f\01\06\00\00\0a\06\00\00\064\ed\03\00\00\1a\1e\00\00\00'\04\00\00\064\ed\03\00\00\1a\00\00\00\00\a5\00\00\00\064\ed\03\00\00\1b<\00\00\00\8c\00\00\00\069\ed\03\00\00\1bh\00\00\00\d5\05\00\00\06:\ed\03\00\00\1b\94\00\00\00;\04\00\00\06;\ed\03\00\00\1c5\01\00\00&\00\00\00\1b\c0\00\00\00\cd\01\00\00\06=\ed\03\00\00\00\19\db\07\00\00}\01\00\00\0c\00\00\00\067\12\00\15\8e\01\00\00\12\00\00\00\07\ed\03\00\00\00\00\9f\05\02\00\00\0e\02\00\00\06\22,\04\00\00\17\a1\01\00\00\22\00\00\00\07\ed\03\00\00\00\00\9f\af\00\00\00\b8\00\00\00\06\1d,\04\00\00\18\04\ed\00\00\9f\d1\02\00\00\06\1d,\04\00\00\00\17\c5\01\00\00\9e\00\00\00\04\ed\00\00\9fJ\03\00\00S\03\00\00\06\15,\04\00\00\1d\00\00\00\00\1b\de\00\00\00S\00\00\00\06\16,\04\00\00\00\00\15d\02\00\00\0f\00\00\00\07\ed\03\00\00\00\00\9f\04\01\00\00\0d\01\00\00\06\10,\04\00\00\00")
  (@custom ".debug_ranges" (after data) "-\02\00\00B\02\00\00E\02\00\00T\02\00\00\00\00\00\00\00\00\00\00x\00\00\00\84\00\00\00\85\00\00\00\91\00\00\00\92\00\00\00\c3\00\00\00\c4\00\00\00\d9\00\00\00\db\00\00\00\8d\01\00\00\8e\01\00\00\a0\01\00\00\a1\01\00\00\c3\01\00\00\c5\01\00\00c\02\00\00d\02\00\00s\02\00\00\00\00\00\00\00\00\00\00")
  (@custom ".debug_str" (after data) "Target.Cpu.Feature.Set.empty\00serenity\00dragonfly\00csky\00kvx\00linux\00nvptx\00psx\00max\00s390x\00v\00builtin.cpu\00Target.Cpu\00haiku\00wiiu\00win10_cu\00maccatalyst\00start\00tls_demo.tls_count\00alignment\00tls_demo.tls_increment\00hermit\00driverkit\00Target.Cpu.Feature.Set\00win11_dt\00windows\00ints\00tls_demo.tls_address\00tls_demo.alloc_errors\00tls_demo.errors\00mips\00tvos\00ashetos\00visionos\00illumos\00tios\00watchos\00macos\00start.native_os\00builtin.os\00rtems\00tls_demo.alloc_live_bytes\00tls_demo.live_bytes\00features\00pages\003ds\00Target.Os\00avr\00ptr\00minor\00major\00win11_kr\00semver\00tls_demo.tls_counter\00propeller\00other\00win11_br\00xp\00psp\00tls_demo.bump\00tls_demo\00win10_co\00win11_zn\00tls_demo.tls_pattern\00Target.Os.WindowsVersion\00SemanticVersion\00hexagon\00win10_mn\00min\00emscripten\00len\00amdgcn\00vulkan\00start.is_wasm\00managarm\00bool\00opengl\00mipsel\00bpfel\00microblazeel\00model\00*const Target.Cpu.Model\00mips64el\00nvcl\00opencl\00amdpal\00tls_demo.tls_initial_ok\00tls_demo.lock\00m88k\00m68k\00win2k\00or1k\00Obj\00wasi\00win10_ni\00contiki\00uefi\00lanai\00sh\00switch\00patch\00start.native_arch\00Target.Cpu.Arch\00freestanding\00/work/wt-toolchain-matrix/examples/zig\00tag\00Target.Os.Tag\00[11]usize\00microblaze\00Exe\00have\00tls_demo.release\00Target.Cpu.Feature\00pre\00xcore\00tls_demo.acquire\00none\00start.start_sym_name\00llvm_name\00powerpcle\00powerpc64le\00version_range\00Target.Os.LinuxVersionRange\00Target.Os.HurdVersionRange\00Target.Os.VersionRange\00Target.Os.WindowsVersion.Range\00SemanticVersion.Range\00win11_ge\00win10_fe\00tls_demo.__wasmgrind_free\00builtin.output_mode\00lang.OutputMode\00aarch64_be\00riscv64be\00riscv32be\00netbsd\00openbsd\00freebsd\00hurd\00end\00build\00void\00android\00mesa3d\00sparc\00powerpc\00tls_demo.__wasmgrind_malloc\00Target.wasm.cpu.generic\00glibc\00builtin.link_libc\00win10_vb\00thumb\00Lib\00armeb\00sheb\00bpfeb\00arceb\00thumbeb\00xtensaeb\00vista\00vita\00xtensa\00amdhsa\00hppa\00fuchsia\00alpha\00win11_ga\00cuda\00kalimba\00gba\00__ARRAY_SIZE_TYPE__\00plan9\00*const [6:0]u8\00?[]const u8\00?[:0]const u8\00[*:0]const u8\00[*]const u8\00win8\00spork8\00win7\00u6\00x86\00x86_16\00win10_rs5\00ps5\00nt4\00win10_rs4\00ps4\00nvptx64\00spirv64\00riscv64\00mips64\00wasm64\00loongarch64\00aarch64\00sparc64\00powerpc64\00hppa64\00x86_64\00win10_rs3\00ps3\00ws2003\00u2\00win10_rs2\00win10_th2\00spirv32\00riscv32\00[8]u32\00wasm32\00loongarch32\00win10_rs1\00win10_19h1\00win8_1\00ez80\00msp430\00win10\00zig 0.17.0\00")
  (@custom ".debug_pubnames" (after data) "\9f\01\00\00\02\00\00\00\00\00\8f\09\00\00&\00\00\00output_mode\00C\00\00\00Exe\00I\00\00\00Lib\00O\00\00\00Obj\00]\00\00\00link_libc\00s\00\00\00os\00:\04\00\00native_os\00I\04\00\00empty\00\8e\04\00\00cpu\00\ac\06\00\00native_arch\00\bb\06\00\00is_wasm\00\ca\06\00\00start_sym_name\00\f2\06\00\00errors\00\07\07\00\00generic\00\16\07\00\00live_bytes\00+\07\00\00lock\00@\07\00\00bump\00U\07\00\00tls_count\00q\07\00\00tls_pattern\00\9d\07\00\00alloc_errors\00\bc\07\00\00alloc_live_bytes\00\db\07\00\00release\00\eb\07\00\00__wasmgrind_free\00;\08\00\00acquire\00Z\08\00\00__wasmgrind_malloc\00\ee\08\00\00tls_counter\00\0d\09\00\00tls_increment\00=\09\00\00tls_initial_ok\00o\09\00\00tls_address\00\00\00\00\00")
  (@custom ".debug_pubtypes" (after data) "u\01\00\00\02\00\00\00\00\00\8f\09\00\005\00\00\00lang.OutputMode\00V\00\00\00u2\00l\00\00\00bool\00\82\00\00\00Target.Os\00\85\03\00\00void\00\8c\03\00\00SemanticVersion.Range\00\ac\03\00\00SemanticVersion\00\ed\03\00\00usize\00\f4\03\00\00?[]const u8\00\fe\03\00\00[]const u8\00\1c\04\00\00[*]const u8\00%\04\00\00u8\00,\04\00\00u32\003\04\00\00u6\00Y\04\00\00Target.Cpu.Feature\00w\04\00\00[11]usize\00\9d\04\00\00Target.Cpu\00r\06\00\00*const Target.Cpu.Model\00{\06\00\00?[:0]const u8\00\85\06\00\00[:0]const u8\00\a3\06\00\00[*:0]const u8\00\d9\06\00\00*const [6:0]u8\00\e2\06\00\00[6:0]u8\00\8d\07\00\00[8]u32\00\00\00\00\00")
  (@custom ".debug_line" (after data) "\a2\02\00\00\04\00\12\01\00\00\01\01\01\fb\0e\0d\00\01\01\01\01\00\00\00\01\00\00\01/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/ziglang/lib\00/root/.cache/zig\00\00std/lang.zig\00\01\00\00b/72bde5ef45764a3e4ef9eada590b1ccd/builtin.zig\00\02\00\00std/SemanticVersion.zig\00\01\00\00std/Target.zig\00\01\00\00std/start.zig\00\01\00\00tls_demo.zig\00\00\00\00std/Target/wasm.zig\00\01\00\00\00\04\06\05\05\0a\00\05\02y\00\00\00\03\d4\00\01\02\0b\00\01\01\04\06\05\05\0a\00\05\02\86\00\00\00\03\d0\00\01\02\0b\00\01\01\04\06\05\09\0a\00\05\02\93\00\00\00\03\c9\00\01\05\0cu\05\05h\05\14\06\ac\05\05\9e\06\03dJ\06\03O\82\02\02\00\01\01\04\06\00\05\02\c4\00\00\00\03,\01\05\0c\00\02\04\02\0a\91\05K\06\ac\02\01\00\01\01\04\06\00\05\02\db\00\00\00\033\01\05\09\0au\052\00\02\04\02\06\82\05\0c\06/\05\09h\06\03H\e4\05\14\038.\05.\00\02\04\02J\03H\9e\05\19\06\039 \05%\06\ac\058<\05\17\06K\05\05Y\05%\06f\05\09\06!\05#Y\05,\06\ba\05\0d\06!\06\03B.\03>.\03B<\03>\f2\03B.\05\05\06\03\c3\00 \06\03\bd\7f\08.\06\031\d6\06\03O\ba\02\04\00\01\01\04\06\05\05\0a\00\05\02\8f\01\00\00\03\22\01\08\00\01\01\04\06\05\05\0a\00\05\02\a4\01\00\00\03\1d\01\05\0f\06\08<\05\05\06\83\02\03\00\01\01\04\06\00\05\02\c5\01\00\00\03\14\01\05\0a\0a\08=\06\03j\02A\01\05\17\00\02\04\02\06\03\16\82\06\03j<\05\1d\06\03\17\82\05\17\00\02\04\04;\06\03jt\05\1d\06\03\17J\05\05u\05\17\00\02\04\04:\05\1du\06\03i\82\02\0f\00\01\01\04\06\05\05\0a\00\05\02e\02\00\00\03\10\01\02\0e\00\01\01")
  (@producers
    (language "C99" "")
  )
  (@custom "target_features" (after data) "\09+\07atomics+\0bbulk-memory+\0fbulk-memory-opt+\16call-indirect-overlong+\0amultivalue+\0fmutable-globals+\13nontrapping-fptoint+\0freference-types+\08sign-ext")
)
