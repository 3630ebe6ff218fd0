// thread-start.mjs — what starting a thread costs on the JS host in this browser: `n` threads started one after the
// other on a patched module, each ended (destroyed) before the next starts, once on reused workers and once on a
// new worker each (the browser counterpart of Benchmarks/thread-start.mjs). Used by main.mjs (bench=URL).
//   start: in the thread's worker, imports + WebAssembly.instantiate (start section) + the marker's start export
//   ready: from the page's request to the thread's ready message
//   end:   the thread's destroy call, from the page

import { Host } from '../host/threadify-host.mjs';
import { Threadlink } from '../host/threadlink.mjs';
import { timings } from './threadlink-program.mjs';

async function measure(url, n, newWorkers) {
  const options = { maxIdleWorkers: newWorkers ? 0 : 16 };
  const module = await WebAssembly.compileStreaming(fetch(url));
  const threadlink = WebAssembly.Module.imports(module).some((i) => i.module === 'wasm_threadlink');
  const host = threadlink ? await new Threadlink().host(url, options) : await Host.create(url, options);
  const ready = [];
  const end = [];
  try {
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      const thread = await host.spawn();
      ready.push(performance.now() - t);
      t = performance.now();
      await thread.end();
      end.push(performance.now() - t);
    }
    return {
      workers: newWorkers ? 'new' : 'reused',
      start_ms_in_worker: timings(host.stats.startMs.slice(1)),
      ready_ms: timings(ready),
      end_ms: timings(end),
      workers_created: host.stats.workersCreated,
    };
  } finally {
    host.close();
  }
}

/** Measures `n` sequential thread starts on reused workers, then on new ones. */
export async function measureThreadStart(url, { n = 50 } = {}) {
  return { module: url, n, reused: await measure(url, n, false), new: await measure(url, n, true) };
}
