// Freestanding C for raw wasm-ld output without threads.
static int total = 3;

__attribute__((export_name("add"))) int add(int amount) {
  total += amount;
  return total;
}
