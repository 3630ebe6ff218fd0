// spawn-family.mjs — start families (c) and (d) in the JS host, driven by the marker alone (SpawnFamilyTests): the
// program spawns THREADS threads through its spawn import; prints one JSON line { entriesAtStart, ids, count, slots,
// live } or { error }.
// usage: node spawn-family.mjs MODULE.wasm THREADS
import { Host } from '../../../../examples/host/threadify-host.mjs';

const [path, threadsText] = process.argv.slice(2);
const threads = Number(threadsText);
let host = null;
try {
  host = await Host.create(path, { timeoutMs: 30000 });
  const entriesAtStart = await host.call('entries');
  const ids = [];
  for (let i = 0; i < threads; i++) ids.push(await host.call('spawn', 64 + 4 * i));
  await host.idle();
  const count = await host.call('count');
  const slots = [];
  for (let i = 0; i < threads; i++) slots.push(await host.call('slot', 64 + 4 * i));
  console.log(JSON.stringify({ entriesAtStart, ids, count, slots, live: host.liveThreads }));
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
} finally {
  host?.close();
}
