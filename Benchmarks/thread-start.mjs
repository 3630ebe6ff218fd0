#!/usr/bin/env node
// thread-start.mjs — what starting a thread costs on the JS host (examples/host/threadify-host.mjs) in node:
// N threads started one after the other on a patched module, each ended (destroyed) before the next starts.
//   start:  in the thread's worker, imports + WebAssembly.instantiate (start section) + the marker's start export
//   ready:  from the page/main thread's request to the thread's "ready" message, on a new or a reused worker
//   end:    the thread's destroy call, from the main thread
// usage: node Benchmarks/thread-start.mjs PATCHED.wasm [N] [--new-workers]   (--new-workers: never reuse one)
// Modules importing wasm_threadlink get threadlink.mjs's imports.

import { Host } from '../examples/host/threadify-host.mjs';
import { Threadlink } from '../examples/host/threadlink.mjs';

const [path, n = '50'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const fresh = process.argv.includes('--new-workers');
const options = { maxIdleWorkers: fresh ? 0 : 16 };
const { readFile } = await import('node:fs/promises');
const bytes = new Uint8Array(await readFile(path));
const needsThreadlink = WebAssembly.Module.imports(await WebAssembly.compile(bytes)).some((i) => i.module === 'wasm_threadlink');
const host = needsThreadlink ? await new Threadlink().host(bytes, options) : await Host.create(bytes, options);
const ready = [], end = [];
for (let i = 0; i < Number(n); i++) {
  let t = performance.now();
  const thread = await host.spawn();
  ready.push(performance.now() - t);
  t = performance.now();
  await thread.end();
  end.push(performance.now() - t);
}
const stats = (list) => {
  const s = [...list].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: +q(0.5).toFixed(3), p10: +q(0.1).toFixed(3), p90: +q(0.9).toFixed(3) };
};
console.log(JSON.stringify({
  module: path, workers: fresh ? 'new' : 'reused',
  start_ms_in_worker: stats(host.stats.startMs.slice(1)),
  ready_ms: stats(ready),
  end_ms: stats(end),
  workers_created: host.stats.workersCreated,
}));
host.close();
