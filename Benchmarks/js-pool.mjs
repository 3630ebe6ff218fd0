#!/usr/bin/env node
// js-pool.mjs — the JS host's worker pool (issue 19): THREADS threads started at once with host.spawn(), then all
// ended, ROUNDS times on one host, for each pool setting:
//   old-default  maxIdleWorkers: 16 (the host's former default: every round ends 48 workers and starts 48 new)
//   default      no option: the host keeps as many workers as the program's peak needed
//   pool         poolSize: THREADS (prewarmed before the first round, as Emscripten's PTHREAD_POOL_SIZE)
// Prints one JSON line per setting: ms per round (median, p90, mean over the rounds after the first), workers
// created, memory pages at the end.
// usage: node Benchmarks/js-pool.mjs PATCHED.wasm [--threads=64] [--rounds=1000] [--settings=old-default,default,pool]

import { Threadlink } from '../examples/host/threadlink.mjs';

const path = process.argv[2];
const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=')));
const threads = Number(args.threads ?? 64);
const rounds = Number(args.rounds ?? 1000);
const settings = {
  'old-default': { maxIdleWorkers: 16 },
  default: {},
  pool: { poolSize: threads },
};
const chosen = (args.settings ?? Object.keys(settings).join(',')).split(',');
for (const name of chosen) {
  const host = await new Threadlink().host(path, { timeoutMs: 120000, ...settings[name] });
  const ms = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const started = await Promise.all(Array.from({ length: threads }, () => host.spawn()));
    await Promise.all(started.map((t) => t.end()));
    ms.push(performance.now() - t0);
  }
  const later = ms.slice(1).sort((a, b) => a - b);
  const q = (p) => later[Math.min(later.length - 1, Math.floor(p * later.length))] ?? ms[0];
  const mean = later.reduce((a, b) => a + b, 0) / Math.max(1, later.length);
  console.log(JSON.stringify({
    setting: name, threads, rounds, first_round_ms: +ms[0].toFixed(1), median_ms: +q(0.5).toFixed(2),
    p90_ms: +q(0.9).toFixed(2), mean_ms: +mean.toFixed(2), workers_created: host.stats.workersCreated,
    pages_at_end: host.memory.buffer.byteLength / 65536,
  }));
  host.close();
}
