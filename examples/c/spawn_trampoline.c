/* spawn_trampoline.c — calls a thread's start routine through the function table, for the injected entry of
 * rules/wasi-threads-entry.yaml until rule templates can use call_indirect themselves.
 *
 * The entry reads {stack_top, tls_base, start_fn, arg} (spawn_demo.c's struct spawn_args) and, once the thread's
 * stack and TLS block are set, calls wasi_thread_run(start_fn, arg), which runs the routine at function-table index
 * start_fn with arg.
 */
#include "alloc.h"

typedef void (*thread_routine)(u32 arg);

DEMO_EXPORT(wasi_thread_run) void spawn_trampoline_run(thread_routine routine, u32 arg) { routine(arg); }
