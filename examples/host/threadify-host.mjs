// threadify-host.mjs — run a module patched by wasm-threadify on real threads, in node >= 20 (worker_threads) and in
// browsers (module Web Workers). One dependency-free ES module: the same file is the page/main-thread API and the
// worker script. See README.md next to this file.
//
// Model: one shared WebAssembly.Memory (created from the module's memory import limits), one compiled module, one
// instance per thread, one thread per worker at a time. EVERY thread runs in a worker, the program's first one too:
// the main thread (or page) only manages workers, because Atomics.wait is not allowed on a page's main thread.
// Everything ABI-specific (how each instance is started, how a thread's stack and TLS are given back) is read from
// the module's marker section (docs/marker-format.md); the host knows no toolchain names.

import { customSections, markerSection, readMarkerPayload } from './marker.mjs';

const WORKER_NAME = 'threadify-host-worker';
const IS_NODE = typeof process === 'object' && typeof process?.versions?.node === 'string';
const nodeWorkerThreads = IS_NODE ? await import('node:worker_threads') : null;

/** An error the host reports (refused module, missing import, failed thread, timeout). */
export class HostError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'HostError';
  }
}

/** The function a WebAssembly trap happened in: the first wasm frame of its stack (`at NAME (wasm://…)`). */
const trapSite = (e) => (e instanceof WebAssembly.RuntimeError ? /\n\s*at (\S+) \(wasm:/.exec(e.stack ?? '')?.[1] : null);

const describe = (e) => {
  if (e instanceof HostError) return e.message;
  if (!(e instanceof Error)) return String(e);
  const site = trapSite(e);
  return `${e.name}: ${e.message}${site ? ` in ${site}` : ''}`;
};

// ------------------------------------------------------------------------------------------------- module facts

/**
 * The module's imported memory, read from the import section (node 20's `WebAssembly.Module.imports()` does not
 * report limits). `bytes` must already have been validated by `WebAssembly.compile`. Returns null without one.
 */
export function readMemoryImport(bytes) {
  let pos = 8;
  const byte = () => {
    if (pos >= bytes.length) throw new HostError('truncated module');
    return bytes[pos++];
  };
  const leb = () => {
    let value = 0, scale = 1, b;
    do {
      b = byte();
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (scale > 2 ** 70) throw new HostError('LEB128 number too long');
    } while (b & 0x80);
    return value;
  };
  const skipName = () => {
    const length = leb();
    const start = pos;
    pos += length;
    if (pos > bytes.length) throw new HostError('truncated module');
    return new TextDecoder().decode(bytes.subarray(start, pos));
  };
  const skipLimits = () => {
    const flags = byte();
    leb();
    if (flags & 1) leb();
    return flags;
  };
  while (pos < bytes.length) {
    const id = byte();
    const size = leb();
    const end = pos + size;
    if (end > bytes.length) throw new HostError('truncated module');
    if (id !== 2) {
      pos = end;
      continue;
    }
    for (let count = leb(), i = 0; i < count; i++) {
      const module = skipName();
      const name = skipName();
      const kind = byte();
      if (kind === 0) leb();
      else if (kind === 1) {
        byte();
        skipLimits();
      } else if (kind === 3) {
        byte();
        byte();
      } else if (kind === 4) {
        byte();
        leb();
      } else if (kind === 2) {
        const flags = byte();
        const initial = leb();
        const maximum = flags & 1 ? leb() : null;
        return { module, name, initial, maximum, shared: (flags & 2) !== 0, memory64: (flags & 4) !== 0 };
      } else throw new HostError(`unknown import kind ${kind}`);
    }
    return null;
  }
  return null;
}

/**
 * The host ABI recorded by the patch in the module's marker (docs/marker-format.md), found whatever the name of the
 * section that holds it, read by marker.mjs and checked against the module's exports. Throws a HostError naming the
 * module when it has no marker, an old one, a bad one, or one this host cannot honour.
 */
export function readMarker(bytes, module, label) {
  const repatch = `patch it with this version of wasm-threadify (wasm-threadify --rules RULES ${label} -o OUT.wasm)`;
  let section, marker;
  try {
    section = markerSection(customSections(bytes));
    if (!section) throw new HostError(`${label} was not patched by wasm-threadify: it has no marker section; ${repatch}`);
    marker = readMarkerPayload(section.payload);
  } catch (e) {
    if (e instanceof HostError) throw e;
    throw new HostError(section ? `${label}: marker section "${section.name}": ${e.message}` : `${label}: ${e.message}`);
  }
  const bad = (what) => new HostError(`${label}: marker section "${section.name}": ${what}`);
  if (marker.start?.call === 'host-allocates')
    throw bad(`"start": "call": "host-allocates" (entry ${marker.start.export}), which this host cannot honour: it does not allocate stacks and TLS blocks for an entry`);
  const spawn = marker.spawn;
  if (spawn && !(spawn.params.length === 1 && spawn.params[0] === 'i32' && spawn.results.length === 1 && spawn.results[0] === 'i32'))
    throw bad(`"spawn": the import ${spawn.module}.${spawn.name} of signature (${spawn.params.join(' ')}) -> (${spawn.results.join(' ')}), which this host cannot honour (it implements (i32) -> (i32))`);
  return checkABI(module, { rules: marker.rules, version: marker.version, start: marker.start ?? null, spawn: spawn ?? null, destroy: marker.destroy ?? null }, bad);
}

const isI32 = (v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 32;

/** An ABI given explicitly (the `abi` option), in the marker's own terms: { start, destroy }. */
function normaliseABI(given, bad) {
  const abi = { rules: given.rules ?? null, version: given.version ?? null, start: null, destroy: null };
  if (given.start !== null && given.start !== undefined) {
    const { export: name, args, call = 'every-instance' } = given.start;
    if (typeof name !== 'string' || !Array.isArray(args)) throw bad('"start" needs "export" and "args"');
    for (const a of args) if (!isI32(a) && a !== 'stack_size' && a !== 'thread_id') throw bad(`"start" argument ${JSON.stringify(a)} is unknown`);
    if (call !== 'every-instance' && call !== 'other-instances') throw bad(`"start.call" ${JSON.stringify(call)} is unknown`);
    abi.start = { call, export: name, args };
  }
  if (given.destroy !== null && given.destroy !== undefined) {
    const { export: name, self, other } = given.destroy;
    if (typeof name !== 'string' || !Array.isArray(self) || !Array.isArray(other))
      throw bad('"destroy" needs "export", "self" and "other"');
    for (const a of self) if (!isI32(a)) throw bad(`"destroy.self" argument ${JSON.stringify(a)} is not an integer`);
    for (const a of other)
      if (!isI32(a) && !(a && typeof a === 'object' && typeof a.global === 'string'))
        throw bad(`"destroy.other" argument ${JSON.stringify(a)} is neither an integer nor {"global": NAME}`);
    abi.destroy = { export: name, self, other };
  }
  return abi;
}

function checkABI(module, abi, bad) {
  const kinds = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  const need = (name, kind, role) => {
    if (kinds.get(name) !== kind) throw bad(`${role} "${name}" is not an exported ${kind} of the module`);
  };
  if (abi.start) need(abi.start.export, 'function', 'start export');
  if (abi.destroy) {
    need(abi.destroy.export, 'function', 'destroy export');
    for (const a of abi.destroy.other) if (typeof a === 'object') need(a.global, 'global', 'destroy.other global');
  }
  return abi;
}

// ------------------------------------------------------------------------------------------------- worker side

const worker = {
  module: null,
  memory: null,
  abi: null,
  memoryImport: null,
  stackSize: 0,
  thread: null, // { id, exports, ctx, exitHooks, data }
  factories: new Map(),
  queue: Promise.resolve(),
  post: null,
};

/** The start's arguments for thread `thread` (marker-format.md, *Arguments*); `spawnArg` 0 for a host-made thread. */
function workerStartArgs(abi, stackSize, thread, spawnArg = 0) {
  const roles = { stack_size: stackSize, thread_id: thread, spawn_arg: spawnArg };
  return abi.start.args.map((a) => (typeof a === 'string' ? roles[a] : a));
}

async function buildImports(msg, ctx) {
  const importObject = {};
  const merge = (part, from) => {
    if (part === null || typeof part !== 'object') throw new HostError(`${from} returned no import object`);
    for (const [mod, names] of Object.entries(part)) Object.assign((importObject[mod] ??= {}), names);
  };
  for (const { module: url, options } of msg.imports) {
    let factory = worker.factories.get(url);
    if (!factory) {
      const loaded = await import(url);
      factory = loaded.default;
      if (typeof factory !== 'function') throw new HostError(`imports module ${url} has no default export function`);
      worker.factories.set(url, factory);
    }
    merge(await factory(ctx, options), `imports module ${url}`);
  }
  merge(msg.values ?? {}, 'values');
  // Family (d): the program spawns its threads through the marker's import; its id is taken here, at once.
  const spawn = worker.abi.spawn;
  if (spawn)
    (importObject[spawn.module] ??= {})[spawn.name] = (arg) => {
      const thread = Atomics.add(worker.ids, 0, 1);
      worker.post({ type: 'spawn', call: null, data: null, parent: ctx.thread, thread, spawnArg: arg });
      return thread;
    };
  const mem = worker.memoryImport;
  if (mem) (importObject[mem.module] ??= {})[mem.name] = worker.memory;
  for (const imp of WebAssembly.Module.imports(worker.module)) {
    if (!(imp.module in importObject) || !(imp.name in importObject[imp.module]))
      throw new HostError(`missing import ${imp.module}.${imp.name} (${imp.kind}): give it in the host's imports or values`);
  }
  return importObject;
}

async function startThread(msg) {
  const t0 = performance.now();
  const state = { id: msg.thread, exports: null, exitHooks: [], data: msg.data ?? null };
  const ctx = {
    thread: msg.thread,
    data: state.data,
    memory: worker.memory,
    module: worker.module,
    abi: worker.abi,
    stackSize: worker.stackSize,
    get exports() {
      return state.exports;
    },
    spawn: ({ call, data = null } = {}) => {
      if (!Array.isArray(call) || typeof call[0] !== 'string') throw new HostError('spawn needs call: [EXPORT, ...args]');
      worker.post({ type: 'spawn', call, data, parent: state.id });
    },
    onExit: (fn) => state.exitHooks.push(fn),
  };
  state.ctx = ctx;
  worker.thread = state;
  const importObject = await buildImports(msg, ctx);
  // The manager names the thread in the message; a trap here is most often the allocator out of memory.
  let instance;
  try {
    instance = await WebAssembly.instantiate(worker.module, importObject); // runs the start section
  } catch (e) {
    throw new HostError(`instantiation failed: ${describe(e)}${memoryUse(e)}`, { cause: e });
  }
  state.exports = instance.exports;
  // Family (c): the first instance is set up by its start section alone.
  const start = worker.abi.start;
  if (start && (start.call !== 'other-instances' || state.id !== 0)) {
    try {
      state.exports[start.export](...workerStartArgs(worker.abi, worker.stackSize, state.id, msg.spawnArg ?? 0));
    } catch (e) {
      throw new HostError(`${start.export} failed: ${describe(e)}${memoryUse(e)}`, { cause: e });
    }
  }
  return { state, startMs: performance.now() - t0 };
}

/** For a start that trapped: the shared memory's size against its maximum (did the allocator run out?). */
function memoryUse(e) {
  if (!(e instanceof WebAssembly.RuntimeError)) return '';
  const pages = worker.memory.buffer.byteLength / 65536;
  return `; the shared memory is ${pages} of at most ${worker.memoryImport.maximum ?? pages} pages`;
}

function finishThread(state, error) {
  for (const hook of state.exitHooks) {
    try {
      hook(error);
    } catch (e) {
      error ??= e;
    }
  }
  if (worker.thread === state) worker.thread = null;
  return error;
}

function destroySelf(state) {
  const d = worker.abi.destroy;
  if (d) state.exports[d.export](...d.self);
}

function currentThread(msg) {
  const t = worker.thread;
  if (!t || t.id !== msg.thread) throw new HostError(`thread ${msg.thread} is not running on this worker`);
  return t;
}

const handlers = {
  ping() {
    return true;
  },
  init(msg) {
    Object.assign(worker, { module: msg.module, memory: msg.memory, abi: msg.abi, memoryImport: msg.memoryImport, stackSize: msg.stackSize, ids: new Int32Array(msg.ids) });
  },
  async thread(msg) {
    let state = null;
    try {
      const started = await startThread(msg);
      state = started.state;
      worker.post({ type: 'ready', thread: msg.thread, startMs: started.startMs });
    } catch (e) {
      if (worker.thread) finishThread(worker.thread, e);
      worker.post({ type: 'ended', thread: msg.thread, error: describe(e) });
      return;
    }
    if (!msg.detached && msg.spawnArg === undefined) return;
    // A detached thread: run its one call (a program-spawned one's entry was its life), give its stack and TLS
    // back (after a trap too), end.
    let error = null;
    try {
      if (msg.detached) {
        const [name, ...args] = msg.detached;
        const fn = state.exports[name];
        if (typeof fn !== 'function') throw new HostError(`the module exports no function ${name}`);
        fn(...args);
      }
    } catch (e) {
      error = e;
    }
    try {
      destroySelf(state);
    } catch (e) {
      error ??= e;
    }
    error = finishThread(state, error);
    worker.post({ type: 'ended', thread: msg.thread, error: error ? describe(error) : null });
  },
  call(msg) {
    const t = currentThread(msg);
    const fn = t.exports[msg.name];
    if (typeof fn !== 'function') throw new HostError(`the module exports no function ${msg.name}`);
    return fn(...msg.args);
  },
  async run(msg) {
    const t = currentThread(msg);
    let factory = worker.factories.get(`task:${msg.module}`);
    if (!factory) {
      factory = await import(msg.module);
      worker.factories.set(`task:${msg.module}`, factory);
    }
    if (typeof factory[msg.fn] !== 'function') throw new HostError(`task module ${msg.module} exports no function ${msg.fn}`);
    return await factory[msg.fn](t.ctx, ...msg.args);
  },
  end(msg) {
    const t = currentThread(msg);
    let error = null;
    try {
      destroySelf(t);
    } catch (e) {
      error = e;
    }
    error = finishThread(t, error);
    if (error) throw error;
  },
  park(msg) {
    const t = currentThread(msg);
    const d = worker.abi.destroy;
    const values = d ? d.other.map((a) => (typeof a === 'object' ? t.exports[a.global].value : a)) : [];
    const error = finishThread(t, null);
    if (error) throw error;
    return values;
  },
  destroyOther(msg) {
    const t = currentThread(msg);
    const d = worker.abi.destroy;
    if (!d) throw new HostError('the module has no destroy routine (marker "destroy": null)');
    t.exports[d.export](...msg.args);
  },
};

function workerMain(post, listen) {
  worker.post = post;
  // One message at a time, in order (a task may await): later messages wait for it.
  listen((msg) => {
    worker.queue = worker.queue.then(async () => {
      const handler = handlers[msg.type];
      if (!handler) return;
      if (msg.id === undefined) return handler(msg);
      try {
        post({ type: 'reply', id: msg.id, ok: true, value: await handler(msg) });
      } catch (e) {
        post({ type: 'reply', id: msg.id, ok: false, error: describe(e) });
      }
    }).catch((e) => post({ type: 'fatal', error: describe(e) }));
  });
}

if (nodeWorkerThreads && !nodeWorkerThreads.isMainThread && nodeWorkerThreads.workerData?.[WORKER_NAME]) {
  const port = nodeWorkerThreads.parentPort;
  workerMain((m) => port.postMessage(m), (fn) => port.on('message', fn));
} else if (!IS_NODE && typeof WorkerGlobalScope !== 'undefined' && self.name === WORKER_NAME) {
  workerMain((m) => self.postMessage(m), (fn) => self.addEventListener('message', (e) => fn(e.data)));
}

// ------------------------------------------------------------------------------------------------- manager side

function newWorker() {
  if (IS_NODE) {
    const w = new nodeWorkerThreads.Worker(new URL(import.meta.url), { workerData: { [WORKER_NAME]: true }, name: WORKER_NAME });
    return {
      post: (m) => w.postMessage(m),
      onMessage: (fn) => w.on('message', fn),
      onFailure: (fn) => {
        w.on('error', (e) => fn(`worker error: ${describe(e)}`));
        w.on('exit', (code) => fn(`worker exited (code ${code})`));
      },
      terminate: () => w.terminate(),
    };
  }
  const w = new Worker(import.meta.url, { type: 'module', name: WORKER_NAME });
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.addEventListener('message', (e) => fn(e.data)),
    onFailure: (fn) => {
      w.addEventListener('error', (e) => fn(`worker error: ${e.message || 'the worker script failed to load'}`));
      w.addEventListener('messageerror', () => fn('worker message could not be deserialised'));
    },
    terminate: () => w.terminate(),
  };
}

async function loadBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (IS_NODE && (typeof source === 'string' || source instanceof URL) && !/^https?:/.test(String(source))) {
    const { readFile } = await import('node:fs/promises');
    return new Uint8Array(await readFile(source));
  }
  const response = await fetch(source);
  if (!response.ok) throw new HostError(`${source}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function labelOf(source, options) {
  if (options.name) return options.name;
  if (typeof source === 'string' || source instanceof URL) return String(source).split('/').pop() || String(source);
  return 'the module';
}

async function resolveModuleURL(specifier) {
  if (specifier instanceof URL) return specifier.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return specifier;
  if (IS_NODE) {
    const { pathToFileURL } = await import('node:url');
    return pathToFileURL(specifier).href;
  }
  return new URL(specifier, globalThis.location?.href).href;
}

const STATS_SAMPLES = 10000;

/** Appends a timing to `list`, keeping it bounded (a long-running program starts threads without end). */
function sample(list, value) {
  if (list.length >= 2 * STATS_SAMPLES) list.splice(0, STATS_SAMPLES);
  list.push(value);
}

/** One thread: an instance of the module on a worker. Created by `Host.spawn()`; the first one is `host.main`. */
export class Thread {
  constructor(host, id, slot) {
    this.host = host;
    this.id = id;
    this._slot = slot;
    this.startMs = null;
  }
  /** Calls the function export `name` on this thread; resolves with its result (an array for several). */
  call(name, ...args) {
    return this._request({ type: 'call', name, args }, `${name}`);
  }
  /** Runs `fn(ctx, ...args)` exported by the ES module `moduleURL` on this thread (ctx.exports, ctx.memory). */
  async run(moduleURL, fn, ...args) {
    return this._request({ type: 'run', module: await resolveModuleURL(moduleURL), fn, args }, `task ${fn}`);
  }
  /** Ends the thread: destroys its stack and TLS (marker `destroy.self`) as its last call; its worker is reused. */
  async end() {
    try {
      await this._request({ type: 'end' }, 'destroy');
    } finally {
      this.host._release(this);
    }
  }
  /**
   * Parks the thread for a leader to destroy: reads the follower values the marker names (`destroy.other`),
   * stops running module code and frees its worker. Pass the result to `leader.destroyParked()`.
   */
  async park() {
    try {
      return { thread: this.id, args: await this._request({ type: 'park' }, 'park') };
    } finally {
      this.host._release(this);
    }
  }
  /** Destroys a parked follower's stack and TLS from this (leader) thread. */
  destroyParked(parked) {
    return this._request({ type: 'destroyOther', args: parked.args }, `destroy thread ${parked.thread}`);
  }
  _request(msg, what) {
    if (!this._slot) return Promise.reject(new HostError(`thread ${this.id} has ended`));
    return this.host._request(this._slot, { ...msg, thread: this.id }, `thread ${this.id}: ${what}`);
  }
}

/**
 * A running program: the shared memory, the compiled module, its threads and their workers.
 * Create it with `await Host.create(source, options)`; `host.main` is the program's first thread.
 */
export class Host {
  /**
   * source: the module's bytes (BufferSource), a URL, or (node) a file path.
   * options:
   *   imports: [{ module: URL, options }] ES modules whose default export `(ctx, options) => importObject` gives
   *            each thread its imports (functions cannot cross workers); ctx: thread, data, memory, exports
   *            (after instantiation), spawn({call: [EXPORT, ...args], data}), onExit(fn(error)).
   *   values: { module: { name: value } } plain (cloneable) import values for every thread.
   *   stackSize: the stack size in bytes passed where the marker's start asks for "stack_size" (0: default).
   *   timeoutMs: how long a call or idle() may take (default 60000); the thread is then terminated.
   *   startTimeoutMs: how long a thread start may take, a new worker's start included (default: the larger of
   *            timeoutMs and 60000: a loaded machine can take seconds to start a worker).
   *   abi: { start, destroy } to run a module without a marker (marker-format.md); the marker is otherwise found
   *            whatever the name of its section.
   *   poolSize: workers started before the first thread and kept (Emscripten's PTHREAD_POOL_SIZE, wasm-bindgen-
   *            rayon's initThreadPool(n)); more start on demand (default 0; host.prewarm(n) does the same later).
   *   maxIdleWorkers: the most workers kept for reuse after their thread ended (default: no bound; the host keeps
   *            as many as the program's peak of threads running at once, and at least poolSize). name: its label.
   */
  static async create(source, options = {}) {
    const label = labelOf(source, options);
    const bytes = await loadBytes(source);
    let module;
    try {
      module = await WebAssembly.compile(bytes);
    } catch (e) {
      throw new HostError(`${label} is not a valid WebAssembly module: ${describe(e)}`);
    }
    const badOption = (what) => new HostError(`${label}: abi option: ${what}`);
    const abi = options.abi
      ? checkABI(module, normaliseABI(options.abi, badOption), badOption)
      : readMarker(bytes, module, label);
    const mem = readMemoryImport(bytes);
    if (!mem) throw new HostError(`${label} imports no memory: its threads could not share one`);
    if (!mem.shared) throw new HostError(`${label}: its memory ${mem.module}.${mem.name} is not shared`);
    if (mem.memory64) throw new HostError(`${label}: memory64 is not supported`);
    let memory;
    try {
      memory = new WebAssembly.Memory({ initial: mem.initial, maximum: mem.maximum ?? mem.initial, shared: true });
    } catch (e) {
      throw new HostError(`${label}: cannot create its shared memory (${mem.initial}..${mem.maximum} pages): ${describe(e)}`);
    }
    const imports = [];
    for (const entry of options.imports ?? [])
      imports.push({ module: await resolveModuleURL(entry.module), options: entry.options ?? null });
    const host = new Host({ label, module, memory, abi, memoryImport: mem, imports, options });
    try {
      if (options.poolSize) await host.prewarm(options.poolSize + 1); // the program's first thread takes one
      host.main = await host.spawn();
    } catch (e) {
      host.close();
      throw e;
    }
    return host;
  }

  constructor({ label, module, memory, abi, memoryImport, imports, options }) {
    this.label = label;
    this.module = module;
    this.memory = memory;
    this.abi = abi;
    this.memoryImport = memoryImport;
    this._imports = imports;
    this._values = options.values ?? {};
    this._stackSize = options.stackSize ?? 0;
    this.timeoutMs = options.timeoutMs ?? 60000;
    this.startTimeoutMs = options.startTimeoutMs ?? Math.max(this.timeoutMs, 60000);
    this._maxIdle = options.maxIdleWorkers ?? Infinity;
    this._poolSize = 0;
    this._busy = 0; // workers running a thread
    this._onError = options.onError ?? null;
    // Thread ids, shared with the workers: a program-spawned thread's id is returned by its spawn import at once.
    this._ids = new Int32Array(new SharedArrayBuffer(4));
    this._nextRequest = 1;
    this._slots = new Set();
    this._idle = [];
    this._detached = new Map(); // thread id -> { slot }
    this._idleWaiters = [];
    this._closed = false;
    /** Failures of detached threads not yet reported by idle(). */
    this.errors = [];
    /** Counters: threads started, detached threads started/failed, workers created; start times in ms (of the
     *  last STATS_SAMPLES to 2 * STATS_SAMPLES threads). */
    this.stats = {
      threadsStarted: 0, detachedStarted: 0, detachedFailed: 0, workersCreated: 0, peakBusyWorkers: 0,
      startMs: [], readyMsNewWorker: [], readyMsReusedWorker: [],
    };
  }

  /** Starts a new thread (a new instance on a worker) that waits for calls; `data` is its ctx.data. */
  async spawn({ data = null } = {}) {
    const id = Atomics.add(this._ids, 0, 1);
    const slot = this._acquire();
    const thread = new Thread(this, id, slot);
    slot.thread = id;
    const ready = this._expect(slot, 'ready', id, `thread ${id}: start`);
    this._postThread(slot, { type: 'thread', thread: id, imports: this._imports, values: this._values, data });
    try {
      const m = await ready;
      thread.startMs = m.startMs;
    } catch (e) {
      this._discard(slot);
      thread._slot = null;
      throw e;
    }
    return thread;
  }

  /**
   * Starts workers until `count` are idle and waits until each has loaded (a thread then starts on one without
   * waiting for a worker); they are kept as long as the host lives, whatever maxIdleWorkers says.
   */
  async prewarm(count) {
    this._poolSize = Math.max(this._poolSize, count);
    const fresh = [];
    while (this._idle.length + fresh.length < count) fresh.push(this._newSlot());
    await Promise.all(fresh.map((slot) => this._request(slot, { type: 'ping' }, 'a new worker')));
    for (const slot of fresh) if (!slot.dead) this._idle.push(slot);
  }

  /** Calls an export on the first thread. */
  call(name, ...args) {
    return this.main.call(name, ...args);
  }

  /** Threads started with ctx.spawn() that have not ended yet. */
  get liveThreads() {
    return this._detached.size;
  }

  /**
   * Resolves when no thread started with ctx.spawn() is running any more; rejects with the first failure of one
   * (then clears `errors`) or after `timeoutMs`.
   */
  idle({ timeoutMs = this.timeoutMs } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this._detached.size > 0) return false;
        clearTimeout(timer);
        if (this.errors.length > 0) {
          const errors = this.errors.splice(0);
          reject(new HostError(errors.join('; ')));
        } else resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this._idleWaiters = this._idleWaiters.filter((w) => w !== check);
        reject(new HostError(`${this._detached.size} threads still running after ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this._idleWaiters.push(check);
    });
  }

  /** Terminates every worker; pending calls reject. The process (or page) can then exit cleanly. */
  close() {
    this._closed = true;
    for (const slot of [...this._slots]) this._discard(slot, 'the host was closed');
    this._idle = [];
    this._detached.clear();
    for (const check of this._idleWaiters.splice(0)) check();
  }

  // A worker for a new thread: an idle one, else a new one.
  _acquire() {
    if (this._closed) throw new HostError('the host was closed');
    const slot = this._idle.pop() ?? this._newSlot();
    slot.busy = true;
    this._busy++;
    this.stats.peakBusyWorkers = Math.max(this.stats.peakBusyWorkers, this._busy);
    return slot;
  }

  // The worker of a thread that ended: kept while fewer are idle than the program's peak needed (or poolSize).
  _giveBack(slot) {
    this._unbusy(slot);
    slot.thread = null;
    const keep = Math.max(Math.min(this._maxIdle, this.stats.peakBusyWorkers), this._poolSize);
    if (this._closed || this._idle.length >= keep) this._discard(slot);
    else this._idle.push(slot);
  }

  _unbusy(slot) {
    if (!slot.busy) return;
    slot.busy = false;
    this._busy--;
  }

  // A worker and its pending requests.
  _newSlot() {
    if (this._closed) throw new HostError('the host was closed');
    const w = newWorker();
    this.stats.workersCreated++;
    const slot = { worker: w, pending: new Map(), expects: new Map(), thread: null, dead: false, busy: false, threads: 0 };
    this._slots.add(slot);
    w.onMessage((m) => this._onMessage(slot, m));
    w.onFailure((why) => this._discard(slot, why));
    w.post({ type: 'init', module: this.module, memory: this.memory, abi: this.abi, memoryImport: this.memoryImport, stackSize: this._stackSize, ids: this._ids.buffer });
    return slot;
  }

  _release(thread) {
    const slot = thread._slot;
    thread._slot = null;
    if (!slot || slot.dead) return;
    this._giveBack(slot);
  }

  _discard(slot, why = null) {
    if (slot.dead) return;
    slot.dead = true;
    this._unbusy(slot);
    this._slots.delete(slot);
    this._idle = this._idle.filter((s) => s !== slot);
    slot.worker.terminate();
    const reason = why ?? 'its worker was stopped';
    for (const { reject, what } of slot.pending.values()) reject(new HostError(`${what}: ${reason}`));
    for (const { reject, what } of slot.expects.values()) reject(new HostError(`${what}: ${reason}`));
    slot.pending.clear();
    slot.expects.clear();
    for (const [id, d] of this._detached) if (d.slot === slot) this._detachedEnded(id, `thread ${id}: ${reason}`);
  }

  _post(slot, msg) {
    slot.worker.post(msg);
  }

  _postThread(slot, msg) {
    slot.threadPosted = performance.now();
    slot.fresh = slot.threads === 0;
    slot.threads++;
    this._post(slot, msg);
  }

  _timeout(slot, what, reject, ms = this.timeoutMs) {
    return setTimeout(() => {
      reject(new HostError(`${what}: timed out after ${ms} ms`));
      this._discard(slot, `stopped after a ${ms} ms timeout`);
    }, ms);
  }

  _request(slot, msg, what) {
    if (slot.dead) return Promise.reject(new HostError(`${what}: its worker was stopped`));
    const id = this._nextRequest++;
    return new Promise((resolve, reject) => {
      const timer = this._timeout(slot, what, reject);
      const done = (f) => (v) => {
        clearTimeout(timer);
        slot.pending.delete(id);
        f(v);
      };
      slot.pending.set(id, { resolve: done(resolve), reject: done(reject), what });
      this._post(slot, { ...msg, id });
    });
  }

  _expect(slot, type, thread, what) {
    return new Promise((resolve, reject) => {
      const timer = this._timeout(slot, what, reject, this.startTimeoutMs);
      const done = (f) => (v) => {
        clearTimeout(timer);
        slot.expects.delete(thread);
        f(v);
      };
      slot.expects.set(thread, { type, resolve: done(resolve), reject: done(reject), what });
    });
  }

  _onMessage(slot, m) {
    if (m.type === 'reply') {
      const p = slot.pending.get(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.value);
      else p.reject(new HostError(`${p.what}: ${m.error}`));
    } else if (m.type === 'ready') {
      this.stats.threadsStarted++;
      sample(this.stats.startMs, m.startMs);
      const readyMs = performance.now() - slot.threadPosted;
      sample(slot.fresh ? this.stats.readyMsNewWorker : this.stats.readyMsReusedWorker, readyMs);
      slot.expects.get(m.thread)?.resolve(m);
    } else if (m.type === 'ended') {
      const e = slot.expects.get(m.thread);
      if (e) e.reject(new HostError(`thread ${m.thread}: ${m.error}`));
      if (this._detached.has(m.thread)) {
        this._detachedEnded(m.thread, m.error ? `thread ${m.thread}: ${m.error}` : null);
        this._giveBack(slot);
      } else if (e) this._discard(slot);
    } else if (m.type === 'spawn') this._spawnDetached(m);
    else if (m.type === 'fatal') this._discard(slot, m.error);
  }

  _spawnDetached(m) {
    if (this._closed) return;
    const id = m.thread ?? Atomics.add(this._ids, 0, 1);
    let slot;
    try {
      slot = this._acquire();
    } catch (e) {
      this.errors.push(`thread ${id} (spawned by thread ${m.parent}): ${describe(e)}`);
      return;
    }
    slot.thread = id;
    this.stats.detachedStarted++;
    this._detached.set(id, { slot });
    this._postThread(slot, { type: 'thread', thread: id, imports: this._imports, values: this._values, data: m.data, detached: m.call, spawnArg: m.spawnArg });
  }

  _detachedEnded(id, error) {
    if (!this._detached.delete(id)) return;
    if (error) {
      this.stats.detachedFailed++;
      this.errors.push(error);
      this._onError?.(new HostError(error));
    }
    this._idleWaiters = this._idleWaiters.filter((check) => !check());
  }
}
