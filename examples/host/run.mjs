#!/usr/bin/env node
// run.mjs — run an export of a patched module on real threads in node, the way `wasmtime run --invoke` does:
//   node examples/host/run.mjs PATCHED.wasm --invoke EXPORT [ARGS...] [options]
// prints the export's results one per line; exits 1 with the trap or panic message when a thread fails.
// Modules importing `wasm_threadlink` get threadlink.mjs (threads created by the program itself).

import { Host } from './threadify-host.mjs';
import { Threadlink } from './threadlink.mjs';

const USAGE = `usage: node run.mjs MODULE.wasm --invoke EXPORT [ARGS...] [options]
  --repeat N          invoke N times on the same threads and memory (default 1)
  --stack-size BYTES  stack size for threads the module starts with a "stack_size" argument (default 0: its own)
  --timeout-ms T      bound on each invocation and on waiting for its threads (default 60000); a thread's start
                      (a new worker's) may take up to max(T, 60000)
  --imports URL       also load this imports module (default export (ctx, options) => importObject); repeatable
  --no-threadlink     do not provide wasm_threadlink even if the module imports it
  --json              print one JSON report instead of the results
Arguments are numbers (i32, f32, f64). After each invocation, waits until every thread it started has ended.`;

function parseArgs(argv) {
  const o = { repeat: 1, stackSize: 0, timeoutMs: 60000, imports: [], threadlink: true, json: false, args: [] };
  const number = (name, s) => {
    if (!/^\d+$/.test(s ?? '')) throw new Error(`${name}: not a number: ${s}`);
    return Number(s);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--invoke': o.invoke = argv[++i]; if (o.invoke === undefined) throw new Error('--invoke needs an export name'); break;
      case '--repeat': o.repeat = number(a, argv[++i]); break;
      case '--stack-size': o.stackSize = number(a, argv[++i]); break;
      case '--timeout-ms': o.timeoutMs = number(a, argv[++i]); break;
      case '--imports': o.imports.push({ module: argv[++i] }); break;
      case '--no-threadlink': o.threadlink = false; break;
      case '--json': o.json = true; break;
      case '-h': case '--help': o.help = true; break;
      default:
        if (o.path === undefined && !a.startsWith('-')) o.path = a;
        else if (/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(a)) o.args.push(Number(a));
        else throw new Error(`unexpected argument ${a}`);
    }
  }
  if (o.help) return o;
  if (o.path === undefined || o.invoke === undefined) throw new Error('expected MODULE.wasm --invoke EXPORT');
  return o;
}

function median(list) {
  const s = [...list].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`run.mjs: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const report = { ok: false, module: opts.path, export: opts.invoke, runs: [] };
  let host = null;
  let threadlink = null;
  const t0 = performance.now();
  try {
    const { readFile } = await import('node:fs/promises');
    const bytes = new Uint8Array(await readFile(opts.path));
    let module;
    try {
      module = await WebAssembly.compile(bytes);
    } catch (e) {
      throw new Error(`${opts.path} is not a valid WebAssembly module: ${e.message}`);
    }
    const wantsThreadlink = opts.threadlink && WebAssembly.Module.imports(module).some((i) => i.module === 'wasm_threadlink');
    threadlink = wantsThreadlink ? new Threadlink({ joinTimeoutMs: opts.timeoutMs }) : null;
    const options = { name: opts.path.split('/').pop(), stackSize: opts.stackSize, timeoutMs: opts.timeoutMs, imports: opts.imports };
    host = threadlink ? await threadlink.host(bytes, options) : await Host.create(bytes, options);
    report.abi = host.abi;
    for (let r = 0; r < opts.repeat; r++) {
      const before = threadlink?.counters().created ?? host.stats.detachedStarted;
      const started = performance.now();
      const value = await host.call(opts.invoke, ...opts.args);
      await host.idle({ timeoutMs: opts.timeoutMs });
      report.runs.push({
        value: typeof value === 'bigint' ? value.toString() : value,
        ms: performance.now() - started,
        threads_created: (threadlink?.counters().created ?? host.stats.detachedStarted) - before,
        memory_bytes: host.memory.buffer.byteLength,
        live_threads: host.liveThreads,
      });
      if (!opts.json) for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) console.log(String(v));
    }
    report.ok = true;
  } catch (e) {
    report.error = e.message;
  } finally {
    if (host) {
      report.locks = threadlink?.counters() ?? null;
      report.locks_balanced = threadlink?.locksBalanced() ?? null;
      report.stats = {
        workers_created: host.stats.workersCreated,
        threads_started: host.stats.threadsStarted,
        detached_started: host.stats.detachedStarted,
        detached_failed: host.stats.detachedFailed,
        start_ms_median: median(host.stats.startMs),
        start_ms_first: host.stats.startMs[0] ?? null,
      };
      host.close();
    }
    report.elapsed_ms = performance.now() - t0;
  }
  if (opts.json) process.stdout.write(JSON.stringify(report) + '\n');
  if (!report.ok) process.stderr.write(`run.mjs: error: ${report.error}\n`);
  return report.ok ? 0 : 1;
}

process.exitCode = await main();
