// Times bench_fib(N) in node on several modules, interleaved, and prints one JSON object.
//
//   node bench.mjs N REPS WARMUP A.wasm [B.wasm ...]
//
// Each module gets its own shared memory (limits read from its memory import) and one instance on the main
// thread (its start function runs first, as in any host). Every repetition times one bench_fib(N) call on every
// module, in an order that alternates between repetitions, after WARMUP untimed calls each (so that V8 has tiered
// the code up). The checksums must agree. Two clocks per call: wall time (performance.now) and the process's CPU
// time (process.cpuUsage, user + system), which a busy shared machine inflates less, since time spent waiting for
// a core is not counted. For each clock: the median, the 10th percentile and the minimum per module, and for each
// module after the first the median of its per-repetition ratio to the module before it (paired samples taken back
// to back, so that a slow phase of the machine hits both sides of a ratio alike).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

function memoryImport(bytes) {
  let pos = 8;
  const u32 = () => {
    let result = 0, shift = 0, b;
    do { b = bytes[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  };
  const str = () => { const n = u32(); const s = Buffer.from(bytes.subarray(pos, pos + n)).toString(); pos += n; return s; };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = u32();
    const end = pos + size;
    if (id === 2) {
      const count = u32();
      for (let i = 0; i < count; i++) {
        const module = str();
        const name = str();
        const kind = bytes[pos++];
        if (kind === 2) {
          const flags = bytes[pos++];
          const initial = u32();
          const maximum = flags & 1 ? u32() : initial;
          return { module, name, initial, maximum, shared: (flags & 2) !== 0 };
        }
        if (kind === 0) u32();
        else if (kind === 1) { pos++; const f = bytes[pos++]; u32(); if (f & 1) u32(); }
        else if (kind === 3) { pos += 2; }
        else throw new Error(`import kind ${kind}`);
      }
    }
    pos = end;
  }
  throw new Error('no memory import');
}

const [n, reps, warmup] = process.argv.slice(2, 5).map(Number);
const files = process.argv.slice(5);
if (!(n > 0 && reps > 0 && warmup >= 0) || files.length === 0) {
  console.error('usage: node bench.mjs N REPS WARMUP A.wasm [B.wasm ...]');
  process.exit(2);
}
const runs = files.map((file) => {
  const bytes = readFileSync(file);
  const imp = memoryImport(bytes);
  const memory = new WebAssembly.Memory({ initial: imp.initial, maximum: imp.maximum, shared: imp.shared });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { [imp.module]: { [imp.name]: memory } });
  return { file, fib: instance.exports.bench_fib, wall: [], cpu: [], checksum: null };
});
for (const r of runs) for (let i = 0; i < warmup; i++) r.checksum = r.fib(n);
for (let rep = 0; rep < reps; rep++) {
  const order = rep % 2 === 0 ? runs : [...runs].reverse();
  for (const r of order) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const sum = r.fib(n);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    r.wall.push(t1 - t0);
    r.cpu.push((c1.user + c1.system) / 1000);
    if (sum !== r.checksum) throw new Error(`${r.file}: checksum ${sum} != ${r.checksum}`);
  }
}
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); const i = (s.length - 1) * q; const lo = Math.floor(i); return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo); };
const stats = (xs) => ({ median_ms: quantile(xs, 0.5), p10_ms: quantile(xs, 0.1), min_ms: Math.min(...xs) });
console.log(JSON.stringify({
  node: process.version, n, reps, warmup,
  results: runs.map((r) => ({ file: r.file, checksum: r.checksum, wall: stats(r.wall), cpu: stats(r.cpu) })),
  paired: runs.slice(1).map((r, i) => ({
    file: r.file, versus: runs[i].file,
    wall_median_ratio: quantile(r.wall.map((x, k) => x / runs[i].wall[k]), 0.5),
    cpu_median_ratio: quantile(r.cpu.map((x, k) => x / runs[i].cpu[k]), 0.5),
  })),
}));
