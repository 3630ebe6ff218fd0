// Runs the JS marker reader (examples/host/marker.mjs) over the marker test vectors (Tests/Fixtures/marker-vectors):
// every valid payload must read as its .expected.json, every invalid one must fail with its .expected.txt.
// Usage: node marker-vectors.mjs VECTORS_DIR. Prints one JSON line: { valid, invalid, failures: [..] }.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readMarkerPayload } from '../../../../examples/host/marker.mjs';

const canonical = (v) =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
      : JSON.stringify(v);

const dir = process.argv[2];
const report = { valid: 0, invalid: 0, failures: [] };
const payloads = (kind) => readdirSync(join(dir, kind)).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')).sort();
for (const file of payloads('valid')) {
  report.valid++;
  const expected = JSON.parse(readFileSync(join(dir, 'valid', file.replace(/\.json$/, '.expected.json')), 'utf8'));
  try {
    const reading = readMarkerPayload(new Uint8Array(readFileSync(join(dir, 'valid', file))));
    if (canonical(reading) !== canonical(expected)) report.failures.push(`${file}: read ${canonical(reading)}, expected ${canonical(expected)}`);
  } catch (e) {
    report.failures.push(`${file}: ${e.message}`);
  }
}
for (const file of payloads('invalid')) {
  report.invalid++;
  const expected = readFileSync(join(dir, 'invalid', file.replace(/\.json$/, '.expected.txt')), 'utf8').trimEnd();
  try {
    const reading = readMarkerPayload(new Uint8Array(readFileSync(join(dir, 'invalid', file))));
    report.failures.push(`${file}: read ${canonical(reading)}, expected the error "${expected}"`);
  } catch (e) {
    if (e.message !== expected) report.failures.push(`${file}: "${e.message}", expected "${expected}"`);
  }
}
console.log(JSON.stringify(report));
