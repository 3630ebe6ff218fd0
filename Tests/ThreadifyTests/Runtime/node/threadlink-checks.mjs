#!/usr/bin/env node
// threadlink-checks.mjs — runs the four thread tests of the real rustc module minimal_test.wasm (or its tracing
// build) on real threads, through examples/host/threadify-host.mjs + threadlink.mjs, R times on one host (one
// process, one memory), and prints ONE JSON report. What the exports do: AFKoffee/wasmgrind
// wasm-artifacts/minimal-test/src/lib.rs (see Tests/Fixtures/real/README.md).
//
// usage: node threadlink-checks.mjs MODULE.wasm --repeat=R --counter-address=A [--quiet=Q] [--timeout-ms=T]
//   --quiet: then Q more two_nested_threads_test calls (2 threads each) after which memory must not have grown.
//   --counter-address: thread_hierarchy_test's static COUNTER (found by the Swift test in the function's code);
//   it is set back to 0 before each thread_hierarchy_test, which otherwise creates threads only the first time.

import { Threadlink } from '../../../../examples/host/threadlink.mjs';

const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=')));
const path = process.argv[2];
const repeat = Number(args.repeat ?? 20);
const counterAddress = Number(args['counter-address']);
const timeoutMs = Number(args['timeout-ms'] ?? 60000);
const quiet = Number(args.quiet ?? 100);

const report = { ok: false, module: path, repeat, reps: [] };
const threadlink = new Threadlink({ joinTimeoutMs: timeoutMs });
let host = null;
const t0 = performance.now();
try {
  if (!Number.isInteger(counterAddress) || counterAddress % 4 !== 0) throw new Error('--counter-address=A (a multiple of 4) is needed');
  host = await threadlink.host(path, { timeoutMs, maxIdleWorkers: 64 });
  report.memory_bytes_at_start = host.memory.buffer.byteLength;
  const created = () => threadlink.counters().created;
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    const rep = { rep: r };

    await host.call('reset_some_variable');
    let before = created();
    rep.threading_test = { value: await host.call('threading_test') };
    await host.idle();
    rep.threading_test.variable = await host.call('get_some_variable');
    rep.threading_test.threads = created() - before;

    await host.call('reset_some_variable');
    before = created();
    await host.call('two_nested_threads_test');
    rep.two_nested_threads_test = { live_after_call: host.liveThreads };
    await host.idle();
    rep.two_nested_threads_test.variable = await host.call('get_some_variable');
    rep.two_nested_threads_test.threads = created() - before;

    await host.call('reset_some_variable');
    before = created();
    await host.call('two_nested_detached_threads_test');
    rep.two_nested_detached_threads_test = { live_after_call: host.liveThreads };
    await host.idle(); // the detached grandchild may still be running
    rep.two_nested_detached_threads_test.variable = await host.call('get_some_variable');
    rep.two_nested_detached_threads_test.threads = created() - before;

    Atomics.store(new Int32Array(host.memory.buffer), counterAddress / 4, 0);
    before = created();
    await host.call('thread_hierarchy_test');
    rep.thread_hierarchy_test = { live_after_call: host.liveThreads };
    await host.idle();
    rep.thread_hierarchy_test.threads = created() - before;
    rep.thread_hierarchy_test.counter = Atomics.load(new Int32Array(host.memory.buffer), counterAddress / 4);

    rep.memory_bytes = host.memory.buffer.byteLength;
    rep.live_threads = host.liveThreads;
    rep.ms = performance.now() - started;
    report.reps.push(rep);
  }
  // Quiet phase: threads one after another (at most 3 alive at once), well inside the memory the reps needed. A
  // thread that kept its stack or TLS block would make memory grow here; given back, they are reused.
  report.quiet = { memory_bytes_before: host.memory.buffer.byteLength };
  for (let i = 0; i < quiet; i++) await host.call('two_nested_threads_test');
  await host.idle();
  report.quiet.threads = quiet * 2;
  report.quiet.memory_bytes_after = host.memory.buffer.byteLength;
  report.ok = true;
} catch (e) {
  report.error = e.message;
} finally {
  report.counters = threadlink.counters();
  report.locks_balanced = threadlink.locksBalanced();
  if (host) {
    const times = (list) => {
      const s = [...list].sort((a, b) => a - b);
      return s.length ? { count: s.length, median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] } : null;
    };
    report.host_stats = {
      threads_started: host.stats.threadsStarted,
      detached_started: host.stats.detachedStarted,
      detached_failed: host.stats.detachedFailed,
      workers_created: host.stats.workersCreated,
      start_ms: times(host.stats.startMs),
      ready_ms_new_worker: times(host.stats.readyMsNewWorker),
      ready_ms_reused_worker: times(host.stats.readyMsReusedWorker),
    };
    report.errors = host.errors;
    host.close();
  }
  report.elapsed_ms = performance.now() - t0;
}
process.stdout.write(JSON.stringify(report) + '\n');
process.exitCode = report.ok ? 0 : 1;
