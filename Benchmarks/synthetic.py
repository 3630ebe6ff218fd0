#!/usr/bin/env python3
"""A synthetic threaded module of the wasmgrind ABI for timing rule-set selection on a large name section (issue 16).

    Benchmarks/synthetic.py OUT.wasm FUNCTIONS BODY_BYTES     e.g. OUT.wasm 77000 1300: 102.5 MB, 77,004 named functions

Shared imported memory, no data, __stack_pointer/__tls_base/__tls_size/__tls_align globals, __wasm_init_tls, the
__wasmgrind_malloc/__wasmgrind_free exports, __wasm_init_memory as start, every function named; the filler bodies
are `nop`s. It takes seconds where generate.py takes over an hour for 100 MB on a loaded 2-core machine; it has no
realistic code, so use it for what depends on the module's names and exports, not for code-size-bound timings.
"""
import sys
def leb(n):
    out=bytearray()
    while True:
        b=n&0x7f; n>>=7
        if n: out.append(b|0x80)
        else: out.append(b); return bytes(out)
def sleb(n):
    out=bytearray()
    while True:
        b=n&0x7f; n>>=7
        if (n==0 and not b&0x40) or (n==-1 and b&0x40): out.append(b); return bytes(out)
        out.append(b|0x80)
def vec(items): return leb(len(items))+b''.join(items)
def name(s): s=s.encode(); return leb(len(s))+s
def sec(id,payload): return bytes([id])+leb(len(payload))+payload
N=int(sys.argv[2]); BODY=int(sys.argv[3])
types=[b'\x60\x00\x00', b'\x60\x01\x7f\x00', b'\x60\x02\x7f\x7f\x01\x7f', b'\x60\x03\x7f\x7f\x7f\x00']
imports=vec([name('env')+name('memory')+b'\x02\x03'+leb(17)+leb(16384)])
# functions: 0 init_memory, 1 init_tls, 2 malloc, 3 free, 4.. filler
funcs=[0,1,2,3]+[0]*N
globals_=vec([b'\x7f\x01\x41'+sleb(1048576)+b'\x0b', b'\x7f\x01\x41\x00\x0b', b'\x7f\x00\x41'+sleb(16)+b'\x0b', b'\x7f\x00\x41'+sleb(4)+b'\x0b'])
exports=vec([name('__tls_base')+b'\x03'+leb(1), name('__tls_size')+b'\x03'+leb(2), name('__tls_align')+b'\x03'+leb(3),
  name('__wasm_init_tls')+b'\x00'+leb(1), name('__wasmgrind_malloc')+b'\x00'+leb(2), name('__wasmgrind_free')+b'\x00'+leb(3)])
def body(code): return leb(len(code))+code
bodies=[body(b'\x00\x0b'), body(b'\x00\x20\x00\x24\x01\x0b'), body(b'\x00\x41\x00\x0b'), body(b'\x00\x0b')]
filler=body(b'\x00'+b'\x01'*(BODY-2)+b'\x0b')
code=leb(len(funcs))+b''.join(bodies)+filler*N
fnames=[(0,'__wasm_init_memory'),(1,'__wasm_init_tls'),(2,'__wasmgrind_malloc'),(3,'__wasmgrind_free')]+[(4+i,f'generated_function_{i:06d}') for i in range(N)]
sub1=vec([leb(i)+name(n) for i,n in fnames])
sub7=vec([leb(0)+name('__stack_pointer'), leb(1)+name('__tls_base'), leb(2)+name('__tls_size'), leb(3)+name('__tls_align')])
names=name('name')+bytes([1])+leb(len(sub1))+sub1+bytes([7])+leb(len(sub7))+sub7
m=b'\x00asm\x01\x00\x00\x00'+sec(1,vec(types))+sec(2,imports)+sec(3,vec([leb(t) for t in funcs]))+sec(6,globals_)+sec(7,exports)+sec(8,leb(0))+sec(10,code)+sec(0,names)
open(sys.argv[1],'wb').write(m)
print(len(m))
