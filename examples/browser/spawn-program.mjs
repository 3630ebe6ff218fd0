// spawn-program.mjs — runs a program that spawns its own threads through the import its marker names (start
// families (c) + (d): examples/c/spawn_demo.c patched with rules/wasi-threads-entry.yaml) on the JS host, in this
// page or in node: `rounds` rounds of spawn_children(threads) and join_children() (the program's own count of failed
// checks) on the first thread, what each child saw (child_field: thread id, TLS address, stack address, TLS initial
// values ok), the allocator's live bytes after the round and the memory size. A module the host refuses (not
// patched) is reported with the refusal. Used by main.mjs (`spawn=URL`) and Tests/.../Runtime/node/spawn-checks.mjs.

import { Host } from '../host/threadify-host.mjs';

export async function runSpawnProgram(source, { threads = 8, rounds = 20, timeoutMs = 120000 } = {}) {
  let host;
  try {
    host = await Host.create(source, { timeoutMs });
  } catch (e) {
    return { module: String(source), ok: false, refused: String(e.message ?? e) };
  }
  const report = { module: String(source), ok: true, abi: host.abi, baselineLiveBytes: null, rounds: [] };
  const u32 = async (name, ...args) => (await host.call(name, ...args)) >>> 0;
  try {
    report.baselineLiveBytes = await u32('alloc_live_bytes');
    for (let round = 0; round < rounds; round++) {
      const spawned = await u32('spawn_children', threads);
      const failedChecks = await u32('join_children');
      await host.idle(); // every spawned thread has returned from the entry and ended
      const children = [];
      for (let i = 0; i < spawned; i++) {
        const field = (f) => u32('child_field', i, f);
        children.push({ tid: await field(0), tls: await field(1), stack: await field(2), tlsInitialOk: await field(3) });
      }
      report.rounds.push({
        round, spawned, failedChecks, children,
        liveBytes: await u32('alloc_live_bytes'),
        allocErrors: await u32('alloc_errors'),
        memoryPages: host.memory.buffer.byteLength / 65536,
      });
    }
    report.stats = { threadsStarted: host.stats.threadsStarted, workersCreated: host.stats.workersCreated };
  } catch (e) {
    report.ok = false;
    report.error = String(e.message ?? e);
  } finally {
    host.close();
  }
  return report;
}
