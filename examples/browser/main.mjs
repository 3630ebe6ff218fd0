// main.mjs — the page's script: runs patched modules on real threads with the JS host and shows what happened.
// Query parameters (each may be repeated; module URLs are usually /modules/NAME from server.mjs):
//   threadlink=URL   a wasm_threadlink program (the seed's minimal-test): its four exports, `reps` times each
//   demo=URL         an examples/build/ module: `rounds` rounds of `threads` threads checking their TLS and stacks
//   unpatched=URL    control: an examples/build/ module NOT patched, run like demo= for one round (the host is
//                    told there is no start or destroy routine): its threads share one TLS block and one stack
//   refuse=URL       a module the host must refuse (not patched)
//   missing=URL      a patched wasm_threadlink program hosted without its imports: the error names one
//   trap=URL         a wasm_threadlink program in which one thread is made to trap
//   fault=URL        a wasm_threadlink tracing build whose program-created threads trap (fault-imports.mjs)
//   spawn=URL        a program that spawns its own threads through its marker's spawn import (spawn-program.mjs):
//                    `rounds` rounds of `threads` threads; an unpatched one is reported with the host's refusal
//   bench=URL        thread start cost: `starts` threads one after the other, on reused and on new workers
//   reps=N (20), rounds=N (20), threads=N (4), starts=N (50)
// The outcome is published as `window.results` (`done: true` once everything has ended and every host has been
// closed) for a driver such as headless.mjs, and shown on the page.

import { runThreadlinkProgram } from './threadlink-program.mjs';
import { runDemoProgram } from './demo-program.mjs';
import { measureThreadStart } from './thread-start.mjs';
import { runSpawnProgram } from './spawn-program.mjs';
import { expectMissingImport, expectRefusal, faultInProgramThread, trapInThread } from './failures.mjs';

const query = new URLSearchParams(location.search);
const count = (name, fallback) => {
  const n = Number(query.get(name) ?? fallback);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const reps = count('reps', 20);
const rounds = count('rounds', 20);
const threads = count('threads', 4);
const starts = count('starts', 50);

const results = {
  done: false,
  ok: null,
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
  userAgent: navigator.userAgent,
  hardwareConcurrency: navigator.hardwareConcurrency,
  threadlink: [],
  demo: [],
  unpatched: [],
  refused: [],
  missing: [],
  trap: [],
  fault: [],
  bench: [],
  spawn: [],
  errors: [],
};
window.results = results;

const output = document.getElementById('output');
const show = (line) => {
  output.textContent += line + '\n';
};

async function step(label, list, run) {
  show(`${label} ...`);
  try {
    const report = await run();
    list.push(report);
    show(`${label}: ${JSON.stringify(report)}`);
  } catch (e) {
    results.errors.push(`${label}: ${e.message}`);
    show(`${label} FAILED: ${e.message}`);
  }
}

if (!results.crossOriginIsolated) {
  results.errors.push(
    'the page is not cross-origin isolated (no SharedArrayBuffer): serve it with Cross-Origin-Opener-Policy: ' +
      'same-origin and Cross-Origin-Embedder-Policy: require-corp, e.g. with server.mjs');
} else {
  for (const url of query.getAll('threadlink'))
    await step(`threadlink ${url}`, results.threadlink, () => runThreadlinkProgram(url, { reps }));
  for (const url of query.getAll('demo'))
    await step(`demo ${url}`, results.demo, () => runDemoProgram(url, { threads, rounds }));
  for (const url of query.getAll('unpatched')) {
    const abi = { start: null, destroy: null };
    await step(`unpatched ${url}`, results.unpatched, () => runDemoProgram(url, { threads, rounds: 1, abi }));
  }
  for (const url of query.getAll('refuse')) await step(`refuse ${url}`, results.refused, () => expectRefusal(url));
  for (const url of query.getAll('missing'))
    await step(`missing ${url}`, results.missing, () => expectMissingImport(url));
  for (const url of query.getAll('trap')) await step(`trap ${url}`, results.trap, () => trapInThread(url));
  for (const url of query.getAll('fault'))
    await step(`fault ${url}`, results.fault, () => faultInProgramThread(url));
  for (const url of query.getAll('spawn'))
    await step(`spawn ${url}`, results.spawn, () => runSpawnProgram(url, { threads, rounds }));
  for (const url of query.getAll('bench'))
    await step(`bench ${url}`, results.bench, () => measureThreadStart(url, { n: starts }));
}
results.ok = results.errors.length === 0;
results.done = true;
document.getElementById('status').textContent = results.ok ? 'done' : `failed: ${results.errors.join('; ')}`;
