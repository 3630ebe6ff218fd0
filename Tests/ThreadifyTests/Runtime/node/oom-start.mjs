#!/usr/bin/env node
// oom-start.mjs — out of memory while threads start, in the JS host: on MODULE (minimal_test.wasm patched with
// 64 MiB stacks: about 15 fit in its 1 GiB memory) starts --threads=N threads at once with host.spawn(), ends
// --free=F of those that started, then starts F threads again. Prints ONE JSON report: how many started and failed,
// the first failure's message, how long the failed starts took, and how many of the later starts succeeded.
//
// usage: node oom-start.mjs MODULE.wasm --threads=N --free=F [--start-timeout-ms=T] [--starts-only]
//   --start-timeout-ms: the host's bound on a thread start (default 60000); --starts-only: report the first
//   phase and stop (a control module whose lock stays taken would make every later end() wait for its timeout).

import { Threadlink } from '../../../../examples/host/threadlink.mjs';

const path = process.argv[2];
const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=')));
const count = Number(args.threads ?? 24);
const free = Number(args.free ?? 2);
const report = { ok: false, threads: count };
let host = null;
try {
  const startTimeoutMs = Number(args['start-timeout-ms'] ?? 60000);
  host = await new Threadlink().host(path, { timeoutMs: 60000, startTimeoutMs });
  const t0 = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => host.spawn()));
  report.start_ms = Math.round(performance.now() - t0);
  const started = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value);
  const failed = outcomes.filter((o) => o.status === 'rejected');
  report.started = started.length;
  report.failed = failed.length;
  report.message = failed[0]?.reason?.message ?? null;
  report.timed_out = failed.filter((o) => /timed out/.test(o.reason?.message)).length;
  report.pages = host.memory.buffer.byteLength / 65536;
  if ('starts-only' in args) throw null;
  for (const thread of started.splice(0, free)) await thread.end();
  const again = await Promise.allSettled(Array.from({ length: free }, () => host.spawn()));
  report.started_again = again.filter((o) => o.status === 'fulfilled').length;
  report.again_message = again.find((o) => o.status === 'rejected')?.reason?.message ?? null;
  for (const o of again) if (o.status === 'fulfilled') started.push(o.value);
  for (const thread of started) await thread.end();
  report.ok = true;
} catch (e) {
  if (e === null) report.ok = true;
  else report.error = e.message;
} finally {
  host?.close();
}
console.log(JSON.stringify(report));
