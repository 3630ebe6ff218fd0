// threadlink-scenarios.mjs — runs every wasm_threadlink scenario (Tests/Fixtures/threadlink-scenarios) on a fresh JS
// host with threadlink.mjs and prints one JSON line: { results: [{ name, codes } | { name, error }] }.
// usage: node threadlink-scenarios.mjs MODULE.wasm SCENARIOS.json
import { readFileSync } from 'node:fs';
import { Threadlink } from '../../../../examples/host/threadlink.mjs';

const [path, scenariosPath] = process.argv.slice(2);
const { scenarios } = JSON.parse(readFileSync(scenariosPath, 'utf8'));
const results = [];
for (const scenario of scenarios) {
  const threadlink = new Threadlink({ joinTimeoutMs: 20000 });
  let host = null;
  try {
    host = await threadlink.host(path, { timeoutMs: 20000 });
    const packed = (await host.call(scenario.export)) >>> 0;
    results.push({ name: scenario.name, codes: [0, 8, 16, 24].map((shift) => (packed >>> shift) & 255) });
  } catch (e) {
    results.push({ name: scenario.name, error: e instanceof Error ? e.message : String(e) });
  } finally {
    host?.close();
  }
}
console.log(JSON.stringify({ results }));
