#!/usr/bin/env node
// pool-checks.mjs — how many workers the JS host starts: THREADS threads started at once and ended, ROUNDS times,
// with options given as JSON. Prints ONE JSON report: workers created after Host.create (before any spawn), after
// the first round and after the last, and the peak of workers running a thread.
// usage: node pool-checks.mjs PATCHED.wasm --threads=N --rounds=R --options='{"poolSize": 16}'

import { Threadlink } from '../../../../examples/host/threadlink.mjs';

const path = process.argv[2];
const args = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split(/=(.*)/s)));
const threads = Number(args.threads ?? 16);
const rounds = Number(args.rounds ?? 5);
const report = { ok: false };
let host = null;
try {
  host = await new Threadlink().host(path, { timeoutMs: 60000, ...JSON.parse(args.options ?? '{}') });
  report.created_at_start = host.stats.workersCreated;
  for (let r = 0; r < rounds; r++) {
    const started = await Promise.all(Array.from({ length: threads }, () => host.spawn()));
    await Promise.all(started.map((t) => t.end()));
    if (r === 0) report.created_after_first = host.stats.workersCreated;
  }
  report.created_after_all = host.stats.workersCreated;
  report.peak_busy = host.stats.peakBusyWorkers;
  report.ok = true;
} catch (e) {
  report.error = e.message;
} finally {
  host?.close();
}
console.log(JSON.stringify(report));
