/* Thread-safe test allocator: see alloc.h for the contract.
 *
 * Chunk layout (every chunk is 16-aligned, its size a multiple of 16):
 *   chunk + 0   csize      total bytes of the chunk
 *   chunk + 4   state      MAGIC_USED or MAGIC_FREE
 *   chunk + 8   align      alignment asked for (used blocks)
 *   chunk + 12  next       next chunk of the same free list (free blocks)
 *   payload - 8 req        size asked for (used blocks)
 *   payload - 4 back       chunk address (used blocks): how free(ptr) finds the header
 *   payload     = align_up(chunk + 32, max(align, 16))
 * Chunks of up to 64 KiB come in power-of-two size classes (32 B .. 64 KiB), one free list per class;
 * larger chunks are multiples of 4 KiB on one best-fit free list (no splitting, no coalescing). Freed chunks are
 * always reused before new memory is taken, so a program that frees what it allocates reaches a steady state.
 */
#include "alloc.h"

extern unsigned char __heap_base[];
#ifndef DEMO_NO_HEAP_END
extern unsigned char __heap_end[];
#endif

#define PAGE 65536u
#define HDR 32u
#define MAGIC_USED 0xA110C8EDu
#define MAGIC_FREE 0xF4EEB10Cu
#define MIN_CLASS 5u  /* 32 B */
#define MAX_CLASS 16u /* 64 KiB */
#define LARGE_GRAIN 4096u
#define MAX_SIZE 0x40000000u  /* 1 GiB */
#define MAX_ALIGN 0x10000000u /* 256 MiB */

#define FIELD(addr, off) (*(volatile u32 *)(uptr)((addr) + (off)))

/* Everything below lives in linear memory (.bss), shared by every instance, and is guarded by lock_word. */
static int lock_word;
static u32 heap_inited, heap_top, heap_limit, heap_low;
static u32 free_small[MAX_CLASS + 1];
static u32 free_large;
static u32 st_live_bytes, st_live_blocks, st_allocs, st_frees, st_errors, st_null_frees, st_contended;

static void lock(void) {
  if (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE) == 0)
    return;
  __atomic_fetch_add(&st_contended, 1, __ATOMIC_RELAXED);
  do {
    while (__atomic_load_n(&lock_word, __ATOMIC_RELAXED) != 0) {
    }
  } while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE) != 0);
}

static void unlock(void) { __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE); }

static unsigned long long memory_bytes(void) {
  return (unsigned long long)__builtin_wasm_memory_size(0) * PAGE;
}

static u32 class_of(u32 csize) {
  u32 c = MIN_CLASS;
  while ((1u << c) < csize)
    c++;
  return c;
}

/* Take csize fresh bytes from the heap region, growing memory if needed. Called with the lock held. */
static u32 carve(u32 csize) {
  if (!heap_inited) {
    heap_top = ((u32)(uptr)__heap_base + 15u) & ~15u;
#ifdef DEMO_NO_HEAP_END
    /* wasm-ld before LLVM 15.0.7 defines no __heap_end: take nothing below the memory size at link time (a tool
     * may have reserved pages there after linking) and grow memory for every block instead. */
    heap_limit = heap_top;
#else
    heap_limit = (u32)(uptr)__heap_end;
#endif
    heap_low = heap_top;
    heap_inited = 1;
  }
  for (;;) {
    unsigned long long end = (unsigned long long)heap_top + csize;
    if (end <= heap_limit) {
      u32 chunk = heap_top;
      heap_top = (u32)end;
      return chunk;
    }
    /* Grow. If our region ends at the memory end, the new pages extend it; otherwise (someone else owns the
     * pages in between, e.g. a utility page reserved after linking) a new region starts at the old end. */
    unsigned long long need = heap_limit == memory_bytes() ? end - heap_limit : csize;
    u32 pages = (u32)((need + PAGE - 1) / PAGE);
    int old = __builtin_wasm_memory_grow(0, pages);
    if (old < 0)
      return 0;
    unsigned long long start = (unsigned long long)(u32)old * PAGE;
    if (start == heap_limit) {
      heap_limit = (u32)(start + (unsigned long long)pages * PAGE);
    } else {
      heap_top = (u32)start;
      heap_limit = (u32)(start + (unsigned long long)pages * PAGE);
    }
  }
}

void *demo_alloc(size_t size, size_t align) {
  if (align == 0)
    align = 1;
  if ((align & (align - 1)) != 0 || align > MAX_ALIGN || size > MAX_SIZE) {
    __atomic_fetch_add(&st_errors, 1, __ATOMIC_RELAXED);
    return 0;
  }
  u32 a = align < 16 ? 16u : (u32)align;
  u32 need = HDR + (u32)size + (a - 16u); /* payload may start up to a - 16 bytes after chunk + HDR */
  need = (need + 15u) & ~15u;

  lock();
  u32 chunk = 0, csize;
  if (need <= (1u << MAX_CLASS)) {
    u32 c = class_of(need);
    csize = 1u << c;
    chunk = free_small[c];
    if (chunk)
      free_small[c] = FIELD(chunk, 12);
  } else {
    csize = (need + LARGE_GRAIN - 1) & ~(LARGE_GRAIN - 1);
    u32 best = 0, best_prev = 0, prev = 0;
    for (u32 c = free_large; c; prev = c, c = FIELD(c, 12)) {
      u32 s = FIELD(c, 0);
      if (s >= csize && (best == 0 || s < FIELD(best, 0))) {
        best = c;
        best_prev = prev;
        if (s == csize)
          break;
      }
    }
    if (best) {
      if (best_prev)
        FIELD(best_prev, 12) = FIELD(best, 12);
      else
        free_large = FIELD(best, 12);
      chunk = best;
      csize = FIELD(best, 0);
    }
  }
  if (!chunk) {
    chunk = carve(csize);
    if (!chunk) {
      st_errors++;
      unlock();
      return 0;
    }
  }
  u32 payload = (chunk + HDR + a - 1) & ~(a - 1);
  FIELD(chunk, 0) = csize;
  FIELD(chunk, 4) = MAGIC_USED;
  FIELD(chunk, 8) = (u32)align;
  FIELD(chunk, 12) = 0;
  FIELD(payload, -8) = (u32)size;
  FIELD(payload, -4) = chunk;
  st_live_bytes += (u32)size;
  st_live_blocks++;
  st_allocs++;
  unlock();
  return (void *)(uptr)payload;
}

void demo_free(void *ptr, size_t size, size_t align) {
  u32 p = (u32)(uptr)ptr;
  if (p == 0) {
    __atomic_fetch_add(&st_null_frees, 1, __ATOMIC_RELAXED);
    return;
  }
  lock();
  /* Validate before touching anything: a bad pointer is counted, never followed. */
  if (!heap_inited || (p & 15u) != 0 || p < heap_low + HDR || (unsigned long long)p > memory_bytes()) {
    st_errors++;
    unlock();
    return;
  }
  u32 chunk = FIELD(p, -4);
  if ((chunk & 15u) != 0 || chunk < heap_low || chunk + HDR > p || FIELD(chunk, 4) != MAGIC_USED ||
      (unsigned long long)p + FIELD(p, -8) > (unsigned long long)chunk + FIELD(chunk, 0)) {
    st_errors++; /* double free or not ours */
    unlock();
    return;
  }
  u32 req = FIELD(p, -8);
  u32 req_align = FIELD(chunk, 8);
  if ((size != 0 && size != req) || (align != 0 && align != req_align))
    st_errors++; /* sized free with the wrong layout: counted, and the block is still freed */
  u32 csize = FIELD(chunk, 0);
  FIELD(chunk, 4) = MAGIC_FREE;
  if (csize <= (1u << MAX_CLASS)) {
    u32 c = class_of(csize);
    FIELD(chunk, 12) = free_small[c];
    free_small[c] = chunk;
  } else {
    FIELD(chunk, 12) = free_large;
    free_large = chunk;
  }
  st_live_bytes -= req;
  st_live_blocks--;
  st_frees++;
  unlock();
}

/* Statistics, read without the lock (each value is a single aligned word). */
#define STAT(name, var)                                                                                       \
  DEMO_EXPORT(name) u32 name(void) { return __atomic_load_n(&var, __ATOMIC_SEQ_CST); }
STAT(alloc_live_bytes, st_live_bytes)
STAT(alloc_live_blocks, st_live_blocks)
STAT(alloc_total_allocs, st_allocs)
STAT(alloc_total_frees, st_frees)
STAT(alloc_errors, st_errors)
STAT(alloc_null_frees, st_null_frees)
STAT(alloc_contended, st_contended)
STAT(alloc_heap_top, heap_top)
