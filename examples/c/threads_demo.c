/* threads_demo.c — a freestanding threaded test program for wasm-threadify.
 *
 * Built with clang --target=wasm32 -matomics -mbulk-memory -O2 -nostdlib -ffreestanding and linked by wasm-ld
 * with --shared-memory (see examples/build.sh). Every thread instantiates the module over one shared memory and
 * calls the exports below to check, from inside the module, that it has its own TLS block and its own stack.
 *
 * The allocator ABI is chosen at compile time:
 *   -DDEMO_ABI_WASMGRIND  __wasmgrind_malloc(size, align) -> ptr, __wasmgrind_free(ptr, size, align)
 *   -DDEMO_ABI_WBINDGEN   __wbindgen_malloc(size, align) -> ptr,  __wbindgen_free(ptr, size, align)
 *   -DDEMO_ABI_C          aligned_alloc(align, size) -> ptr,      free(ptr)
 */
#include "alloc.h"

/* ---------------------------------------------------------------- allocator ABI */
#if defined(DEMO_ABI_WASMGRIND)
DEMO_EXPORT(__wasmgrind_malloc) void *demo_wasmgrind_malloc(size_t size, size_t align) {
  return demo_alloc(size, align);
}
DEMO_EXPORT(__wasmgrind_free) void demo_wasmgrind_free(void *ptr, size_t size, size_t align) {
  demo_free(ptr, size, align);
}
#elif defined(DEMO_ABI_WBINDGEN)
DEMO_EXPORT(__wbindgen_malloc) void *demo_wbindgen_malloc(size_t size, size_t align) {
  return demo_alloc(size, align);
}
DEMO_EXPORT(__wbindgen_free) void demo_wbindgen_free(void *ptr, size_t size, size_t align) {
  demo_free(ptr, size, align);
}
#elif defined(DEMO_ABI_C)
DEMO_EXPORT(aligned_alloc) void *aligned_alloc(size_t align, size_t size) { return demo_alloc(size, align); }
DEMO_EXPORT(free) void free(void *ptr) { demo_free(ptr, 0, 0); }
#else
#error "define one of DEMO_ABI_WASMGRIND, DEMO_ABI_WBINDGEN, DEMO_ABI_C"
#endif

/* ---------------------------------------------------------------- thread-local storage */
/* .tdata: distinct non-zero initial values, checked by tls_initial_ok(). tls_pattern is defined first and is the
 * first variable of the TLS block (offset 0 from __tls_base in these builds). */
static _Thread_local u32 tls_pattern[8] = {
    0x7D510001u, 0x7D510002u, 0x7D510003u, 0x7D510004u, 0x7D510005u, 0x7D510006u, 0x7D510007u, 0x7D510008u,
};
/* Over-aligned: the TLS block's alignment (__tls_align) becomes 64. */
#define TLS_ALIGN 64
static _Thread_local _Alignas(TLS_ALIGN) u32 tls_aligned[4] = {0xA1160001u, 0xA1160002u, 0xA1160003u, 0xA1160004u};
/* .tbss: zero-initialised counter. */
static _Thread_local u32 tls_count;

DEMO_EXPORT(tls_address) u32 tls_address(void) { return (u32)(uptr)&tls_pattern[0]; }
DEMO_EXPORT(tls_aligned_address) u32 tls_aligned_address(void) { return (u32)(uptr)&tls_aligned[0]; }
DEMO_EXPORT(tls_align_required) u32 tls_align_required(void) { return TLS_ALIGN; }

DEMO_EXPORT(tls_initial_ok) u32 tls_initial_ok(void) {
  for (u32 i = 0; i < 8; i++)
    if (tls_pattern[i] != 0x7D510001u + i)
      return 0;
  for (u32 i = 0; i < 4; i++)
    if (tls_aligned[i] != 0xA1160001u + i)
      return 0;
  return 1;
}

/* Plain (non-atomic) read-modify-write: private TLS keeps every update, shared TLS loses or mixes them. */
DEMO_EXPORT(tls_increment) u32 tls_increment(u32 n) {
  tls_count += n;
  return tls_count;
}
DEMO_EXPORT(tls_counter) u32 tls_counter(void) { return tls_count; }

/* ---------------------------------------------------------------- the stack in linear memory */
static u32 yield_sink;          /* shared: the atomic traffic below is the "yield" */
static volatile u32 last_frame; /* where the address-taken locals escape to */

__attribute__((noinline)) static void yield_a_little(u32 rounds) {
  for (u32 i = 0; i < rounds; i++)
    __atomic_fetch_add(&yield_sink, 1, __ATOMIC_SEQ_CST);
}

__attribute__((noinline)) static void fill_words(volatile u32 *p, u32 n, u32 v) {
  last_frame = (u32)(uptr)p;
  for (u32 i = 0; i < n; i++)
    p[i] = v;
}

__attribute__((noinline)) static u32 words_hold(volatile u32 *p, u32 n, u32 v) {
  u32 ok = 1;
  for (u32 i = 0; i < n; i++)
    if (p[i] != v)
      ok = 0;
  return ok;
}

#define PROBE_WORDS 16
#define PROBE_YIELD 64
#define PROBE_MAX_DEPTH 256 /* 256 levels × ~112 bytes fits the 64 KiB default clang stack */

__attribute__((noinline)) static u32 probe_level(u32 depth, u32 pattern) {
  volatile u32 frame[PROBE_WORDS]; /* lives on the linear-memory stack (__stack_pointer) */
  fill_words(frame, PROBE_WORDS, pattern);
  yield_a_little(PROBE_YIELD);
  u32 ok = depth > 1 ? probe_level(depth - 1, pattern) : 1;
  yield_a_little(PROBE_YIELD);
  if (!words_hold(frame, PROBE_WORDS, pattern))
    ok = 0;
  return ok;
}

/* Recurse `depth` levels (1..256), each with an address-taken 16-word frame filled with `pattern`, yielding at
 * every level on the way down and up; returns 1 if every level still holds `pattern`, 0 if anything else (another
 * thread's pattern) was seen. Threads that share a stack see each other's patterns. */
DEMO_EXPORT(stack_probe) u32 stack_probe(u32 depth, u32 pattern) {
  if (depth < 1)
    depth = 1;
  if (depth > PROBE_MAX_DEPTH)
    depth = PROBE_MAX_DEPTH;
  return probe_level(depth, pattern);
}

/* Returns its argument: the address reaches the caller through the return value, never through a shared word
 * (last_frame is shared by every thread, so reading it back would race with other threads' fill_words). */
__attribute__((noinline)) static u32 frame_address(volatile u32 *p, u32 n) {
  for (u32 i = 0; i < n; i++)
    p[i] = 0;
  return (u32)(uptr)p;
}

/* The address of a local of this call: where this thread's stack currently is. */
DEMO_EXPORT(stack_pointer_now) u32 stack_pointer_now(void) {
  volatile u32 local[4];
  return frame_address(local, 4);
}

/* ---------------------------------------------------------------- once-only program initialisation */
static u32 program_init_calls;            /* .bss */
static u32 data_marker_value = 0x5EED0001u; /* .data: program_init() changes it to 0xD0E50002 */
static void *program_table;

/* What a program's main/start would do. Call it once, on the first thread: it counts its calls, allocates a
 * 1 KiB table that lives for ever and changes a .data word, so that a later instance that re-initialised memory
 * (re-ran the data segments) would be seen: data_marker() would be back to 0x5EED0001. Returns the call count. */
DEMO_EXPORT(program_init) u32 program_init(void) {
  u32 n = __atomic_add_fetch(&program_init_calls, 1, __ATOMIC_SEQ_CST);
  if (n == 1)
    program_table = demo_alloc(1024, 16);
  __atomic_store_n(&data_marker_value, 0xD0E50002u, __ATOMIC_SEQ_CST);
  return n;
}
DEMO_EXPORT(program_init_count) u32 program_init_count(void) {
  return __atomic_load_n(&program_init_calls, __ATOMIC_SEQ_CST);
}
DEMO_EXPORT(data_marker) u32 data_marker(void) { return __atomic_load_n(&data_marker_value, __ATOMIC_SEQ_CST); }
