// threadlink-program.mjs — runs a program compiled against the `wasm_threadlink` runtime contract (the seed
// project's minimal-test: threading_test, two_nested_threads_test, two_nested_detached_threads_test,
// thread_hierarchy_test) on real threads in this page, through the JS host. Used by main.mjs.

import { Threadlink } from '../host/threadlink.mjs';

/** Summary (count, mean, median, p90, max, in ms) of a list of durations. */
export function timings(list) {
  if (list.length === 0) return { count: 0 };
  const sorted = [...list].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (v) => Math.round(v * 1000) / 1000;
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { count: sorted.length, mean: round(mean), median: round(at(0.5)), p90: round(at(0.9)), max: round(sorted.at(-1)) };
}

/**
 * Runs each of the four exports `reps` times on one host (one shared memory, threads on module workers) and
 * returns what they did: threading_test's results and the variable after it (0...100: its threads race by
 * design), the variable after each nested test (reset first; the detached grandchild may outlive the call, so the
 * host is first waited on until no thread is alive), how many threads each thread_hierarchy_test created, the
 * memory size after each repetition, the lock callbacks (tracing build) and the thread start times: in the
 * thread's worker (instantiate + start routine), and from the page's request to the thread being ready, on a new
 * worker and on a reused one.
 */
export async function runThreadlinkProgram(url, { reps = 20, timeoutMs = 60000 } = {}) {
  const link = new Threadlink({ joinTimeoutMs: timeoutMs });
  const begin = performance.now();
  const host = await link.host(url, { timeoutMs });
  const report = {
    module: url,
    rules: host.abi.rules,
    tracing: WebAssembly.Module.imports(host.module).some((i) => i.name === 'start_lock'),
    reps,
    threading_test: [],
    after_threading_test: [],
    after_two_nested_threads_test: [],
    after_two_nested_detached_threads_test: [],
    live_after_detached_call: [],
    thread_hierarchy_created: [],
    memory_bytes: [],
    counters: null,
    locks_balanced: null,
    thread_start_ms: null,
    ready_ms_new_worker: null,
    ready_ms_reused_worker: null,
    workers_created: null,
  };
  try {
    const created = () => link.counters().created;
    for (let rep = 0; rep < reps; rep++) {
      report.threading_test.push(await host.call('threading_test'));
      await host.idle();
      report.after_threading_test.push(await host.call('get_some_variable'));

      await host.call('reset_some_variable');
      await host.call('two_nested_threads_test');
      await host.idle();
      report.after_two_nested_threads_test.push(await host.call('get_some_variable'));

      await host.call('reset_some_variable');
      await host.call('two_nested_detached_threads_test');
      report.live_after_detached_call.push(host.liveThreads);
      await host.idle();
      report.after_two_nested_detached_threads_test.push(await host.call('get_some_variable'));

      const before = created();
      await host.call('thread_hierarchy_test');
      await host.idle();
      report.thread_hierarchy_created.push(created() - before);

      report.memory_bytes.push(host.memory.buffer.byteLength);
    }
    report.counters = link.counters();
    report.locks_balanced = link.locksBalanced();
    report.thread_start_ms = timings(host.stats.startMs);
    report.ready_ms_new_worker = timings(host.stats.readyMsNewWorker);
    report.ready_ms_reused_worker = timings(host.stats.readyMsReusedWorker);
    report.workers_created = host.stats.workersCreated;
  } finally {
    host.close();
  }
  report.elapsed_ms = Math.round(performance.now() - begin);
  return report;
}
