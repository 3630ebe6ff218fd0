/* A small thread-safe allocator for freestanding wasm32 test programs.
 *
 * Every block carries a header, so the C ABI's free(ptr) can find the size itself and the sized ABIs
 * (__wasmgrind_free / __wbindgen_free) can be checked. Counted in alloc_errors(): a double free or a pointer the
 * allocator never returned (ignored: it never corrupts the heap), and a sized free whose size or alignment differs
 * from the allocation (the block is still freed, by its header).
 *
 * One spinlock (C11/clang __atomic builtins) guards everything. Memory comes from [__heap_base, __heap_end)
 * (the heap the linker laid out) and then from memory.grow; a region that is not contiguous with the previous
 * one (a tool may have reserved the page at the old memory end, as wasm-threadify does) is simply started
 * afresh, so pages below the memory size at link time are never handed out unless the linker said they are heap.
 */
#ifndef DEMO_ALLOC_H
#define DEMO_ALLOC_H

typedef unsigned int u32;
typedef __SIZE_TYPE__ size_t;
typedef __UINTPTR_TYPE__ uptr;

#define DEMO_EXPORT(name) __attribute__((export_name(#name), visibility("default")))
#define DEMO_HIDDEN __attribute__((visibility("hidden")))

/* Returns 0 on failure (out of memory, alignment not a power of two, size overflow). */
DEMO_HIDDEN void *demo_alloc(size_t size, size_t align);
/* size/align: what the caller believes the block has; 0 = unknown (the C ABI). */
DEMO_HIDDEN void demo_free(void *ptr, size_t size, size_t align);

#endif
