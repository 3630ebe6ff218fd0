// Freestanding C for raw wasm-ld output with a shared memory: thread-local data, a bump allocator with the
// wasmgrind ABI (size, align) -> ptr and (ptr, size, align), and an entry a host calls on every thread.
static _Thread_local int counter = 7;
static _Thread_local char buffer[24] = "thread-local data";
static unsigned char heap[1 << 16];
static unsigned long next;

__attribute__((export_name("__wasmgrind_malloc"))) void *wasmgrind_malloc(unsigned long size, unsigned long align) {
  unsigned long start = (next + align - 1) & ~(align - 1);
  if (start + size > sizeof heap) return 0;
  next = start + size;
  return heap + start;
}

__attribute__((export_name("__wasmgrind_free"))) void wasmgrind_free(void *pointer, unsigned long size,
                                                                     unsigned long align) {
  (void)pointer, (void)size, (void)align;
}

__attribute__((export_name("work"))) int work(int amount) {
  counter += amount;
  return counter + buffer[0];
}
