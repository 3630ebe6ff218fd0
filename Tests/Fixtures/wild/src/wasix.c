// Freestanding C declaring WASIX's thread ABI (wasmer): thread_spawn from wasix_32v1 (wasix_64v1 on wasm64),
// and the thread entry the runtime calls. No WASIX libc here: the imports are declared as wasix-libc declares them.
#ifdef __wasm64__
#define WASIX_MODULE "wasix_64v1"
#else
#define WASIX_MODULE "wasix_32v1"
#endif

__attribute__((import_module(WASIX_MODULE), import_name(SPAWN_NAME))) int wasix_thread_spawn(void *start, void *ret);
__attribute__((import_module(WASIX_MODULE), import_name("thread_exit"))) void wasix_thread_exit(int code);

static _Thread_local int counter;
static unsigned char heap[1 << 16];
static unsigned long next;

// A bump allocator exported as malloc/free, as a WASIX program's libc exports its own.
__attribute__((export_name("malloc"))) void *wasix_malloc(unsigned long size, unsigned long align) {
  unsigned long start = (next + align - 1) & ~(align - 1);
  if (start + size > sizeof heap) return 0;
  next = start + size;
  return heap + start;
}

__attribute__((export_name("free"))) void wasix_free(void *pointer, unsigned long size, unsigned long align) {
  (void)pointer, (void)size, (void)align;
}

__attribute__((export_name(ENTRY_NAME))) void thread_entry(int thread, void *argument) {
  counter += thread + (int)(long)argument;
  wasix_thread_exit(counter);
}

__attribute__((export_name("spawn"))) int spawn(void *start) {
  int id;
  return wasix_thread_spawn(start, &id);
}
