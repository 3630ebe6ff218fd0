#!/usr/bin/env node
// run-threads.mjs — run a WebAssembly module built with wasm-ld --shared-memory on N threads, the way
// wasm-bindgen's JS glue does ("one instance per thread"): one shared WebAssembly.Memory, the same compiled
// WebAssembly.Module instantiated once on the main thread (instance 0, which initialises memory) and then once in
// each of N-1 worker_threads. Each thread checks from inside the module that it has its own TLS block and its own
// stack, and the harness prints ONE JSON object on stdout.
//
// Works on patched modules (wasm-threadify --rules wasmgrind|wasm-bindgen) and on unpatched ones, where it
// reports what it sees (shared TLS, probes that see other threads' stacks) instead of failing.
// Node 20, no npm packages. See examples/node/README.md. Usage: node run-threads.mjs --help

import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

const USAGE = `usage: node run-threads.mjs MODULE.wasm [N] [options]

  N, --threads=N              threads including the main thread (default 4; rounds mode: workers per round)
  --abi=wasmgrind|wasm-bindgen|none
                              shorthand for --start/--destroy (default: detect from the exports)
  --start=start-section       the module initialises each thread in its start section (wasmgrind ABI)
  --start=export:NAME         call the export NAME(stack_size) on every thread (wasm-bindgen: __wbindgen_start)
  --stack-size=BYTES          argument passed to the exported start (default 0: the module's default)
  --destroy=NAME|none         destroy export (tls_base, stack_alloc, stack_size), e.g. __wasmgrind_thread_destroy
  --rounds=R                  R rounds of: spawn N workers, run the checks, each destroys itself and exits
  --leader-destroys-follower  N-1 followers run the checks and park; the main thread destroys them
  --use-after-destroy         N-1 workers destroy themselves, then use TLS: reports whether that trapped
  --depth=D                   stack_probe recursion depth (default 64, at most 256)
  --probe-repeats=K           at least K stack_probe calls per thread (default 8; rounds mode: 2)
  --probe-ms=MS               and at least MS milliseconds of probing (default 20; rounds mode: 5)
  --increments=I              tls_increment(1) calls per thread (default 1000)
  --timeout-ms=T              give up after T ms (default 120000)
  --compact                   print the JSON on one line (default: indented)

Exit status: 0 when the run completed (whatever it saw), 1 when it could not (trap, timeout, unusable module),
2 for bad usage. The JSON on stdout always has "ok".`;

// --------------------------------------------------------------------------------------------- module reader
// WebAssembly.Module.imports() gives no limits or types in node 20: read the import section from the bytes.
function readImports(bytes) {
  let pos = 0;
  const byte = () => {
    if (pos >= bytes.length) throw new Error('truncated module');
    return bytes[pos++];
  };
  const uleb = () => {
    let result = 0n, shift = 0n, b;
    do {
      b = byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    return result;
  };
  const u32 = () => Number(uleb());
  const name = () => {
    const len = u32();
    const s = Buffer.from(bytes.subarray(pos, pos + len)).toString('utf8');
    pos += len;
    return s;
  };
  const limits = () => {
    const flags = byte();
    const is64 = (flags & 4) !== 0;
    const initial = is64 ? uleb() : u32();
    const maximum = flags & 1 ? (is64 ? uleb() : u32()) : null;
    return { flags, shared: (flags & 2) !== 0, memory64: is64, initial: Number(initial), maximum: maximum === null ? null : Number(maximum) };
  };
  const valtypes = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'anyfunc', 0x6f: 'externref' };
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error('not a WebAssembly module');
  pos = 8;
  const imports = [];
  while (pos < bytes.length) {
    const id = byte();
    const size = u32();
    const end = pos + size;
    if (id === 2) {
      const count = u32();
      for (let i = 0; i < count; i++) {
        const entry = { module: name(), name: name() };
        const kind = byte();
        if (kind === 0) Object.assign(entry, { kind: 'function', type: u32() });
        else if (kind === 1) Object.assign(entry, { kind: 'table', element: valtypes[byte()] ?? 'anyfunc', ...limits() });
        else if (kind === 2) Object.assign(entry, { kind: 'memory', ...limits() });
        else if (kind === 3) Object.assign(entry, { kind: 'global', value: valtypes[byte()] ?? 'i32', mutable: byte() === 1 });
        else if (kind === 4) Object.assign(entry, { kind: 'tag', attribute: byte(), type: u32() });
        else throw new Error(`unknown import kind ${kind}`);
        imports.push(entry);
      }
      return imports;
    }
    pos = end;
  }
  return imports;
}

// One import object for every instance: the shared memory, and stubs (functions returning 0) for the rest.
function makeImports(importList, memory) {
  const imports = {};
  for (const imp of importList) {
    let value;
    if (imp.kind === 'memory') value = memory;
    else if (imp.kind === 'function') value = () => 0;
    else if (imp.kind === 'global')
      value = new WebAssembly.Global({ value: imp.value, mutable: imp.mutable }, imp.value === 'i64' ? 0n : 0);
    else if (imp.kind === 'table')
      value = new WebAssembly.Table({ element: imp.element, initial: imp.initial, ...(imp.maximum !== null ? { maximum: imp.maximum } : {}) });
    else throw new Error(`cannot provide import ${imp.module}.${imp.name} of kind ${imp.kind}`);
    (imports[imp.module] ??= {})[imp.name] = value;
  }
  return imports;
}

// --------------------------------------------------------------------------------------------- shared helpers
const u32 = (v) => (typeof v === 'number' ? v >>> 0 : v);
const hex = (v) => (v === null || v === undefined ? null : '0x' + (v >>> 0).toString(16).padStart(8, '0'));
const globalValue = (exports, name) => (exports[name] instanceof WebAssembly.Global ? u32(exports[name].value) : null);
const call = (exports, name, ...args) => (typeof exports[name] === 'function' ? u32(exports[name](...args)) : null);

const TEST_EXPORTS = ['tls_address', 'tls_aligned_address', 'tls_align_required', 'tls_initial_ok', 'tls_increment',
  'tls_counter', 'stack_probe', 'stack_pointer_now', 'program_init', 'program_init_count', 'data_marker',
  'alloc_live_bytes', 'alloc_live_blocks', 'alloc_total_allocs', 'alloc_total_frees'];
const DATA_MARKER_AFTER_INIT = 0xd0e50002;

function allocStats(exports) {
  const s = {
    live_bytes: call(exports, 'alloc_live_bytes'),
    live_blocks: call(exports, 'alloc_live_blocks'),
    total_allocs: call(exports, 'alloc_total_allocs'),
    total_frees: call(exports, 'alloc_total_frees'),
    errors: call(exports, 'alloc_errors'),
    null_frees: call(exports, 'alloc_null_frees'),
    contended: call(exports, 'alloc_contended'),
    heap_top: call(exports, 'alloc_heap_top'),
  };
  return s.live_bytes === null ? null : s;
}

// ctl: an Int32Array over a SharedArrayBuffer, one slot per barrier phase, plus the park slot.
const PHASE = { ready: 0, counted: 1, read: 2, probed: 3, observed: 4, released: 5 };
const ABORT = 14; // set by a thread that failed: the others leave their barriers instead of waiting
const PARK = 15;
const CTL_SLOTS = 16;

function barrier(ctl, slot, parties, deadline) {
  Atomics.add(ctl, slot, 1);
  Atomics.notify(ctl, slot);
  for (;;) {
    const seen = Atomics.load(ctl, slot);
    if (seen >= parties) return;
    if (Atomics.load(ctl, ABORT) !== 0) throw new Error('another thread failed');
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`barrier ${slot} timed out (${seen}/${parties} threads arrived)`);
    Atomics.wait(ctl, slot, seen, Math.min(left, 1000));
  }
}

function abortAll(ctl) {
  Atomics.store(ctl, ABORT, 1);
  for (let slot = 0; slot < CTL_SLOTS; slot++) Atomics.notify(ctl, slot);
}

function instantiate(module, importList, memory, opts) {
  const instance = new WebAssembly.Instance(module, makeImports(importList, memory)); // runs the start section
  if (opts.startExport) {
    const start = instance.exports[opts.startExport];
    if (typeof start !== 'function') throw new Error(`the module exports no function ${opts.startExport}`);
    start(opts.stackSize);
  }
  return instance.exports;
}

// The checks every thread runs, in lock-step with the other `parties` threads (barriers between phases).
function runChecks(exports, index, ctl, parties, opts, onObserve) {
  const deadline = opts.deadline;
  const r = {
    thread: index,
    tls_base: globalValue(exports, '__tls_base'),
    stack_alloc: globalValue(exports, '__stack_alloc'),
    tls_address: call(exports, 'tls_address'),
    tls_aligned_address: call(exports, 'tls_aligned_address'),
  };
  const align = call(exports, 'tls_align_required') ?? 1;
  r.tls_offset = r.tls_address !== null && r.tls_base !== null ? r.tls_address - r.tls_base : null;
  r.aligned = r.tls_aligned_address !== null ? r.tls_aligned_address % align === 0 : null;
  r.initial_ok = call(exports, 'tls_initial_ok') === null ? null : call(exports, 'tls_initial_ok') === 1;
  r.counter_before = call(exports, 'tls_counter');
  r.stack_address = call(exports, 'stack_pointer_now');
  r.program_init_count = call(exports, 'program_init_count');
  r.data_marker = hex(call(exports, 'data_marker'));
  r.data_marker_ok = r.data_marker === null ? null : r.data_marker === hex(DATA_MARKER_AFTER_INIT);

  barrier(ctl, PHASE.ready, parties, deadline);
  if (typeof exports.tls_increment === 'function') for (let i = 0; i < opts.increments; i++) exports.tls_increment(1);
  barrier(ctl, PHASE.counted, parties, deadline); // every thread has finished writing: read back
  r.counter = call(exports, 'tls_counter');
  r.counter_ok = r.counter === null ? null : r.counter === (r.counter_before ?? 0) + opts.increments;
  barrier(ctl, PHASE.read, parties, deadline);

  const pattern = (0x5ca00000 | (index + 1)) >>> 0;
  // At least probeRepeats calls and at least probeMs of probing, so that the threads' probes really overlap.
  let failures = 0, runs = 0;
  if (typeof exports.stack_probe === 'function') {
    const until = Date.now() + opts.probeMs;
    while (runs < opts.probeRepeats || Date.now() < until) {
      if (exports.stack_probe(opts.depth, pattern) !== 1) failures++;
      runs++;
    }
  }
  r.stack_probe = typeof exports.stack_probe === 'function'
    ? { pattern: hex(pattern), depth: opts.depth, runs, failures, ok: failures === 0 } : null;
  barrier(ctl, PHASE.probed, parties, deadline);
  if (onObserve) onObserve(); // the main thread reads the allocator with every thread alive
  barrier(ctl, PHASE.observed, parties, deadline);
  return r;
}

// --------------------------------------------------------------------------------------------- worker thread
if (!isMainThread) {
  parentPort.once('message', (msg) => {
    const { module, memory, ctl: ctlBuffer, index, parties, opts, role } = msg;
    const ctl = new Int32Array(ctlBuffer);
    let exports = null;
    try {
      exports = instantiate(module, msg.importList, memory, opts);
      parentPort.postMessage({ type: 'ready', index });
      const result = runChecks(exports, index, ctl, parties, opts);
      const destroy = opts.destroy ? exports[opts.destroy] : null;
      if (role === 'follower') {
        // Report where our TLS and stack are, then park: the leader frees them. After that we must not run
        // module code any more (our TLS and stack belong to the allocator again).
        parentPort.postMessage({ type: 'parked', index, result });
        while (Atomics.load(ctl, PARK) === 0) Atomics.wait(ctl, PARK, 0, 1000);
        parentPort.postMessage({ type: 'done', index, result: null });
      } else if (role === 'use-after-destroy') {
        const u = { destroy: opts.destroy, destroyed: false, trapped: null };
        if (typeof destroy === 'function') {
          destroy(0, 0, 0);
          u.destroyed = true;
          u.tls_base_after = globalValue(exports, '__tls_base');
          u.stack_alloc_after = globalValue(exports, '__stack_alloc');
          u.tls_address_after = call(exports, 'tls_address'); // only computes an address: does not trap
          try {
            exports.tls_increment(1);
            u.trapped = false;
            u.counter_after = call(exports, 'tls_counter');
          } catch (e) {
            u.trapped = true;
            u.error = `${e.name}: ${e.message}`;
          }
        }
        result.use_after_destroy = u;
        parentPort.postMessage({ type: 'done', index, result });
      } else {
        if (typeof destroy === 'function') {
          destroy(0, 0, 0);
          result.destroyed = true;
        } else result.destroyed = false;
        parentPort.postMessage({ type: 'done', index, result });
      }
    } catch (e) {
      abortAll(ctl);
      parentPort.postMessage({ type: 'error', index, error: `${e.name}: ${e.message}` });
    }
  });
}

// --------------------------------------------------------------------------------------------- main thread
function parseArgs(argv) {
  const o = {
    path: null, threads: 4, abi: null, start: 'auto', stackSize: 0, destroy: 'auto', rounds: 0,
    leaderDestroysFollower: false, useAfterDestroy: false, depth: 64, probeRepeats: null, probeMs: null, increments: 1000,
    timeoutMs: 120000,
  };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value = null;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const needValue = () => {
      if (value !== null) return value;
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const int = (s) => {
      if (!/^\d+$/.test(s)) throw new Error(`${a}: not a number: ${s}`);
      return Number(s);
    };
    switch (a) {
      case '-h': case '--help': o.help = true; break;
      case '--threads': o.threads = int(needValue()); break;
      case '--abi': o.abi = needValue(); break;
      case '--start': o.start = needValue(); break;
      case '--stack-size': o.stackSize = int(needValue()); break;
      case '--destroy': o.destroy = needValue(); break;
      case '--rounds': o.rounds = int(needValue()); break;
      case '--leader-destroys-follower': o.leaderDestroysFollower = true; break;
      case '--use-after-destroy': o.useAfterDestroy = true; break;
      case '--depth': o.depth = int(needValue()); break;
      case '--probe-repeats': o.probeRepeats = int(needValue()); break;
      case '--probe-ms': o.probeMs = int(needValue()); break;
      case '--increments': o.increments = int(needValue()); break;
      case '--timeout-ms': o.timeoutMs = int(needValue()); break;
      case '--compact': o.compact = true; break;
      default:
        if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
        positional.push(a);
    }
  }
  if (o.help) return o;
  if (positional.length < 1 || positional.length > 2) throw new Error('expected MODULE.wasm [N]');
  o.path = positional[0];
  if (positional.length === 2) {
    if (!/^\d+$/.test(positional[1])) throw new Error(`N: not a number: ${positional[1]}`);
    o.threads = Number(positional[1]);
  }
  if (o.threads < 1 || o.threads > 256) throw new Error('N must be 1..256');
  if ([o.rounds > 0, o.leaderDestroysFollower, o.useAfterDestroy].filter(Boolean).length > 1)
    throw new Error('--rounds, --leader-destroys-follower and --use-after-destroy are exclusive');
  if ((o.leaderDestroysFollower || o.useAfterDestroy) && o.threads < 2) throw new Error('this mode needs N >= 2');
  if (o.abi === 'wasmgrind') {
    o.start = 'start-section';
    o.destroy = '__wasmgrind_thread_destroy';
  } else if (o.abi === 'wasm-bindgen') {
    o.start = 'export:__wbindgen_start';
    o.destroy = '__wbindgen_thread_destroy';
  } else if (o.abi === 'none') {
    o.start = 'start-section';
    o.destroy = 'none';
  } else if (o.abi !== null) throw new Error(`unknown --abi ${o.abi}`);
  if (o.start !== 'auto' && o.start !== 'start-section' && !o.start.startsWith('export:'))
    throw new Error('--start must be start-section or export:NAME');
  if (o.probeRepeats === null) o.probeRepeats = o.rounds > 0 ? 2 : 8;
  if (o.probeMs === null) o.probeMs = o.rounds > 0 ? 5 : 20;
  return o;
}

let compactOutput = false;
function emit(report, code) {
  process.stdout.write(JSON.stringify(report, null, compactOutput ? 0 : 2) + '\n');
  process.exitCode = code;
}

// Start a worker, hand it everything it needs, and return promises for its messages.
const threadErrors = [];

function startWorker(shared, index, parties, role) {
  const worker = new Worker(new URL(import.meta.url));
  const waiters = {};
  const box = {};
  for (const t of ['ready', 'parked', 'done']) {
    waiters[t] = new Promise((resolve, reject) => { box[t] = { resolve, reject }; });
    waiters[t].catch(() => {}); // not every mode awaits every message
  }
  let failed = false;
  const failAll = (err) => {
    if (!failed && !/exited early/.test(err.message)) threadErrors.push(err.message);
    failed = true;
    for (const t of Object.keys(box)) box[t].reject(err);
  };
  worker.on('message', (m) => {
    if (m.type === 'error') failAll(new Error(`thread ${m.index}: ${m.error}`));
    else box[m.type]?.resolve(m);
  });
  worker.on('error', (e) => failAll(new Error(`thread ${index}: worker error: ${e.message}`)));
  worker.on('exit', (code) => {
    if (code !== 0) failAll(new Error(`thread ${index}: worker exited with code ${code}`));
    else failAll(new Error(`thread ${index}: worker exited early`)); // no-op for already-settled promises
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.postMessage({ ...shared, index, parties, role });
  return { worker, ready: waiters.ready, parked: waiters.parked, done: waiters.done, exited };
}

function withTimeout(promise, deadline, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

function summarize(threads) {
  const distinct = (key) => new Set(threads.map((t) => t[key])).size;
  const all = (f) => threads.every(f);
  const failures = threads.reduce((n, t) => n + (t.stack_probe?.failures ?? 0), 0);
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
    stack_probe_failures: failures,
    all_data_markers_ok: all((t) => t.data_marker_ok === true),
    program_init_counts: [...new Set(threads.map((t) => t.program_init_count))],
  };
}

async function main() {
  const t0 = Date.now();
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`run-threads: ${e.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  compactOutput = opts.compact === true;
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const mode = opts.rounds > 0 ? 'rounds' : opts.leaderDestroysFollower ? 'leader-destroys-follower'
    : opts.useAfterDestroy ? 'use-after-destroy' : 'basic';
  const report = { ok: false, module: opts.path, mode, threads: opts.threads };
  const workers = [];
  try {
    const bytes = new Uint8Array(readFileSync(opts.path));
    const module = new WebAssembly.Module(bytes);
    const importList = readImports(bytes);
    const exportNames = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
    const memImports = importList.filter((i) => i.kind === 'memory');
    if (memImports.length !== 1)
      throw new Error(memImports.length === 0
        ? 'the module imports no memory (link with --import-memory): its instances could not share one'
        : 'the module imports several memories');
    const mem = memImports[0];
    report.memory = { import: `${mem.module}.${mem.name}`, initial: mem.initial, maximum: mem.maximum, shared: mem.shared };
    if (mem.memory64) throw new Error('memory64 modules are not supported');
    if (!mem.shared) throw new Error('the memory is not shared (compile with -matomics, link with --shared-memory): threads would not share it');
    const memory = new WebAssembly.Memory({ initial: mem.initial, maximum: mem.maximum ?? mem.initial, shared: true });
    report.memory.pages_at_start = memory.buffer.byteLength / 65536;

    // ABI: explicit flags, or what the exports say.
    let startExport = null;
    if (opts.start === 'auto') startExport = exportNames.has('__wbindgen_start') ? '__wbindgen_start' : null;
    else if (opts.start.startsWith('export:')) startExport = opts.start.slice('export:'.length);
    let destroy = null;
    if (opts.destroy === 'auto')
      destroy = ['__wasmgrind_thread_destroy', '__wbindgen_thread_destroy'].find((n) => exportNames.has(n)) ?? null;
    else if (opts.destroy !== 'none') destroy = opts.destroy;
    if (startExport && !exportNames.has(startExport)) throw new Error(`the module exports no ${startExport}`);
    if (destroy && !exportNames.has(destroy)) throw new Error(`the module exports no ${destroy}`);
    report.abi = {
      start: startExport ? `export:${startExport}` : 'start-section',
      stack_size_arg: startExport ? opts.stackSize : null,
      destroy,
      patched: destroy !== null || exportNames.has('__stack_alloc'),
    };
    report.missing_test_exports = TEST_EXPORTS.filter((n) => !exportNames.has(n));

    const deadline = t0 + opts.timeoutMs;
    const wopts = {
      startExport, stackSize: opts.stackSize, destroy, depth: opts.depth, probeRepeats: opts.probeRepeats, probeMs: opts.probeMs,
      increments: opts.increments, deadline,
    };

    // Instance 0, on the main thread: it runs __wasm_init_memory (data segments) before any worker exists.
    const main0 = instantiate(module, importList, memory, wopts);
    report.module_globals = {
      tls_size: globalValue(main0, '__tls_size'), tls_align: globalValue(main0, '__tls_align'),
      heap_base: globalValue(main0, '__heap_base'), data_end: globalValue(main0, '__data_end'),
    };
    // The program's own once-only initialisation (its "main"), on the first thread only.
    report.program_init_result = call(main0, 'program_init');
    const alloc = { after_instance0: allocStats(main0) };
    report.alloc = alloc;

    const shared = { module, memory, importList, opts: wopts };
    const newCtl = () => new SharedArrayBuffer(4 * CTL_SLOTS);

    if (mode === 'basic' || mode === 'leader-destroys-follower' || mode === 'use-after-destroy') {
      const ctlBuffer = newCtl();
      const ctl = new Int32Array(ctlBuffer);
      const parties = opts.threads;
      const role = mode === 'leader-destroys-follower' ? 'follower' : mode === 'use-after-destroy' ? 'use-after-destroy' : 'worker';
      for (let i = 1; i < parties; i++) workers.push(startWorker({ ...shared, ctl: ctlBuffer }, i, parties, role));
      await withTimeout(Promise.all(workers.map((w) => w.ready)), deadline, 'the workers to instantiate');
      let aliveStats = null;
      const main = runChecks(main0, 0, ctl, parties, wopts, () => { aliveStats = allocStats(main0); });
      main.main = true;
      main.destroyed = false; // the main thread keeps its instance (and the static stack) to the end
      alloc.threads_alive = aliveStats;
      const threads = [main];

      if (mode === 'leader-destroys-follower') {
        const parked = await withTimeout(Promise.all(workers.map((w) => w.parked)), deadline, 'the followers to park');
        const followers = parked.map((m) => m.result);
        threads.push(...followers);
        const lf = { destroy, followers: followers.map((f) => ({ thread: f.thread, tls_base: f.tls_base, stack_alloc: f.stack_alloc })) };
        lf.alloc_before_destroy = allocStats(main0);
        if (destroy) {
          for (const f of followers) main0[destroy](f.tls_base ?? 0, f.stack_alloc ?? 0, 0);
          lf.destroyed = followers.length;
        } else lf.destroyed = 0;
        lf.alloc_after_destroy = allocStats(main0);
        if (lf.alloc_before_destroy && lf.alloc_after_destroy) {
          lf.freed_bytes = lf.alloc_before_destroy.live_bytes - lf.alloc_after_destroy.live_bytes;
          lf.freed_blocks = lf.alloc_before_destroy.live_blocks - lf.alloc_after_destroy.live_blocks;
          lf.returned_to_baseline = lf.alloc_after_destroy.live_bytes === alloc.after_instance0.live_bytes;
          lf.new_alloc_errors = lf.alloc_after_destroy.errors - lf.alloc_before_destroy.errors;
        }
        report.leader_destroys_follower = lf;
        Atomics.store(ctl, PARK, 1);
        Atomics.notify(ctl, PARK);
        await withTimeout(Promise.all(workers.map((w) => w.done)), deadline, 'the followers to finish');
      } else {
        const done = await withTimeout(Promise.all(workers.map((w) => w.done)), deadline, 'the workers to finish');
        threads.push(...done.map((m) => m.result));
        if (mode === 'use-after-destroy')
          report.use_after_destroy = threads.slice(1).map((t) => ({ thread: t.thread, ...t.use_after_destroy }));
      }
      await withTimeout(Promise.all(workers.map((w) => w.exited)), deadline, 'the workers to exit');
      alloc.after_workers_exit = allocStats(main0);
      if (alloc.after_instance0 && alloc.after_workers_exit)
        alloc.returned_to_baseline = alloc.after_workers_exit.live_bytes === alloc.after_instance0.live_bytes;
      report.threads_results = threads;
      report.summary = summarize(threads);
    } else {
      // Rounds: spawn N workers, each runs the checks with the others, destroys itself and exits.
      const rounds = [];
      for (let r = 0; r < opts.rounds; r++) {
        const before = allocStats(main0);
        const ctlBuffer = newCtl();
        const batch = [];
        for (let i = 0; i < opts.threads; i++) batch.push(startWorker({ ...shared, ctl: ctlBuffer }, r * opts.threads + i + 1, opts.threads, 'worker'));
        workers.push(...batch);
        const done = await withTimeout(Promise.all(batch.map((w) => w.done)), deadline, `round ${r}`);
        await withTimeout(Promise.all(batch.map((w) => w.exited)), deadline, `round ${r} workers to exit`);
        workers.length = 0;
        const after = allocStats(main0);
        const threads = done.map((m) => m.result);
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
          memory_pages_after: memory.buffer.byteLength / 65536,
          destroyed: threads.filter((t) => t.destroyed).length,
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
      alloc.at_end = allocStats(main0);
    }
    report.memory.pages_at_end = memory.buffer.byteLength / 65536;
    report.ok = true;
    report.elapsed_ms = Date.now() - t0;
    emit(report, 0);
  } catch (e) {
    report.error = e.message;
    if (workers.length) await new Promise((resolve) => setTimeout(resolve, 300)); // let failing workers' messages arrive
    if (threadErrors.length) report.thread_errors = [...threadErrors];
    report.elapsed_ms = Date.now() - t0;
    for (const w of workers) w.worker.terminate();
    emit(report, 1);
  }
}

if (isMainThread) await main();
