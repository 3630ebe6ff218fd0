// demo-program.mjs — runs an examples/build/ module (any shipped rule set) on several threads in this page, through
// the JS host: each round starts threads, checks from inside the module that every thread has its own TLS block
// and stack, ends the threads (destroying their stacks and TLS) and reads the allocator's statistics. Used by
// main.mjs. The test exports are described in examples/README.md.

import { Host } from '../host/threadify-host.mjs';
import { timings } from './threadlink-program.mjs';

const INCREMENTS = 1000;

/**
 * Runs `rounds` rounds of `threads` threads (the first thread stays for the whole run) and reports each round,
 * with the wall time the page waited for its followers to start (round 0: new workers; later: reused ones).
 * `abi` (the marker's start and destroy, see docs/marker-format.md) runs a module that has no marker: the control
 * run of an unpatched module.
 */
export async function runDemoProgram(url, { threads = 4, rounds = 20, timeoutMs = 60000, abi = undefined } = {}) {
  const begin = performance.now();
  const host = await Host.create(url, { timeoutMs, abi });
  const main = host.main;
  const stats = async () => ({
    live_bytes: await main.call('alloc_live_bytes'),
    live_blocks: await main.call('alloc_live_blocks'),
    errors: await main.call('alloc_errors'),
    heap_top: await main.call('alloc_heap_top') >>> 0,
  });
  const report = { module: url, rules: host.abi.rules, threads, program_init: null, baseline: null, rounds: [] };
  try {
    report.program_init = await main.call('program_init');
    report.baseline = await stats();
    for (let round = 0; round < rounds; round++) {
      const spawnBegin = performance.now();
      const followers = await Promise.all(Array.from({ length: threads - 1 }, () => host.spawn()));
      const spawnMs = performance.now() - spawnBegin;
      const all = [main, ...followers];
      const tls = await Promise.all(all.map((t) => t.call('tls_address')));
      const initialOk = await Promise.all(followers.map((t) => t.call('tls_initial_ok')));
      const before = await Promise.all(all.map((t) => t.call('tls_counter')));
      const after = await Promise.all(all.map((t) => t.call('tls_increment', INCREMENTS)));
      const stacks = await Promise.all(all.map((t) => t.call('stack_pointer_now')));
      const probes = await Promise.all(all.map((t, i) => t.call('stack_probe', 64, 0x5ca00000 + i)));
      const alive = await stats();
      await Promise.all(followers.map((t) => t.end()));
      const ended = await stats();
      report.rounds.push({
        round,
        spawn_wall_ms: Math.round(spawnMs * 1000) / 1000,
        distinct_tls: new Set(tls).size,
        distinct_stacks: new Set(stacks).size,
        tls_initial_ok: initialOk.every((v) => v === 1),
        counters_exact: after.every((v, i) => v - before[i] === INCREMENTS),
        probes_ok: probes.every((v) => v === 1),
        live_bytes_alive: alive.live_bytes,
        live_bytes_after: ended.live_bytes,
        live_blocks_after: ended.live_blocks,
        alloc_errors: ended.errors,
        heap_top: ended.heap_top,
        memory_bytes: host.memory.buffer.byteLength,
      });
    }
    report.data_marker = (await main.call('data_marker')) >>> 0;
    report.program_init_count = await main.call('program_init_count');
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
