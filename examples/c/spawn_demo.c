/* spawn_demo.c — threads created by the program itself, wasi-libc style (the wasi-threads convention).
 *
 * The parent allocates each child's stack and TLS block, fills a struct {stack_top, tls_base, start_fn, arg} and
 * passes its address to the spawn import (wasi.thread-spawn by default); the host makes a new instance on a new
 * thread and calls the module's exported entry with (tid, struct address). That entry is not in this program: the
 * patch injects it (rules/wasi-threads-entry.yaml): it sets the stack pointer and the TLS base from the struct,
 * runs __wasm_init_tls and calls start_fn(arg) through the function table (call_indirect). When start_fn returns, the thread ends; the parent frees the stack and TLS
 * block once it has joined the child. A child's last write is its `done` word: after it the child only returns
 * through the entry, which touches no memory, so the parent may free its stack as soon as it sees `done`.
 *
 * Linked with threads_demo.c (the TLS and stack probes) and alloc.c (the allocator, -DDEMO_ABI_C) by
 * Tests/Fixtures/spawn/build.sh.
 */
#include "alloc.h"

#ifndef SPAWN_IMPORT_MODULE
#define SPAWN_IMPORT_MODULE "wasi"
#endif
#ifndef SPAWN_IMPORT_NAME
#define SPAWN_IMPORT_NAME "thread-spawn"
#endif

typedef int i32;

/* What the parent hands the injected entry, by address. The field order is the rule file's contract. */
struct spawn_args {
  u32 stack_top;
  u32 tls_base;
  void (*start_fn)(u32 arg);
  u32 arg;
};

/* Returns the new thread's id (> 0), or a negative number when the host could not start it. */
__attribute__((import_module(SPAWN_IMPORT_MODULE), import_name(SPAWN_IMPORT_NAME))) i32
spawn_thread(struct spawn_args *args);

u32 tls_address(void);
u32 tls_initial_ok(void);
u32 tls_increment(u32 n);
u32 tls_counter(void);
u32 stack_probe(u32 depth, u32 pattern);
u32 stack_pointer_now(void);

#define MAX_CHILDREN 64
#define CHILD_STACK (64 * 1024)

/* What each child saw, written by the child, read by the parent after the join. */
struct child_report {
  i32 tid;
  u32 stack_low, stack_top, tls_block; /* what the parent gave it */
  u32 tls_address, stack_now, tls_initial_ok, stack_probe_ok, counter;
  u32 done; /* 1 once the child finished: the join word */
};

static struct child_report reports[MAX_CHILDREN];
static struct spawn_args args[MAX_CHILDREN];
static void *stacks[MAX_CHILDREN];
static void *tls_blocks[MAX_CHILDREN];

static void child_main(u32 index) {
  struct child_report *r = &reports[index];
  r->tls_address = tls_address();
  r->stack_now = stack_pointer_now();
  r->tls_initial_ok = tls_initial_ok();
  r->stack_probe_ok = stack_probe(64, 0xC0DE0000u + index);
  for (u32 i = 0; i < 1000; i++)
    tls_increment(1);
  r->counter = tls_counter();
  __atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
  __builtin_wasm_memory_atomic_notify((int *)&r->done, 1);
}

static u32 spawned;

/* Starts `n` threads (1..64) through the spawn import; returns how many started. */
DEMO_EXPORT(spawn_children) u32 spawn_children(u32 n) {
  if (n > MAX_CHILDREN)
    n = MAX_CHILDREN;
  size_t tls_size = __builtin_wasm_tls_size(), tls_align = __builtin_wasm_tls_align();
  spawned = 0;
  for (u32 i = 0; i < n; i++) {
    struct child_report *r = &reports[i];
    __atomic_store_n(&r->done, 0, __ATOMIC_SEQ_CST);
    stacks[i] = demo_alloc(CHILD_STACK, 16);
    tls_blocks[i] = demo_alloc(tls_size, tls_align);
    if (!stacks[i] || !tls_blocks[i])
      break;
    r->stack_low = (u32)(uptr)stacks[i];
    r->stack_top = r->stack_low + CHILD_STACK;
    r->tls_block = (u32)(uptr)tls_blocks[i];
    args[i] = (struct spawn_args){r->stack_top, r->tls_block, child_main, i};
    r->tid = spawn_thread(&args[i]);
    if (r->tid <= 0) {
      demo_free(stacks[i], 0, 0);
      demo_free(tls_blocks[i], 0, 0);
      break;
    }
    spawned++;
  }
  return spawned;
}

/* Waits for every child started by spawn_children, frees their stacks and TLS blocks, and returns the number of
 * failed checks: a child's TLS block must be the one its parent allocated (tls_pattern is at offset 0) and hold the
 * initial values, its stack must lie in the range its parent allocated, its probe must have seen only its own
 * pattern, its counter only its own increments, and thread ids, TLS blocks and stacks must all differ. */
DEMO_EXPORT(join_children) u32 join_children(void) {
  u32 failures = 0;
  for (u32 i = 0; i < spawned; i++) {
    struct child_report *r = &reports[i];
    while (__atomic_load_n(&r->done, __ATOMIC_SEQ_CST) == 0)
      __builtin_wasm_memory_atomic_wait32((int *)&r->done, 0, 1000000000LL);
    if (r->tls_address != r->tls_block || !r->tls_initial_ok || !r->stack_probe_ok || r->counter != 1000)
      failures++;
    if (r->stack_now < r->stack_low || r->stack_now >= r->stack_top)
      failures++;
    for (u32 j = 0; j < i; j++)
      if (reports[j].tid == r->tid || reports[j].tls_address == r->tls_address ||
          (reports[j].stack_now >= r->stack_low && reports[j].stack_now < r->stack_top))
        failures++;
  }
  for (u32 i = 0; i < spawned; i++) {
    demo_free(stacks[i], 0, 0);
    demo_free(tls_blocks[i], 0, 0);
  }
  return failures;
}

/* Per-child figures for a host-side check: 0 tid, 1 TLS address, 2 stack address, 3 TLS initial values ok. */
DEMO_EXPORT(child_field) u32 child_field(u32 index, u32 field) {
  if (index >= MAX_CHILDREN)
    return 0;
  struct child_report *r = &reports[index];
  switch (field) {
  case 0: return (u32)r->tid;
  case 1: return r->tls_address;
  case 2: return r->stack_now;
  case 3: return r->tls_initial_ok;
  default: return 0;
  }
}

u32 alloc_live_bytes(void);

/* The whole check in one call, for hosts that invoke one export (wasm-threadify run): `rounds` rounds of
 * spawn_children(n) and join_children(). Returns the failed checks of every round, plus one for each round that
 * started fewer than `n` threads, left the allocator's live bytes above what they were before the first round, or
 * changed the memory size after the first round. */
DEMO_EXPORT(run_children) u32 run_children(u32 n, u32 rounds) {
  u32 failures = 0, baseline = alloc_live_bytes(), pages = 0;
  for (u32 round = 0; round < rounds; round++) {
    if (spawn_children(n) != n)
      failures++;
    failures += join_children();
    if (alloc_live_bytes() != baseline)
      failures++;
    if (round == 0)
      pages = (u32)__builtin_wasm_memory_size(0);
    else if ((u32)__builtin_wasm_memory_size(0) != pages)
      failures++;
  }
  return failures;
}
