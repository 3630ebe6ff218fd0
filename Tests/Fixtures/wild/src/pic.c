// A position-independent side module: it imports its stack pointer.
static int total;

int add(int amount) {
  int local[4] = {amount, amount, amount, amount};
  total += local[amount & 3];
  return total;
}
