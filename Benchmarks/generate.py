#!/usr/bin/env python3
"""Generate large threaded WebAssembly modules for the wasm-threadify benchmark (issue 7).

Writes freestanding C sources with tens of thousands of functions (TLS via _Thread_local, loops, switches, direct
calls between functions across translation units, indirect calls through a function table, static read-only and
writable data) plus a trivial atomic bump allocator exported as __wasmgrind_malloc(size, align) /
__wasmgrind_free(ptr, size, align), compiles them in parallel chunks with the Swift toolchain's clang
(--target=wasm32 -matomics -mbulk-memory -O1) and links them by calling wasm-ld directly (so the name section is
kept) with the rustc-like flags listed in examples/README.md (the flags rustc passes to wasm-ld for a threaded build).

    Benchmarks/generate.py                 build every size (5mb, 30mb, 100mb) that is missing or stale
    Benchmarks/generate.py 5mb 30mb        build only these sizes
    Benchmarks/generate.py --force ...     rebuild even if up to date
    Benchmarks/generate.py --jobs N        parallel compile jobs (default: nproc)

Output: Benchmarks/.generated/<size>.wasm (git-ignored); sources and objects in Benchmarks/.generated/<size>/.
The toolchain folder is $WASM_TOOLCHAIN_BIN, else the folder of `swift` on PATH, else /opt/swift/usr/bin.
The output is deterministic (fixed PRNG seed per size), so a module is rebuilt only when this script changes.
"""
import argparse
import concurrent.futures
import hashlib
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, ".generated")

# size name -> (chunks, functions per chunk, rodata words per chunk). Calibrated so the linked module is about the
# nominal size with clang/wasm-ld 21 at -O1: each function has STAGES loop blocks and CALLS direct calls and
# compiles to about 1.2 KB of code (+ about 25 bytes in the name section); the rodata adds about 10% of the module as
# passive data segments. Compiling costs about 7 s of one core per MB of module here.
STAGES = 2
CALLS = 12
SIZES = {
    "5mb": (8, 460, 16384),
    "30mb": (24, 940, 32768),
    "100mb": (64, 1160, 40960),
}

CFLAGS = ["--target=wasm32", "-matomics", "-mbulk-memory", "-O1", "-nostdlib", "-ffreestanding",
          "-fvisibility=hidden", "-w"]
LDFLAGS = ["--no-entry", "--export-dynamic", "--shared-memory", "--import-memory", "--max-memory=1073741824",
           "--stack-first", "-z", "stack-size=1048576", "--export=__heap_base", "--export=__data_end",
           "--export=__wasm_init_tls", "--export=__tls_size", "--export=__tls_align", "--export=__tls_base"]

PRELUDE = """typedef unsigned int u32;
typedef unsigned long long u64;
typedef __SIZE_TYPE__ size_t;
#define EXPORT(name) __attribute__((export_name(#name), visibility("default")))
#define NOINLINE __attribute__((noinline))
typedef u32 (*fn_t)(u32, u32);
"""

ALLOC_C = PRELUDE + r"""
/* Trivial thread-safe bump allocator: never reuses memory; grows the memory when the heap runs out. */
extern unsigned char __heap_base[];
static u32 bump_top;
static u32 bump_end;
static int bump_lock;

EXPORT(__wasmgrind_malloc) void *bench_malloc(size_t size, size_t align) {
  if (align == 0 || (align & (align - 1)) != 0) return 0;
  while (__atomic_exchange_n(&bump_lock, 1, __ATOMIC_ACQUIRE) != 0) {}
  if (bump_top == 0) {
    bump_top = (u32)(size_t)__heap_base;
    bump_end = (u32)__builtin_wasm_memory_size(0) * 65536u;
  }
  u32 p = (bump_top + (u32)align - 1) & ~((u32)align - 1);
  u32 end = p + (u32)size;
  if (end < p) { __atomic_store_n(&bump_lock, 0, __ATOMIC_RELEASE); return 0; }
  if (end > bump_end) {
    u32 pages = (end - bump_end + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) { __atomic_store_n(&bump_lock, 0, __ATOMIC_RELEASE); return 0; }
    bump_end += pages * 65536u;
  }
  bump_top = end;
  __atomic_store_n(&bump_lock, 0, __ATOMIC_RELEASE);
  return (void *)(size_t)p;
}

EXPORT(__wasmgrind_free) void bench_free(void *ptr, size_t size, size_t align) {
  (void)ptr; (void)size; (void)align;
}

static _Thread_local u32 thread_calls;
EXPORT(bench_thread_calls) u32 bench_thread_calls(void) { return ++thread_calls; }
"""


def fname(c, i):
    return f"bench_c{c}_f{i}"


def gen_stage(c, nfuncs, nrodata, rng):
    """One block of a function body: a loop over rodata and TLS, then one of four tails."""
    k2, k3 = (rng.getrandbits(32) | 1 for _ in range(2))
    shift = rng.randrange(1, 31)
    r = rng.randrange(nrodata)
    tl = rng.randrange(64)
    kind = rng.randrange(4)
    lines = [f"  for (u32 i = 0; i < (y & 31u); i++) {{",
             f"    acc = (acc ^ (acc >> {shift})) * 0x{k2:08x}u + rodata_{c}[(acc + i + {r}u) % {nrodata}u];",
             f"    if (acc & 0x{1 << rng.randrange(32):08x}u) tls_{c}[(acc >> 3) & 63u] += i;",
             "  }"]
    if kind == 0:
        lines += [f"  switch (acc % 6u) {{",
                  f"    case 0: acc += 0x{k3:08x}u; break;",
                  f"    case 1: acc ^= tls_{c}[{tl}] * 3u; break;",
                  f"    case 2: acc = (acc << 7) | (acc >> 25); break;",
                  f"    case 3: data_{c}[acc & 255u] = acc; break;",
                  f"    case 4: acc -= rodata_{c}[acc % {nrodata}u]; break;",
                  f"    default: acc = ~acc; break;",
                  "  }"]
    elif kind == 1:
        lines += [f"  {{ u64 wide = (u64)acc * 0x{k3:08x}ull; acc = (u32)(wide >> 32) ^ (u32)wide; }}",
                  f"  tls_{c}[{tl}] ^= acc;"]
    elif kind == 2:
        lines += [f"  while (acc > 0x{k3 >> 4:08x}u) acc = (acc >> 1) + (acc & 0xffu);",
                  f"  data_{c}[{rng.randrange(256)}] += acc;"]
    else:
        lines += [f"  if ((acc ^ y) & 1u) acc = table_{c}[(acc >> 4) % {nfuncs}u](acc, y >> 1);",
                  f"  tls_{c}[{tl}] += 1u;"]
    return lines


def gen_calls(c, i, nfuncs, nchunks, rng, externs):
    """Straight-line direct calls (the bulk of real compiled code): to functions of this chunk, sometimes of another
    chunk (cross-TU, never inlined), with TLS and static data updates in between."""
    lines = []
    for k in range(CALLS):
        if nchunks > 1 and rng.random() < 0.1:
            oc, oi = rng.randrange(nchunks), rng.randrange(nfuncs)
            if oc != c:
                externs.add((oc, oi))
        else:
            oc, oi = c, rng.randrange(nfuncs)
        lines.append(f"  if (y & 0x{1 << rng.randrange(32):08x}u) "
                     f"acc = {fname(oc, oi)}(acc ^ 0x{rng.getrandbits(32):08x}u, y + 0x{rng.getrandbits(31):08x}u);")
        if k % 4 == 0:
            lines.append(f"  tls_{c}[{rng.randrange(64)}] += acc; data_{c}[{rng.randrange(256)}] ^= acc;")
    return lines


def gen_chunk(c, nfuncs, nrodata, nchunks, rng):
    """One translation unit: nfuncs functions, a function table, TLS, rodata and writable data."""
    out = [PRELUDE]
    externs = set()
    bodies = []
    for i in range(nfuncs):
        lines = [f"NOINLINE u32 {fname(c, i)}(u32 x, u32 y) {{",
                 f"  u32 acc = x * 0x{rng.getrandbits(32) | 1:08x}u + y;"]
        for _ in range(STAGES):
            lines += gen_stage(c, nfuncs, nrodata, rng)
        lines += gen_calls(c, i, nfuncs, nchunks, rng, externs)
        lines += ["  return acc;", "}", ""]
        bodies.append("\n".join(lines))
    for i in range(nfuncs):
        out.append(f"NOINLINE u32 {fname(c, i)}(u32, u32);")
    for oc, oi in sorted(externs):
        out.append(f"u32 {fname(oc, oi)}(u32, u32);")
    out.append(f"static _Thread_local u32 tls_{c}[64];")
    out.append(f"static _Thread_local u32 tls_init_{c}[4] = {{1u, 2u, 3u, {c}u}};")
    out.append(f"static u32 data_{c}[256] = {{{c}u}};")
    words = ", ".join(f"0x{rng.getrandbits(32):08x}u" for _ in range(nrodata))
    out.append(f"static const u32 rodata_{c}[{nrodata}] = {{{words}}};")
    out.append(f"static fn_t const table_{c}[{nfuncs}];")
    out.append("")
    out.extend(bodies)
    entries = ", ".join(fname(c, i) for i in range(nfuncs))
    out.append(f"static fn_t const table_{c}[{nfuncs}] = {{{entries}}};")
    # The only export of the chunk: keeps every function alive (gc-sections) through the table.
    out.append(f"EXPORT(bench_chunk_{c}) u32 bench_chunk_{c}(u32 i, u32 x) {{")
    out.append(f"  return table_{c}[i % {nfuncs}u](x, i) + tls_init_{c}[i & 3u];")
    out.append("}")
    return "\n".join(out) + "\n"


def toolchain_bin():
    if os.environ.get("WASM_TOOLCHAIN_BIN"):
        return os.environ["WASM_TOOLCHAIN_BIN"]
    swift = shutil.which("swift")
    if swift:
        return os.path.dirname(os.path.realpath(swift))
    return "/opt/swift/usr/bin"


def script_digest():
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def build(size, jobs, force, bin_dir):
    nchunks, nfuncs, nrodata = SIZES[size]
    target = os.path.join(OUT, f"{size}.wasm")
    stamp = target + ".stamp"
    digest = script_digest()
    if not force and os.path.exists(target) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == digest:
                print(f"{size}: up to date ({os.path.getsize(target)} bytes)")
                return
    work = os.path.join(OUT, size)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    t0 = time.time()
    rng = random.Random(f"wasm-threadify-bench-{size}")
    sources = []
    for c in range(nchunks):
        path = os.path.join(work, f"chunk{c}.c")
        with open(path, "w") as f:
            f.write(gen_chunk(c, nfuncs, nrodata, nchunks, rng))
        sources.append(path)
    alloc = os.path.join(work, "alloc.c")
    with open(alloc, "w") as f:
        f.write(ALLOC_C)
    sources.append(alloc)
    t1 = time.time()
    clang = os.path.join(bin_dir, "clang")
    wasmld = os.path.join(bin_dir, "wasm-ld")

    def compile_one(src):
        obj = src[:-2] + ".o"
        subprocess.run([clang, *CFLAGS, "-c", src, "-o", obj], check=True)
        return obj

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        objs = list(pool.map(compile_one, sources))
    t2 = time.time()
    subprocess.run([wasmld, *objs, "-o", target, *LDFLAGS], check=True)
    t3 = time.time()
    with open(stamp, "w") as f:
        f.write(digest + "\n")
    nbytes = os.path.getsize(target)
    print(f"{size}: {nbytes} bytes ({nbytes / 1e6:.1f} MB), {nchunks * nfuncs} generated functions; "
          f"write C {t1 - t0:.1f}s, compile {t2 - t1:.1f}s ({jobs} jobs), link {t3 - t2:.1f}s", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", metavar="SIZE", help="one of " + ", ".join(SIZES))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    for size in args.sizes:
        if size not in SIZES:
            ap.error(f"unknown size {size} (known: {', '.join(SIZES)})")
    bin_dir = toolchain_bin()
    for tool in ("clang", "wasm-ld"):
        if not os.access(os.path.join(bin_dir, tool), os.X_OK):
            sys.exit(f"generate.py: {os.path.join(bin_dir, tool)} not found (set WASM_TOOLCHAIN_BIN)")
    os.makedirs(OUT, exist_ok=True)
    for size in args.sizes or list(SIZES):
        build(size, args.jobs, args.force, bin_dir)


if __name__ == "__main__":
    main()
