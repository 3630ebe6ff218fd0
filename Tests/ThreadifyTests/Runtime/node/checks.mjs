#!/usr/bin/env node
// checks.mjs — the node runtime tests' harness, built on examples/host/threadify-host.mjs: runs a module of
// examples/build/ on N threads (every one an instance on its own worker over one shared memory) and prints ONE JSON
// report on stdout. The per-thread checks are in checks-task.mjs. The ABI comes from the module's marker;
// --unpatched runs a module as built (no marker: nothing to start or destroy), for the control tests.
//
// usage: node checks.mjs MODULE.wasm N [--rounds=R | --leader-destroys-follower | --use-after-destroy]
//        [--unpatched] [--depth=D] [--probe-repeats=K] [--probe-ms=MS] [--stop-on-failure] [--increments=I]
//        [--stack-size=BYTES] [--timeout-ms=T]
// Exit status: 0 when the run completed (whatever it saw), 1 when it could not ("ok": false, "error"), 2 usage.
//
// Modes: basic (all N threads, the first one included, run the checks in lock-step; the others then destroy
// themselves), --rounds=R (R rounds of N new threads that run the checks and destroy themselves),
// --leader-destroys-follower (N-1 followers run the checks and park; the first thread destroys them),
// --use-after-destroy (N-1 threads destroy themselves, then touch TLS).
// The report: memory (import limits, pages_at_start/_end), abi (start, destroy, patched), module_globals,
// program_init_result, alloc (allocator statistics after_instance0, threads_alive, after_workers_exit,
// returned_to_baseline; at_end for rounds), threads_results[] (per thread: tls_base, stack_alloc, tls_address,
// tls_offset, tls_aligned_address, aligned, initial_ok, counter_before, counter, counter_ok, stack_probe {pattern,
// depth, runs, failures, ok}, stack_address, program_init_count, data_marker(_ok), destroyed), summary, rounds[] and
// rounds_summary, leader_destroys_follower, use_after_destroy[], host_stats, elapsed_ms.

import { Host } from '../../../../examples/host/threadify-host.mjs';
import { CTL_SLOTS } from './checks-task.mjs';

const TASK = new URL('./checks-task.mjs', import.meta.url);

function parseArgs(argv) {
  const o = {
    threads: 4, rounds: 0, mode: 'basic', unpatched: false, depth: 64, probeRepeats: null, probeMs: null,
    stopOnFailure: false, increments: 1000, timeoutMs: 120000, stackSize: 0,
  };
  const positional = [];
  const int = (name, s) => {
    if (!/^\d+$/.test(s ?? '')) throw new Error(`${name}: not a number: ${s}`);
    return Number(s);
  };
  for (const arg of argv) {
    const [key, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    switch (key) {
      case '--rounds': o.rounds = int(key, value); o.mode = 'rounds'; break;
      case '--leader-destroys-follower': o.mode = 'leader-destroys-follower'; break;
      case '--use-after-destroy': o.mode = 'use-after-destroy'; break;
      case '--unpatched': o.unpatched = true; break;
      case '--depth': o.depth = int(key, value); break;
      case '--probe-repeats': o.probeRepeats = int(key, value); break;
      case '--probe-ms': o.probeMs = int(key, value); break;
      case '--stop-on-failure': o.stopOnFailure = true; break;
      case '--increments': o.increments = int(key, value); break;
      case '--stack-size': o.stackSize = int(key, value); break;
      case '--timeout-ms': o.timeoutMs = int(key, value); break;
      case '--compact': break;
      default:
        if (key.startsWith('-')) throw new Error(`unknown option ${key}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 2) throw new Error('expected MODULE.wasm N');
  o.path = positional[0];
  o.threads = int('N', positional[1]);
  if (o.threads < 1 || o.threads > 64) throw new Error('N must be 1..64');
  if (o.mode !== 'basic' && o.mode !== 'rounds' && o.threads < 2) throw new Error('this mode needs N >= 2');
  o.probeRepeats ??= 8;
  o.probeMs ??= o.rounds > 0 ? 10 : 50;
  return o;
}

function summarize(threads) {
  const distinct = (key) => new Set(threads.map((t) => t[key])).size;
  const all = (f) => threads.every(f);
  return {
    threads: threads.length,
    distinct_tls_addresses: distinct('tls_address'),
    distinct_tls_bases: distinct('tls_base'),
    distinct_stack_addresses: distinct('stack_address'),
    tls_shared: distinct('tls_address') < threads.length,
    stack_shared: distinct('stack_address') < threads.length,
    all_tls_aligned: all((t) => t.aligned === true),
    all_initial_ok: all((t) => t.initial_ok === true),
    all_counters_exact: all((t) => t.counter_ok === true),
    all_stack_probes_ok: all((t) => t.stack_probe?.ok === true),
    stack_probe_failures: threads.reduce((n, t) => n + (t.stack_probe?.failures ?? 0), 0),
    all_data_markers_ok: all((t) => t.data_marker_ok === true),
    program_init_counts: [...new Set(threads.map((t) => t.program_init_count))],
  };
}

// All `threads` run the checks at once; index i is threads[i]'s number in the report.
function runTogether(threads, indices, opts, observer) {
  const ctlBuffer = new SharedArrayBuffer(4 * CTL_SLOTS);
  const taskOpts = {
    depth: opts.depth, probeRepeats: opts.probeRepeats, probeMs: opts.probeMs, stopOnFailure: opts.stopOnFailure,
    increments: opts.increments, timeoutMs: opts.timeoutMs,
  };
  return Promise.all(threads.map((t, i) =>
    t.run(TASK, 'runChecks', { index: indices[i], ctlBuffer, parties: threads.length, opts: taskOpts, observer: t === observer })));
}

const spawnMany = (host, n) => Promise.all(Array.from({ length: n }, () => host.spawn()));

async function main() {
  const t0 = Date.now();
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`checks.mjs: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  const report = { ok: false, module: opts.path, mode: opts.mode, threads: opts.threads };
  let host = null;
  try {
    host = await Host.create(opts.path, {
      abi: opts.unpatched ? { start: null, destroy: null } : undefined,
      timeoutMs: opts.timeoutMs,
      stackSize: opts.stackSize,
    });
    const main = host.main;
    const mem = host.memoryImport;
    report.memory = { import: `${mem.module}.${mem.name}`, initial: mem.initial, maximum: mem.maximum, shared: mem.shared };
    report.memory.pages_at_start = host.memory.buffer.byteLength / 65536;
    report.abi = {
      start: host.abi.start ? `export:${host.abi.start.export}` : 'start-section',
      destroy: host.abi.destroy?.export ?? null,
      patched: !opts.unpatched,
    };
    report.module_globals = await main.run(TASK, 'moduleGlobals');
    // The program's own once-only initialisation, on the first thread only.
    report.program_init_result = await main.call('program_init');
    const alloc = { after_instance0: await main.run(TASK, 'allocStats') };
    report.alloc = alloc;

    if (opts.mode === 'rounds') {
      const rounds = [];
      for (let r = 0; r < opts.rounds; r++) {
        const before = await main.run(TASK, 'allocStats');
        const batch = await spawnMany(host, opts.threads);
        const threads = await runTogether(batch, batch.map((_, i) => r * opts.threads + i + 1), opts, null);
        let destroyed = 0;
        for (const t of batch) {
          await t.end();
          destroyed++;
        }
        const after = await main.run(TASK, 'allocStats');
        const s = summarize(threads);
        rounds.push({
          round: r,
          live_bytes_before: before?.live_bytes ?? null,
          live_bytes_after: after?.live_bytes ?? null,
          live_blocks_after: after?.live_blocks ?? null,
          total_allocs_after: after?.total_allocs ?? null,
          total_frees_after: after?.total_frees ?? null,
          alloc_errors_after: after?.errors ?? null,
          heap_top_after: after?.heap_top ?? null,
          memory_pages_after: host.memory.buffer.byteLength / 65536,
          destroyed,
          distinct_tls_addresses: s.distinct_tls_addresses,
          distinct_stack_addresses: s.distinct_stack_addresses,
          all_initial_ok: s.all_initial_ok,
          all_counters_exact: s.all_counters_exact,
          all_stack_probes_ok: s.all_stack_probes_ok,
        });
        if (r === 0) report.first_round_threads = threads;
      }
      report.rounds = rounds;
      const last = rounds[rounds.length - 1];
      report.rounds_summary = {
        live_bytes_baseline: alloc.after_instance0?.live_bytes ?? null,
        live_bytes_final: last.live_bytes_after,
        returned_to_baseline: alloc.after_instance0 ? last.live_bytes_after === alloc.after_instance0.live_bytes : null,
        every_round_returned: rounds.every((x) => x.live_bytes_after === x.live_bytes_before),
        heap_top_after_first_round: rounds[0].heap_top_after,
        heap_top_final: last.heap_top_after,
        memory_pages_after_first_round: rounds[0].memory_pages_after,
        memory_pages_final: last.memory_pages_after,
        all_rounds_tls_distinct: rounds.every((x) => x.distinct_tls_addresses === opts.threads),
        all_rounds_probes_ok: rounds.every((x) => x.all_stack_probes_ok),
      };
      alloc.at_end = await main.run(TASK, 'allocStats');
    } else {
      const followers = await spawnMany(host, opts.threads - 1);
      const all = [main, ...followers];
      const threads = await runTogether(all, all.map((_, i) => i), opts, main);
      alloc.threads_alive = threads[0].alloc_alive ?? null;
      delete threads[0].alloc_alive;
      threads[0].main = true;
      threads[0].destroyed = false; // the first thread keeps its instance (and the static stack) to the end

      if (opts.mode === 'leader-destroys-follower') {
        const parked = [];
        for (const f of followers) parked.push(await f.park());
        const lf = {
          destroy: host.abi.destroy?.export ?? null,
          followers: threads.slice(1).map((f) => ({ thread: f.thread, tls_base: f.tls_base, stack_alloc: f.stack_alloc })),
          parked_args: parked.map((p) => p.args),
        };
        lf.alloc_before_destroy = await main.run(TASK, 'allocStats');
        lf.destroyed = 0;
        if (host.abi.destroy) for (const p of parked) {
          await main.destroyParked(p);
          lf.destroyed++;
        }
        lf.alloc_after_destroy = await main.run(TASK, 'allocStats');
        if (lf.alloc_before_destroy && lf.alloc_after_destroy) {
          lf.freed_bytes = lf.alloc_before_destroy.live_bytes - lf.alloc_after_destroy.live_bytes;
          lf.freed_blocks = lf.alloc_before_destroy.live_blocks - lf.alloc_after_destroy.live_blocks;
          lf.returned_to_baseline = lf.alloc_after_destroy.live_bytes === alloc.after_instance0.live_bytes;
          lf.new_alloc_errors = lf.alloc_after_destroy.errors - lf.alloc_before_destroy.errors;
        }
        report.leader_destroys_follower = lf;
      } else if (opts.mode === 'use-after-destroy') {
        report.use_after_destroy = [];
        for (const [i, f] of followers.entries()) {
          const u = await f.run(TASK, 'useAfterDestroy');
          await f.park(); // drop the destroyed instance without destroying it again
          report.use_after_destroy.push({ thread: i + 1, ...u });
        }
      } else {
        for (const [i, f] of followers.entries()) {
          await f.end();
          threads[i + 1].destroyed = host.abi.destroy !== null;
        }
      }
      alloc.after_workers_exit = await main.run(TASK, 'allocStats');
      if (alloc.after_instance0 && alloc.after_workers_exit)
        alloc.returned_to_baseline = alloc.after_workers_exit.live_bytes === alloc.after_instance0.live_bytes;
      report.threads_results = threads;
      report.summary = summarize(threads);
    }
    report.memory.pages_at_end = host.memory.buffer.byteLength / 65536;
    report.host_stats = {
      threads_started: host.stats.threadsStarted,
      workers_created: host.stats.workersCreated,
      start_ms: summarizeTimes(host.stats.startMs),
      ready_ms_reused_worker: summarizeTimes(host.stats.readyMsReusedWorker),
    };
    report.ok = true;
  } catch (e) {
    report.error = e.message;
    if (host?.errors.length) report.thread_errors = [...host.errors];
  } finally {
    host?.close();
  }
  report.elapsed_ms = Date.now() - t0;
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exitCode = report.ok ? 0 : 1;
}

function summarizeTimes(list) {
  if (list.length === 0) return null;
  const sorted = [...list].sort((a, b) => a - b);
  return { count: list.length, median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

await main();
