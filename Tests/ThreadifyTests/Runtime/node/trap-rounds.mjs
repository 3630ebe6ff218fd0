#!/usr/bin/env node
// trap-rounds.mjs — threads that trap are destroyed in the JS host: prints ONE JSON report with the shared
// memory's size (bytes) after 10 and after R rounds of
//   direct   a thread started with host.spawn() calls an export that traps, then end()s;
//   created  (the tracing build, with fault-imports.mjs?mode=trap) every thread the program creates traps in its
//            first lock callback: two_nested_threads_test fails, host.idle() reports it; then host.main is
//            called again (a panic must not leave it unusable).
//
// usage: node trap-rounds.mjs MINIMAL_TEST.wasm MINIMAL_TEST_TRACING.wasm --rounds=R
//   both modules patched with wasmgrind; the trapping export is __wasmgrind_malloc(1, 3) (an invalid alignment).

import { Threadlink } from '../../../../examples/host/threadlink.mjs';

const [plainPath, tracingPath] = process.argv.slice(2, 4);
const args = Object.fromEntries(process.argv.slice(4).map((a) => a.replace(/^--/, '').split('=')));
const rounds = Number(args.rounds ?? 1000);
const faults = new URL('./fault-imports.mjs?mode=trap', import.meta.url);
const report = { ok: false, rounds };
const hosts = [];
try {
  const direct = await new Threadlink().host(plainPath, { timeoutMs: 60000 });
  hosts.push(direct);
  report.direct = { rejected: 0 };
  for (let r = 1; r <= rounds; r++) {
    const thread = await direct.spawn();
    try {
      await thread.call('__wasmgrind_malloc', 1, 3);
    } catch (e) {
      report.direct.rejected++;
      report.direct.message ??= e.message;
    }
    await thread.end(); // must not reject: a thread that trapped is destroyed all the same
    if (r === 10) report.direct.bytes_after_10 = direct.memory.buffer.byteLength;
  }
  report.direct.bytes_after_all = direct.memory.buffer.byteLength;

  const created = await new Threadlink().host(tracingPath, { timeoutMs: 60000, imports: [{ module: faults }] });
  hosts.push(created);
  report.created = { failed_calls: 0, failed_idles: 0 };
  for (let r = 1; r <= rounds; r++) {
    try {
      await created.call('two_nested_threads_test');
    } catch (e) {
      report.created.failed_calls++;
      report.created.message ??= e.message;
    }
    try {
      await created.idle();
    } catch {
      report.created.failed_idles++;
    }
    if (r === 10) report.created.bytes_after_10 = created.memory.buffer.byteLength;
  }
  report.created.bytes_after_all = created.memory.buffer.byteLength;
  await created.call('reset_some_variable');
  report.created.variable_after = await created.call('get_some_variable');
  report.ok = true;
} catch (e) {
  report.error = e.message;
} finally {
  for (const host of hosts) host.close();
}
console.log(JSON.stringify(report));
