// Emscripten -pthread program: one thread, a thread-local counter.
#include <pthread.h>
#include <stdio.h>

static _Thread_local int counter = 5;

static void *run(void *argument) {
  counter += (int)(long)argument;
  printf("thread: %d\n", counter);
  return 0;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, 0, run, (void *)1);
  pthread_join(thread, 0);
  printf("main: %d\n", counter);
  return 0;
}
