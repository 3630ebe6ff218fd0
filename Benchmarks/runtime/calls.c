/* calls.c — a call-heavy benchmark for the run-time cost of wasm-threadify's stack guard (issue 13).
 *
 * Every call of fib() and leaf() has an address-taken local that escapes, so clang gives it a frame on the
 * linear-memory stack: each call writes the stack pointer twice (allocate, restore). With `--set stack_guard=1`
 * the patch checks each of those writes against the thread's stack bounds, so this is close to the worst case:
 * little work per stack-pointer write. Built threaded like the examples (see build.sh) and linked with the
 * example allocator, exporting the wasmgrind allocator ABI so the default rule set patches it.
 */
#include "../../examples/c/alloc.h"

DEMO_EXPORT(__wasmgrind_malloc) void *bench_malloc(size_t size, size_t align) { return demo_alloc(size, align); }
DEMO_EXPORT(__wasmgrind_free) void bench_free(void *ptr, size_t size, size_t align) { demo_free(ptr, size, align); }

/* A TLS counter, so that the module is a genuine threaded one (it has __wasm_init_tls and a TLS block). */
static _Thread_local u32 tls_calls;
static volatile u32 escape_sink; /* where the address of each frame escapes to */

__attribute__((noinline)) static u32 leaf(u32 x) {
  volatile u32 frame[4];
  escape_sink = (u32)(uptr)frame;
  frame[0] = x;
  frame[1] = x ^ 0x9E3779B9u;
  return frame[0] + frame[1];
}

__attribute__((noinline)) static u32 fib(u32 n) {
  volatile u32 frame[2];
  escape_sink = (u32)(uptr)frame;
  frame[0] = n;
  if (n < 2)
    return leaf(n);
  frame[1] = fib(n - 1);
  return frame[1] + fib(frame[0] - 2);
}

/* fib(n) with a frame per call; returns a checksum so the work cannot be dropped. */
DEMO_EXPORT(bench_fib) u32 bench_fib(u32 n) {
  tls_calls++;
  return fib(n);
}

/* How many times bench_fib ran on this thread (TLS). */
DEMO_EXPORT(bench_calls) u32 bench_calls(void) { return tls_calls; }
