// Freestanding C declaring the wasi-threads ABI: wasi.thread-spawn and the exported wasi_thread_start.
__attribute__((import_module("wasi"), import_name("thread-spawn"))) int wasi_thread_spawn(void *argument);

static _Thread_local int counter;

__attribute__((export_name("wasi_thread_start"))) void wasi_thread_start(int thread, void *argument) {
  counter += thread + (int)(long)argument;
}

__attribute__((export_name("spawn"))) int spawn(void *argument) { return wasi_thread_spawn(argument); }
