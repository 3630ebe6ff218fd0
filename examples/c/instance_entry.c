/* instance_entry.c — the thread start routine of wasmgrind's instance-entry ABI, for tests of
 * rules/wasmgrind-entry.yaml (linked with threads_demo.c and alloc.c by Tests/Fixtures/entry/build.sh).
 *
 * The host calls the patched module's __wasmgrind_instance_entry(start_fn_ptr, start_fn_arg, stack_ptr,
 * tls_base_ptr) on every new instance; once it has set the stack pointer and initialised the TLS block, the entry
 * calls __wasmgrind_thread_start(start_fn_ptr, start_fn_arg), which runs the routine at function-table index
 * start_fn_ptr with start_fn_arg.
 */
#include "alloc.h"

typedef void (*thread_routine)(u32 arg);

DEMO_EXPORT(__wasmgrind_thread_start) void demo_thread_start(thread_routine routine, u32 arg) { routine(arg); }

/* A start routine for the tests: adds `arg` to this thread's TLS counter (tls_increment in threads_demo.c). */
u32 tls_increment(u32 n);
static void add_to_tls_counter(u32 arg) { tls_increment(arg); }

/* The function-table index of add_to_tls_counter: what the host passes as start_fn_ptr. */
DEMO_EXPORT(test_start_routine) u32 test_start_routine(void) { return (u32)(uptr)&add_to_tls_counter; }
