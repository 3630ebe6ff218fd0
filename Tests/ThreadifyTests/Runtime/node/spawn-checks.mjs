// Runs a module whose program spawns its own threads (marker start family (c) + spawn (d); the C program
// examples/c/spawn_demo.c) on the JS host examples/host/threadify-host.mjs in node, and prints one JSON report:
// for every round, spawn_children(THREADS) and join_children() (the program's own count of failed checks) on the
// first thread, what each child saw (child_field: thread id, TLS address, stack address, TLS initial values), the
// allocator's live bytes after the round and the memory size. An unpatched module reports the host's refusal.
//
//   node spawn-checks.mjs MODULE THREADS ROUNDS
import { Host } from '../../../../examples/host/threadify-host.mjs';

const [path, threadsText, roundsText] = process.argv.slice(2);
const threads = Number(threadsText);
const rounds = Number(roundsText);
let host;
try {
  host = await Host.create(path, { timeoutMs: 120000 });
} catch (e) {
  console.log(JSON.stringify({ ok: false, refused: String(e.message ?? e) }));
  process.exit(0);
}
const report = { ok: true, abi: host.abi, baselineLiveBytes: null, rounds: [] };
try {
  report.baselineLiveBytes = (await host.call('alloc_live_bytes')) >>> 0;
  for (let round = 0; round < rounds; round++) {
    const spawned = (await host.call('spawn_children', threads)) >>> 0;
    const failedChecks = (await host.call('join_children')) >>> 0;
    await host.idle();
    const children = [];
    for (let i = 0; i < spawned; i++) {
      const field = async (f) => (await host.call('child_field', i, f)) >>> 0;
      children.push({ tid: await field(0), tls: await field(1), stack: await field(2), tlsInitialOk: await field(3) });
    }
    report.rounds.push({
      round, spawned, failedChecks, children,
      liveBytes: (await host.call('alloc_live_bytes')) >>> 0,
      allocErrors: (await host.call('alloc_errors')) >>> 0,
      memoryPages: host.memory.buffer.byteLength / 65536,
    });
  }
  report.stats = { threadsStarted: host.stats.threadsStarted, workersCreated: host.stats.workersCreated };
} catch (e) {
  report.ok = false;
  report.error = String(e.message ?? e);
}
host.close();
console.log(JSON.stringify(report));
