// run.mjs — runs a patched memory64 module (rules/wasmgrind64.yaml or c-aligned-alloc64.yaml) on Web Workers:
// one instance on the page, then ROUNDS rounds of THREADS workers at once, each instantiating the module over the
// one shared memory64, reporting its TLS block and stack, running the program's start routine through its
// function pointer (call_indirect on the table64) when the module has one, and destroying itself. After each
// round the allocator's live bytes must be back at the baseline. Sets window.results (see headless.mjs).
//
//   /browser/memory64/index.html?module=/modules/NAME.wasm&destroy=EXPORT[&threads=8][&rounds=20]
import { compile, memoryImport, sharedMemory } from './memory64.mjs';

const results = { done: false };
window.results = results;
const query = new URLSearchParams(location.search);
const threads = Number(query.get('threads') ?? 8);
const rounds = Number(query.get('rounds') ?? 20);
const destroy = query.get('destroy');

function thread(module, memory, index, round, barrier) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./thread.mjs', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({ error: event.message ?? 'worker error' });
    };
    worker.postMessage({ module, memory, index, round, destroy, barrier, threads });
  });
}

try {
  const bytes = await (await fetch(query.get('module'))).arrayBuffer();
  const described = memoryImport(bytes);
  if (!described) throw new Error('the module imports no memory');
  results.memory = { address: described.address, initial: String(described.initial), maximum: String(described.maximum) };
  const memory = sharedMemory(described);
  const module = await compile(bytes);
  const main = (await WebAssembly.instantiate(module, { [described.module]: { [described.name]: memory } })).exports;
  results.baseline = main.alloc_live_bytes() >>> 0;
  results.rounds = [];
  for (let round = 0; round < rounds; round++) {
    // Every thread reports, then waits at the barrier until all have, before destroying itself: the blocks
    // of live threads are all in use at once.
    const barrier = new Int32Array(new SharedArrayBuffer(4));
    const seen = await Promise.all(
      Array.from({ length: threads }, (_, index) => thread(module, memory, index, round, barrier)));
    results.rounds.push({ threads: seen, liveBytesAfter: main.alloc_live_bytes() >>> 0 });
  }
  results.allocErrors = main.alloc_errors() >>> 0;
} catch (error) {
  results.error = String(error?.message ?? error);
}
results.done = true;
document.getElementById('status').textContent = results.error ? `failed: ${results.error}` : 'done';
