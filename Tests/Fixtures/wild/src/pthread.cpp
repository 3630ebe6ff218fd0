// Emscripten -pthread C++ program: std::thread and thread_local.
#include <cstdio>
#include <thread>
#include <vector>

thread_local int counter = 5;

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; i++) threads.emplace_back([i] { counter += i; std::printf("thread %d: %d\n", i, counter); });
  for (auto &thread : threads) thread.join();
  return 0;
}
