#!/usr/bin/env node
// verify.mjs — the checks of `wasm-threadify verify`, for JS users (node; in a browser, import `verify` and pass
// the module's bytes): from the module's marker alone, start the first instance and, for each of R rounds, N more
// instances over one shared memory, each started and destroyed as the marker says, and check from outside the
// program that every thread has a stack and a TLS block of its own (docs/proving-your-rule-file.md). Reports the
// same JSON as `wasm-threadify verify --json`.
//   node examples/host/verify.mjs PATCHED.wasm [--threads N] [--rounds R] [--stack-size BYTES] [--json]
// Exit status: 0 every check held; 1 a check failed or the module is not patched; 2 usage error.
// The instances run one after another on the calling thread: verify checks the memory layout the start and destroy
// routines give each thread, not their timing.

import { customSections, markerSection, readMarkerPayload } from './marker.mjs';

export const CHECKS = [
  'marker', 'start', 'first-keeps-static-stack', 'stack-pointer-set', 'tls-base-set', 'aligned', 'in-bounds',
  'clear-of-static-data', 'clear-of-utility-page', 'stacks-distinct', 'tls-distinct', 'tls-image', 'tls-isolated',
  'destroy', 'globals-after-destroy', 'memory-steady',
];
const MAX_LISTED = 50;
const SP_EXPORT = 'threadify-verify:stack-pointer';
const TLS_EXPORT = 'threadify-verify:tls-base';

class CheckFailure extends Error {
  constructor(check, thread, detail) {
    super(`${check}: ${thread === null ? '' : `thread ${thread}: `}${detail}`);
    this.record = { check, detail, thread };
  }
}

// --- reading the module's binary: just what verify needs --------------------------------------------------------

class Reader {
  constructor(bytes, offset = 0, end = bytes.length) { this.bytes = bytes; this.offset = offset; this.end = end; }
  byte() {
    if (this.offset >= this.end) throw new Error(`malformed module: unexpected end at byte offset ${this.offset}`);
    return this.bytes[this.offset++];
  }
  u32() {
    let result = 0, shift = 0, b;
    do { b = this.byte(); result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  }
  s64() {
    let result = 0n, shift = 0n, b;
    do { b = this.byte(); result |= BigInt(b & 0x7f) << shift; shift += 7n; } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }
  name() {
    const n = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return text;
  }
  limits() {
    const flags = this.byte();
    const min = this.u32();
    const max = flags & 1 ? this.u32() : undefined;
    return { shared: (flags & 2) !== 0, memory64: (flags & 4) !== 0, min, max };
  }
  // A constant expression: its value when it is one i32.const or i64.const, else null.
  constant() {
    const op = this.byte();
    let value = null;
    if (op === 0x41 || op === 0x42) value = Number(this.s64());
    else if (op === 0x23) this.u32();
    else if (op !== 0x0b) throw new Error(`constant expression opcode 0x${op.toString(16)} not supported by verify.mjs`);
    if (op === 0x0b) return null;
    if (this.byte() !== 0x0b) return null;
    return value;
  }
}

function sections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('malformed module: no \\0asm header at byte offset 0');
  }
  const list = [];
  const r = new Reader(bytes, 8);
  while (r.offset < bytes.length) {
    const start = r.offset;
    const id = r.byte();
    const size = r.u32();
    const content = r.offset;
    if (content + size > bytes.length) throw new Error(`malformed module: section at byte offset ${start} runs past the end`);
    list.push({ id, start, content, end: content + size });
    r.offset = content + size;
  }
  return list;
}

function encodeU32(n) {
  const out = [];
  do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}

function describeModule(bytes) {
  const info = { imports: [], globals: [], importedGlobals: 0, exportSection: null };
  for (const s of sections(bytes)) {
    const r = new Reader(bytes, s.content, s.end);
    if (s.id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        const entry = { module: r.name(), name: r.name(), kind: r.byte() };
        if (entry.kind === 0) r.u32();
        else if (entry.kind === 1) { r.byte(); r.limits(); }
        else if (entry.kind === 2) entry.memory = r.limits();
        else if (entry.kind === 3) { r.byte(); r.byte(); info.importedGlobals++; }
        else r.u32();
        info.imports.push(entry);
      }
    } else if (s.id === 6) {
      for (let n = r.u32(); n > 0; n--) { r.byte(); r.byte(); info.globals.push(r.constant()); }
    } else if (s.id === 7) {
      info.exportSection = s;
    }
  }
  return info;
}

// A copy of the module that also exports the two globals the marker names, under verify's own names.
function instrument(bytes, info, globals) {
  const s = info.exportSection;
  if (!s) throw new CheckFailure('marker', null, 'the module has no export section: it cannot have been patched');
  const r = new Reader(bytes, s.content, s.end);
  const count = r.u32();
  const added = [[SP_EXPORT, globals['stack-pointer'].index]];
  if (globals['tls-base']) added.push([TLS_EXPORT, globals['tls-base'].index]);
  const entries = [...encodeU32(count + added.length), ...bytes.subarray(r.offset, s.end)];
  for (const [name, index] of added) {
    const text = new TextEncoder().encode(name);
    entries.push(...encodeU32(text.length), ...text, 0x03, ...encodeU32(index));
  }
  return new Uint8Array([...bytes.subarray(0, s.start), 7, ...encodeU32(entries.length), ...entries, ...bytes.subarray(s.end)]);
}

// --- the layout the marker promises ------------------------------------------------------------------------------

function layoutOf(marker, info, requestedStack) {
  const refuse = (why) => { throw new CheckFailure('marker', null, why); };
  const g = marker.globals;
  if (!g || !g['stack-pointer']) {
    refuse(`the marker has no "globals" record naming the stack pointer (format ${marker.marker}): re-patch the original module with this version, or declare \`role: stack-pointer\` in the rule file`);
  }
  if (marker.spawn) {
    refuse('the marker\'s "spawn" record (family (d), threads the program spawns) cannot be driven by verify: the spawned entry runs the program\'s own thread body');
  }
  if (marker.start?.call === 'host-allocates') {
    refuse(`the marker's start "call": "host-allocates" (entry ${marker.start.export}) cannot be driven by verify: the host allocates each thread's stack and TLS block by a convention the marker does not describe`);
  }
  const total = info.importedGlobals + info.globals.length;
  for (const key of ['stack-pointer', 'tls-base']) {
    if (g[key] && g[key].index >= total) refuse(`"globals.${key}" names global ${g[key].index}, but the module has ${total} globals`);
  }
  const tlsSize = g['tls-size'] ?? 0;
  if (tlsSize > 0 && !g['tls-base']) {
    refuse(`the marker gives a TLS size of ${tlsSize} bytes but names no TLS base global ("globals.tls-base"): a rule set whose host allocates every thread's stack and TLS block itself cannot be verified from its marker`);
  }
  const takesStack = (marker.start?.args ?? []).includes('stack_size');
  const stackSize = takesStack && requestedStack ? requestedStack : (g['stack-size'] ?? 0);
  if (!(stackSize > 0)) refuse('the marker gives no "globals.stack-size": verify cannot tell where a thread\'s stack ends');
  const initial = (index) => (index < info.importedGlobals ? null : info.globals[index - info.importedGlobals]);
  const reserved = marker.reserved;
  return {
    staticStackTop: initial(g['stack-pointer'].index),
    initialTLSBase: g['tls-base'] ? initial(g['tls-base'].index) : null,
    hasTLSBase: Boolean(g['tls-base']),
    stackSize, tlsSize, tlsAlign: Math.max(g['tls-align'] ?? 1, 1),
    staticEnd: Math.max(g['data-end'] ?? 0, g['heap-base'] ?? 0),
    utilityPage: reserved ? [reserved.address, reserved.address + reserved.pages * 65536] : null,
    start: marker.start ?? null, destroy: marker.destroy ?? null,
  };
}

// --- the run -----------------------------------------------------------------------------------------------------

const hex = (v) => (v < 0 ? '-0x' : '0x') + Math.abs(v).toString(16);
const describe = ([a, b]) => `[${hex(a)}, ${hex(b)})`;
const overlaps = (a, b) => a[0] < b[1] && b[0] < a[1] && a[0] < a[1] && b[0] < b[1];
const firstLine = (e) => String(e?.message ?? e).split('\n')[0];

function stackOf(state, L) { return [state.stackTop - L.stackSize, state.stackTop]; }
function tlsOf(state, L) { return state.tlsBase === null || L.tlsSize <= 0 ? null : [state.tlsBase, state.tlsBase + L.tlsSize]; }

/**
 * Verifies a patched module. `bytes`: its bytes (Uint8Array); options: `threads` per round besides the first
 * instance (default 4), `rounds` (default 4, at least 2), `stackSize` (0: the module's default), `name`,
 * `onRound(round, pages)`. Returns the report `wasm-threadify verify --json` prints; throws only
 * for unusable options or a malformed module.
 */
export function verify(bytes, options = {}) {
  const threads = options.threads ?? 4;
  const rounds = options.rounds ?? 4;
  const stackSizeOption = options.stackSize ?? 0;
  const name = options.name ?? 'the module';
  if (!(threads >= 1 && threads <= 4096)) throw new RangeError('--threads must be 1 … 4096 (threads per round besides the first instance)');
  if (!(rounds >= 2)) throw new RangeError('--rounds must be at least 2: a steady state needs more than one round');
  const began = performance.now();
  const info = describeModule(bytes);
  const failures = [];
  const rows = [];
  const pages = [];
  let L = null;
  let rules = null;
  let firstKeepsStaticTLS = null;
  const report = () => {
    const counts = new Map();
    for (const f of failures) counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
    const verdicts = CHECKS.map((check) => ({ check, failures: counts.get(check) ?? 0, passed: !counts.has(check) }));
    return {
      failures: failures.slice(0, MAX_LISTED), 'first-keeps-static-tls': firstKeepsStaticTLS, module: name, pages,
      passed: verdicts.every((v) => v.passed), rounds, rows, rules, seconds: (performance.now() - began) / 1000,
      'stack-size': L?.stackSize ?? null, threads, 'tls-align': L?.tlsAlign ?? null, 'tls-size': L?.tlsSize ?? null,
      verdicts,
    };
  };
  try {
    // The one marker reader (marker.mjs): whatever the section's name, strictly, as every host reads it.
    let marker;
    try {
      const section = markerSection(customSections(bytes));
      if (!section) {
        throw new CheckFailure('marker', null, `${name} has no marker section: it was not patched by wasm-threadify (patch it first: wasm-threadify patch ${name} -o PATCHED.wasm)`);
      }
      marker = readMarkerPayload(section.payload);
    } catch (e) {
      if (e instanceof CheckFailure) throw e;
      throw new CheckFailure('marker', null, `${name}: ${e.message}`);
    }
    rules = `${marker.rules} ${marker.version}`;
    L = layoutOf(marker, info, stackSizeOption);
    const memoryImport = info.imports.find((i) => i.kind === 2);
    if (!memoryImport || !memoryImport.memory.shared || memoryImport.memory.memory64 || info.imports.filter((i) => i.kind === 2).length !== 1) {
      throw new CheckFailure('marker', null, `${name} does not import exactly one shared 32-bit memory: nothing is shared`);
    }
    const module = new WebAssembly.Module(instrument(bytes, info, marker.globals));
    const memory = new WebAssembly.Memory({ initial: memoryImport.memory.min, maximum: memoryImport.memory.max ?? 65536, shared: true });
    const importObject = {};
    for (const entry of info.imports) {
      importObject[entry.module] ??= {};
      if (entry.kind === 2) importObject[entry.module][entry.name] = memory;
      else if (entry.kind === 0) {
        importObject[entry.module][entry.name] = () => { throw new Error(`the module called its import ${entry.module}.${entry.name}, which verify does not provide`); };
      } else throw new CheckFailure('marker', null, `${name} imports ${entry.module}.${entry.name}, which is not a function: not supported`);
    }
    const view = () => new Uint8Array(memory.buffer);
    const inMemory = ([a, b]) => a >= 0 && b <= memory.buffer.byteLength;
    const read = (range) => (inMemory(range) ? view().slice(range[0], range[1]) : null);
    const value = (instance, exportName) => {
      const g = instance.exports[exportName];
      return g === undefined ? null : Number(typeof g.value === 'bigint' ? g.value : g.value >>> 0);
    };
    const call = (instance, thread, exportName, args, check) => {
      const f = instance.exports[exportName];
      if (typeof f !== 'function') throw new CheckFailure(check, thread, `the module exports no function ${exportName}, which the marker names`);
      if (f.length !== args.length) throw new CheckFailure(check, thread, `${exportName} takes ${f.length} arguments; the marker gives ${args.length}`);
      try { f(...args); } catch (e) { throw new CheckFailure(check, thread, `${exportName} trapped: ${firstLine(e)}`); }
    };
    const start = (thread) => {
      let instance;
      try { instance = new WebAssembly.Instance(module, importObject); } catch (e) {
        throw new CheckFailure('start', thread, `instantiation failed: ${firstLine(e)}`);
      }
      if (L.start && (L.start.call !== 'other-instances' || thread !== 0)) {
        const args = L.start.args.map((a) => (typeof a === 'number' ? a : a === 'stack_size' ? stackSizeOption : a === 'thread_id' ? thread : 0));
        call(instance, thread, L.start.export, args, 'start');
      }
      return instance;
    };
    const snapshot = (instance, thread, round) => {
      const tlsBase = L.hasTLSBase ? value(instance, TLS_EXPORT) : null;
      const state = { thread, round, stackTop: value(instance, SP_EXPORT), tlsBase };
      const tls = tlsOf(state, L);
      state.tlsAtStart = tls ? read(tls) : null;
      return state;
    };

    const firstInstance = start(0);
    const first = snapshot(firstInstance, 0, 0);
    const firstFailed = [];
    if (L.staticStackTop !== null && first.stackTop !== L.staticStackTop) {
      failures.push(new CheckFailure('first-keeps-static-stack', 0, `its stack pointer is ${first.stackTop}, not the static stack top ${L.staticStackTop} the module starts with`).record);
      firstFailed.push('first-keeps-static-stack');
    }
    if (L.tlsSize > 0 && first.tlsBase !== null) firstKeepsStaticTLS = first.tlsBase < L.staticEnd;
    rows.push({ failed: firstFailed, round: 0, stackTop: first.stackTop, thread: 0, tlsBase: first.tlsBase });
    pages.push(memory.buffer.byteLength / 65536);
    const image = first.tlsAtStart;

    const ownFailures = (s) => {
      const found = [];
      const fail = (check, detail) => found.push(new CheckFailure(check, s.thread, detail).record);
      if (s.stackTop === first.stackTop || s.stackTop === L.staticStackTop) {
        fail('stack-pointer-set', `its stack pointer is ${hex(s.stackTop)}, the first instance's static stack top: its start did not give it a stack of its own`);
      }
      if (L.tlsSize > 0 && s.tlsBase !== null) {
        if (s.tlsBase === L.initialTLSBase) fail('tls-base-set', `its TLS base is ${hex(s.tlsBase)}, the global's initial value: its start did not set it`);
        else if (s.tlsBase === first.tlsBase) fail('tls-base-set', `its TLS base is ${hex(s.tlsBase)}, the first instance's TLS block`);
      }
      if (s.stackTop % 16 !== 0) fail('aligned', `its stack top ${hex(s.stackTop)} is not 16-byte aligned`);
      if (s.tlsBase !== null && L.tlsSize > 0 && s.tlsBase % L.tlsAlign !== 0) {
        fail('aligned', `its TLS base ${hex(s.tlsBase)} is not aligned to ${L.tlsAlign} (the module's TLS alignment)`);
      }
      const tls = tlsOf(s, L);
      for (const [what, range] of [['stack', stackOf(s, L)], ['TLS block', tls]]) {
        if (!range) continue;
        if (!inMemory(range)) fail('in-bounds', `its ${what} ${describe(range)} is not inside the memory (${memory.buffer.byteLength} bytes)`);
        if (range[0] < L.staticEnd) fail('clear-of-static-data', `its ${what} ${describe(range)} overlaps the static memory below ${hex(L.staticEnd)}`);
        if (L.utilityPage && overlaps(range, L.utilityPage)) fail('clear-of-utility-page', `its ${what} ${describe(range)} overlaps the utility page ${describe(L.utilityPage)}`);
      }
      if (image && tls) {
        const got = s.tlsAtStart;
        const differing = got ? image.findIndex((b, i) => b !== got[i]) : -1;
        if (!got || differing >= 0) {
          fail('tls-image', `right after its start its TLS block does not hold the initial TLS image${got ? ` (first difference at byte ${differing})` : ' (the block is outside the memory)'}`);
        }
      }
      return found;
    };
    const overlapFailures = (states) => {
      const found = [];
      for (let i = 0; i < states.length; i++) {
        for (let j = i + 1; j < states.length; j++) {
          const [a, b] = [stackOf(states[i], L), stackOf(states[j], L)];
          if (overlaps(a, b)) found.push(new CheckFailure('stacks-distinct', states[j].thread, `its stack ${describe(b)} overlaps thread ${states[i].thread}'s ${describe(a)}`).record);
        }
      }
      const blocks = [first, ...states].map((s) => [s, tlsOf(s, L)]).filter(([, t]) => t);
      for (let i = 0; i < blocks.length; i++) {
        const [a, blockA] = blocks[i];
        for (let j = i + 1; j < blocks.length; j++) {
          const [b, blockB] = blocks[j];
          if (overlaps(blockA, blockB)) found.push(new CheckFailure('tls-distinct', b.thread, `its TLS block ${describe(blockB)} overlaps thread ${a.thread}'s ${describe(blockA)}`).record);
        }
        for (const other of states) {
          if (other.thread === a.thread) continue;
          const stack = stackOf(other, L);
          if (overlaps(blockA, stack)) found.push(new CheckFailure('tls-distinct', a.thread, `its TLS block ${describe(blockA)} overlaps thread ${other.thread}'s stack ${describe(stack)}`).record);
        }
      }
      return found;
    };
    const isolationFailures = (states) => {
      const blocks = states.map((s) => [s, tlsOf(s, L)]).filter(([, t]) => t && inMemory(t));
      const saved = blocks.map(([, t]) => read(t));
      const pattern = (index, count) => Uint8Array.from({ length: count }, (_, k) => (0x5a + index * 37 + k) & 0xff);
      blocks.forEach(([, t], index) => view().set(pattern(index, t[1] - t[0]), t[0]));
      const found = [];
      blocks.forEach(([s, t], index) => {
        const got = read(t);
        const want = pattern(index, t[1] - t[0]);
        if (!got.every((b, k) => b === want[k])) {
          found.push(new CheckFailure('tls-isolated', s.thread, `a write into another thread's TLS block changed its block ${describe(t)}`).record);
        }
      });
      for (let index = blocks.length - 1; index >= 0; index--) view().set(saved[index], blocks[index][1][0]);
      return found;
    };
    const afterDestroy = (s, instance) => {
      const found = [];
      const sp = value(instance, SP_EXPORT);
      const stack = stackOf(s, L);
      if (sp >= stack[0] && sp <= stack[1]) {
        found.push(new CheckFailure('globals-after-destroy', s.thread, `after destroy its stack pointer is ${hex(sp)}, still inside the stack it gave back ${describe(stack)}`).record);
      }
      const tls = tlsOf(s, L);
      const base = L.hasTLSBase ? value(instance, TLS_EXPORT) : null;
      if (tls && base !== null && base >= tls[0] && base < tls[1]) {
        found.push(new CheckFailure('globals-after-destroy', s.thread, `after destroy its TLS base is ${hex(base)}, still the TLS block it gave back ${describe(tls)}`).record);
      }
      return found;
    };

    const highest = [];
    let next = 1;
    for (let round = 1; round <= rounds; round++) {
      const instances = [];
      const states = [];
      const roundFailures = [];
      let stopped = false;
      for (let k = 0; k < threads; k++) {
        try {
          const instance = start(next);
          instances.push(instance);
          states.push(snapshot(instance, next, round));
        } catch (e) {
          if (!(e instanceof CheckFailure)) throw e;
          roundFailures.push(e.record);
          stopped = true;
          break;
        }
        next++;
      }
      for (const s of states) roundFailures.push(...ownFailures(s));
      roundFailures.push(...overlapFailures(states), ...isolationFailures([first, ...states]));
      for (let k = 0; k < instances.length && !stopped; k++) {
        try {
          if (L.destroy) call(instances[k], states[k].thread, L.destroy.export, L.destroy.self, 'destroy');
        } catch (e) {
          if (!(e instanceof CheckFailure)) throw e;
          roundFailures.push(e.record);
          stopped = true;
          break;
        }
        roundFailures.push(...afterDestroy(states[k], instances[k]));
      }
      failures.push(...roundFailures);
      if (round === 1 || round === rounds || stopped) {
        for (const s of states) {
          const failed = CHECKS.filter((c) => roundFailures.some((f) => f.check === c && f.thread === s.thread));
          rows.push({ failed, round, stackTop: s.stackTop, thread: s.thread, tlsBase: s.tlsBase });
        }
      }
      if (stopped) return report();
      highest.push(Math.max(0, ...states.map((s) => Math.max(s.stackTop, tlsOf(s, L)?.[1] ?? 0))));
      pages.push(memory.buffer.byteLength / 65536);
      options.onRound?.(round, pages.at(-1));
    }
    const middle = Math.max(1, Math.floor(rounds / 2));
    if (pages[rounds] > pages[middle]) {
      failures.push(new CheckFailure('memory-steady', null, `the memory grew from ${pages[middle]} to ${pages[rounds]} pages between round ${middle} and round ${rounds}: destroy does not give the threads' memory back`).record);
    }
    const before = Math.max(0, ...highest.slice(0, middle));
    if (highest.at(-1) > before) {
      failures.push(new CheckFailure('memory-steady', null, `round ${rounds} gave a thread memory up to ${hex(highest.at(-1))}, above anything rounds 1 … ${middle} used (${hex(before)}): the allocator does not reuse what destroy gave back`).record);
    }
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    failures.push(e.record);
  }
  return report();
}

/** The report as `wasm-threadify verify` prints it by default. */
export function table(report) {
  const h = (v) => (v === null ? '-' : hex(v));
  const lines = ['thread | stack top  | TLS base   | checks'];
  for (const row of report.rows) {
    const checks = row.failed.length ? `FAILED ${row.failed.join(', ')}` : 'ok';
    lines.push(`${String(row.thread).padEnd(6)} | ${h(row.stackTop).padEnd(10)} | ${h(row.tlsBase).padEnd(10)} | ${checks}`);
  }
  if (report.pages.length) lines.push(`memory (pages) after the first start and each round: ${report.pages.join(', ')}`);
  for (const f of report.failures) lines.push(`FAILED ${f.check}: ${f.thread === null ? '' : `thread ${f.thread}: `}${f.detail}`);
  const held = report.verdicts.filter((v) => v.passed).length;
  lines.push(report.passed
    ? `verify: every check held (${held} checks, ${1 + report.threads * report.rounds} threads over ${report.rounds} rounds, ${report.seconds.toFixed(2)} s)`
    : `verify: FAILED ${report.verdicts.filter((v) => !v.passed).map((v) => `${v.check} (${v.failures})`).join(', ')}`);
  return lines.join('\n');
}

async function main(argv) {
  const o = { threads: 4, rounds: 4, stackSize: 0, json: false };
  let path;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const number = () => {
      const s = argv[++i];
      if (!/^\d+$/.test(s ?? '')) { console.error(`error: ${a}: not a number: ${s}`); process.exit(2); }
      return Number(s);
    };
    if (a === '--threads') o.threads = number();
    else if (a === '--rounds') o.rounds = number();
    else if (a === '--stack-size') o.stackSize = number();
    else if (a === '--json') o.json = true;
    else if (path === undefined && !a.startsWith('-')) path = a;
    else { console.error(`error: unexpected argument ${a}`); process.exit(2); }
  }
  if (path === undefined) {
    console.error('usage: node verify.mjs PATCHED.wasm [--threads N] [--rounds R] [--stack-size BYTES] [--json]');
    process.exit(2);
  }
  const { readFileSync } = await import('node:fs');
  let bytes;
  try { bytes = new Uint8Array(readFileSync(path)); } catch (e) { console.error(`error: cannot read ${path}: ${e.message}`); process.exit(2); }
  let report;
  try {
    report = verify(bytes, {
      ...o, name: path,
      onRound: o.rounds >= 100 ? (round, pages) => {
        if (round % Math.max(1, Math.floor(o.rounds / 20)) === 0 || round === o.rounds) console.error(`verify: round ${round}/${o.rounds}, memory ${pages} pages`);
      } : undefined,
    });
  } catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(e instanceof RangeError ? 2 : 1);
  }
  console.log(o.json ? JSON.stringify(report) : table(report));
  if (!report.passed) {
    const f = report.failures[0];
    console.error(`error: ${path} failed verify${f ? `: ${f.check}: ${f.thread === null ? '' : `thread ${f.thread}: `}${f.detail}` : ''}`);
    process.exit(1);
  }
}

if (typeof process !== 'undefined' && process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
