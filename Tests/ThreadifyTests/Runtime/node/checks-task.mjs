// checks-task.mjs — what each thread runs for checks.mjs, on its own worker through threadify-host.mjs
// (`thread.run(URL, fn, ...)`): every check is made from inside the module through the test exports of
// examples/build/ (examples/README.md, "Test exports").

const u32 = (v) => (typeof v === 'number' ? v >>> 0 : v);
const hex = (v) => (v === null || v === undefined ? null : '0x' + (v >>> 0).toString(16).padStart(8, '0'));
const globalValue = (exports, name) => (exports[name] instanceof WebAssembly.Global ? u32(exports[name].value) : null);
const call = (exports, name, ...args) => (typeof exports[name] === 'function' ? u32(exports[name](...args)) : null);
const DATA_MARKER_AFTER_INIT = 0xd0e50002;

/** Control word slots (an Int32Array over a SharedArrayBuffer): one per barrier phase, abort, probe failure seen. */
export const PHASE = { ready: 0, counted: 1, read: 2, probed: 3, observed: 4 };
export const ABORT = 14;
export const PROBE_FAILED = 13;
export const CTL_SLOTS = 16;

/** The allocator's statistics, or null when the module does not export them. */
export function allocStats(ctx) {
  const e = ctx.exports;
  const s = {
    live_bytes: call(e, 'alloc_live_bytes'),
    live_blocks: call(e, 'alloc_live_blocks'),
    total_allocs: call(e, 'alloc_total_allocs'),
    total_frees: call(e, 'alloc_total_frees'),
    errors: call(e, 'alloc_errors'),
    null_frees: call(e, 'alloc_null_frees'),
    contended: call(e, 'alloc_contended'),
    heap_top: call(e, 'alloc_heap_top'),
  };
  return s.live_bytes === null ? null : s;
}

/** The linker globals the module exports (null when absent, e.g. removed by a patch). */
export function moduleGlobals(ctx) {
  const e = ctx.exports;
  return {
    tls_size: globalValue(e, '__tls_size'), tls_align: globalValue(e, '__tls_align'),
    heap_base: globalValue(e, '__heap_base'), data_end: globalValue(e, '__data_end'),
  };
}

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

/**
 * The checks every thread runs in lock-step with the other `parties` threads. `observer`: this thread also reads the
 * allocator while every thread is alive (between the last two barriers).
 */
export function runChecks(ctx, { index, ctlBuffer, parties, opts, observer }) {
  const ctl = new Int32Array(ctlBuffer);
  try {
    return checks(ctx.exports, index, ctl, parties, opts, observer ? () => allocStats(ctx) : null);
  } catch (e) {
    abortAll(ctl);
    throw e;
  }
}

function checks(exports, index, ctl, parties, opts, observe) {
  const deadline = Date.now() + opts.timeoutMs;
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

  // Every thread probes at once for at least probeRepeats calls and probeMs; with stopOnFailure (the unpatched
  // control) all stop as soon as one saw another thread's pattern.
  const pattern = (0x5ca00000 | (index + 1)) >>> 0;
  let failures = 0, runs = 0;
  if (typeof exports.stack_probe === 'function') {
    const until = Date.now() + opts.probeMs;
    while (runs < opts.probeRepeats || Date.now() < until) {
      if (opts.stopOnFailure && Atomics.load(ctl, PROBE_FAILED) !== 0) break;
      if (exports.stack_probe(opts.depth, pattern) !== 1) {
        failures++;
        Atomics.store(ctl, PROBE_FAILED, 1);
      }
      runs++;
    }
  }
  r.stack_probe = typeof exports.stack_probe === 'function'
    ? { pattern: hex(pattern), depth: opts.depth, runs, failures, ok: failures === 0 } : null;
  barrier(ctl, PHASE.probed, parties, deadline);
  if (observe) r.alloc_alive = observe();
  barrier(ctl, PHASE.observed, parties, deadline);
  return r;
}

/** Destroys this thread itself (marker `destroy.self`), then touches TLS: reports whether that trapped. */
export function useAfterDestroy(ctx) {
  const e = ctx.exports;
  const d = ctx.abi.destroy;
  const u = { destroy: d?.export ?? null, destroyed: false, trapped: null };
  if (!d) return u;
  e[d.export](...d.self);
  u.destroyed = true;
  u.tls_base_after = globalValue(e, '__tls_base');
  u.stack_alloc_after = globalValue(e, '__stack_alloc');
  u.tls_address_after = call(e, 'tls_address'); // only computes an address: does not trap
  try {
    e.tls_increment(1);
    u.trapped = false;
    u.counter_after = call(e, 'tls_counter');
  } catch (err) {
    u.trapped = true;
    u.error = `${err.name}: ${err.message}`;
  }
  return u;
}
