// Many small functions, each kept and exported, so that a module built from this file with the demo has 125-127
// defined functions: the patch's 3 appended functions then grow the code section's count field from 1 to 2 bytes.
#define F(n) \
  __attribute__((noinline, export_name("many_" #n))) int many_##n(int x) { return x * (n + 3) + n; }
#define F10(t) F(t##0) F(t##1) F(t##2) F(t##3) F(t##4) F(t##5) F(t##6) F(t##7) F(t##8) F(t##9)
F10(1) F10(2) F10(3) F10(4) F10(5) F10(6) F10(7) F10(8) F10(9) F(100) F(101) F(102) F(103) F(104) F(105)
