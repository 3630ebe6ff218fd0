// threadlink.mjs — the `wasm_threadlink` runtime contract (AFKoffee/wasmgrind's crate `wasm-threadlink`) on top of
// threadify-host.mjs, for node and browsers. The module imports:
//   thread_create(tid_ptr, start_routine) -> i32   start a thread that calls the export thread_start(start_routine)
//   thread_join(tid) -> i32                        block until that thread has ended; 0 = it succeeded
//   panic(errno)                                   never returns: the call fails with a message
//   start_lock / finish_lock / start_unlock / finish_unlock (mutex)   tracing build: counted, they must balance
//
// Design (README.md, "wasm_threadlink"): a thread table in a SharedArrayBuffer, one Int32 word per slot holding
// (id << 2 | state). thread_create reserves a slot with compareExchange, writes the id, asks the host for a
// detached thread (a message to the worker owner; no waiting) and returns 0 at once. The new thread runs
// thread_start, destroys itself and then stores DONE (or FAILED with its message) and notifies; thread_join
// Atomics.waits on the word. So nested creation works everywhere: no thread ever waits for a worker to exist.
// This file is both the page/main-thread API (class Threadlink) and the per-thread imports module (default export).

import { Host } from './threadify-host.mjs';

const SLOT_BITS = 10;
const STATE_RUNNING = 1, STATE_DONE = 2, STATE_FAILED = 3;
const MESSAGE_BYTES = 256;
const COUNTERS = ['start_lock', 'finish_lock', 'start_unlock', 'finish_unlock', 'created', 'live', 'failed', 'joined', 'peak_live'];
const C = Object.fromEntries(COUNTERS.map((name, i) => [name, i]));

/**
 * What thread_create / thread_join return when they fail: the contract's error numbers (wasmgrind_error::errno),
 * the same in the Swift host (docs/threadlink.md, "Result codes").
 */
export const ThreadlinkError = { threadNotFound: 1, joinFailed: 2, threadFailed: 3, outOfBounds: 4 };

/** What the contract's error number means (wasmgrind_error::errno_description; docs/threadlink.md). */
export function describeErrno(errno) {
  return [
    'no error',
    'runtime error: thread not found',
    'runtime error: thread join failed',
    'runtime error: thread failed in runtime context',
    'runtime error: thread tried to access shared memory out of bounds',
    'runtime error: could not convert u32 to pointer-sized type',
    'runtime error: thread management lock was poisoned',
    'library error: result was not available after thread join',
    'library error: multiple references to the result after thread join',
  ][errno] ?? 'unknown error';
}

/** The page/main-thread side: the shared thread table and counters, and the host option that installs the imports. */
export class Threadlink {
  /** capacity: threads alive (or finished, not yet joined) at once, at most 2^10; joinTimeoutMs: bound on thread_join. */
  constructor({ capacity = 1 << SLOT_BITS, joinTimeoutMs = 60000 } = {}) {
    if (!(capacity >= 1 && capacity <= 1 << SLOT_BITS)) throw new RangeError(`capacity must be 1..${1 << SLOT_BITS}`);
    this.options = {
      capacity,
      joinTimeoutMs,
      table: new SharedArrayBuffer(4 * capacity),
      orphans: new SharedArrayBuffer(4 * capacity),
      messages: new SharedArrayBuffer(MESSAGE_BYTES * capacity),
      counters: new SharedArrayBuffer(4 * COUNTERS.length),
    };
    this._counters = new Int32Array(this.options.counters);
  }

  /** The entry for the host's `imports` option. */
  get imports() {
    return { module: import.meta.url, options: this.options };
  }

  /** Lock callbacks seen and threads created / alive / failed / joined so far. */
  counters() {
    return Object.fromEntries(COUNTERS.map((name, i) => [name, Atomics.load(this._counters, i)]));
  }

  /** True when every lock and unlock callback pair completed. */
  locksBalanced() {
    const c = this.counters();
    return c.start_lock === c.finish_lock && c.finish_lock === c.start_unlock && c.start_unlock === c.finish_unlock;
  }

  /** Creates a host for `source` with these imports (and any in options.imports). */
  host(source, options = {}) {
    return Host.create(source, { ...options, imports: [this.imports, ...(options.imports ?? [])] });
  }
}

const utf8 = new TextEncoder();

/** The per-thread imports (runs in each thread's worker). */
export default function threadlinkImports(ctx, options) {
  const table = new Int32Array(options.table);
  // Per slot, the id of a thread that ended well but whose slot was taken over before it was joined (the last one).
  const orphans = new Int32Array(options.orphans);
  const messages = new Uint8Array(options.messages);
  const counters = new Int32Array(options.counters);
  const mask = (1 << SLOT_BITS) - 1;
  let lastFailure = null;

  // A thread started by thread_create reports how it ended, after the host destroyed it.
  const me = ctx.data?.threadlink;
  if (me !== undefined) {
    ctx.onExit((error) => {
      const slot = me & mask;
      if (error) {
        const text = utf8.encode(`thread ${me}: ${error instanceof Error ? `${error.name}: ${error.message}` : error}`);
        const n = Math.min(text.length, MESSAGE_BYTES - 2);
        const base = slot * MESSAGE_BYTES;
        messages[base] = n & 0xff;
        messages[base + 1] = n >> 8;
        messages.set(text.subarray(0, n), base + 2);
        Atomics.add(counters, C.failed, 1);
      }
      Atomics.store(table, slot, (me << 2) | (error ? STATE_FAILED : STATE_DONE));
      Atomics.notify(table, slot);
      Atomics.sub(counters, C.live, 1);
    });
  }

  function reserve() {
    const start = Math.floor(Math.random() * options.capacity);
    // A free slot (state 0: joined, or never used) first; only when there is none, one whose thread is DONE and not
    // joined yet: its id is remembered in `orphans`, so that joining it later still returns 0. The word keeps the
    // last id, so every reuse takes the next generation: ids are not repeated.
    for (const wanted of [0, STATE_DONE]) {
      for (let i = 0; i < options.capacity; i++) {
        const slot = (start + i) % options.capacity;
        const word = Atomics.load(table, slot);
        if ((word & 3) !== wanted) continue;
        const generation = ((word >>> 2) >>> SLOT_BITS) + 1;
        const id = ((generation & 0x7ffff) || 1) << SLOT_BITS | slot;
        const previous = wanted === STATE_DONE ? Atomics.exchange(orphans, slot, word >>> 2) : 0;
        if (Atomics.compareExchange(table, slot, word, (id << 2) | STATE_RUNNING) === word) return id;
        if (wanted === STATE_DONE) Atomics.compareExchange(orphans, slot, word >>> 2, previous);
      }
    }
    return -1;
  }

  function readMessage(slot) {
    const base = slot * MESSAGE_BYTES;
    const n = messages[base] | (messages[base + 1] << 8);
    return new TextDecoder().decode(messages.slice(base + 2, base + 2 + n));
  }

  const count = (i) => () => {
    Atomics.add(counters, i, 1);
  };

  return {
    wasm_threadlink: {
      thread_create(tidPtr, startRoutine) {
        if (!(tidPtr >= 0 && tidPtr + 4 <= ctx.memory.buffer.byteLength)) {
          lastFailure = `thread_create: tid_ptr ${tidPtr >>> 0} is outside the memory`;
          return ThreadlinkError.outOfBounds;
        }
        const id = reserve();
        if (id < 0) {
          lastFailure = `thread_create refused: all ${options.capacity} thread slots are taken`;
          return ThreadlinkError.threadFailed;
        }
        const live = Atomics.add(counters, C.live, 1) + 1;
        for (let peak = Atomics.load(counters, C.peak_live); live > peak; peak = Atomics.load(counters, C.peak_live))
          if (Atomics.compareExchange(counters, C.peak_live, peak, live) === peak) break;
        try {
          ctx.spawn({ call: ['thread_start', startRoutine], data: { threadlink: id } });
        } catch {
          Atomics.sub(counters, C.live, 1);
          Atomics.store(table, id & mask, id << 2);
          return ThreadlinkError.threadFailed;
        }
        Atomics.add(counters, C.created, 1);
        new DataView(ctx.memory.buffer).setUint32(tidPtr, id, true);
        return 0;
      },
      thread_join(tid) {
        const slot = tid & mask;
        if (slot >= options.capacity) return ThreadlinkError.threadNotFound;
        const deadline = Date.now() + options.joinTimeoutMs;
        for (;;) {
          const word = Atomics.load(table, slot);
          if (word >>> 2 !== tid >>> 0) {
            // Not the slot's thread: one that ended well and lost its slot before this join, or an unknown id.
            if (tid !== 0 && Atomics.compareExchange(orphans, slot, tid, 0) === tid) {
              Atomics.add(counters, C.joined, 1);
              return 0;
            }
            return ThreadlinkError.threadNotFound;
          }
          const state = word & 3;
          if (state === 0) return ThreadlinkError.threadNotFound; // joined already
          if (state === STATE_RUNNING) {
            const left = deadline - Date.now();
            if (left <= 0) {
              lastFailure = `thread_join(${tid}) timed out after ${options.joinTimeoutMs} ms`;
              return ThreadlinkError.joinFailed;
            }
            Atomics.wait(table, slot, word, left);
            continue;
          }
          const failed = state === STATE_FAILED;
          if (failed) lastFailure = readMessage(slot);
          if (Atomics.compareExchange(table, slot, word, tid << 2) !== word) continue; // free, same generation
          Atomics.add(counters, C.joined, 1);
          return failed ? ThreadlinkError.threadFailed : 0;
        }
      },
      panic(errno) {
        const why = lastFailure ? `: ${lastFailure}` : '';
        throw new Error(`wasm_threadlink.panic(${errno}): the program panicked: errno ${errno} (${describeErrno(errno)})${why}`);
      },
      start_lock: count(C.start_lock),
      finish_lock: count(C.finish_lock),
      start_unlock: count(C.start_unlock),
      finish_unlock: count(C.finish_unlock),
    },
  };
}
