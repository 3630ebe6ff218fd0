#!/usr/bin/env node
// The verify soak (issue 19): THREADS threads × ROUNDS rounds through the JS verify() (examples/host/verify.mjs) on
// one patched module, printing after every 1 000 rounds the time those rounds took and the memory size, then the
// verdict. A benchmark, not a test.
//   node Benchmarks/verify-soak.mjs PATCHED.wasm [THREADS=64] [ROUNDS=10000]
import { readFileSync } from 'node:fs';
import { verify } from '../examples/host/verify.mjs';

const [path, threads = '64', rounds = '10000'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node Benchmarks/verify-soak.mjs PATCHED.wasm [THREADS] [ROUNDS]');
  process.exit(2);
}
let last = performance.now();
console.log('rounds | seconds for these 1 000 rounds | memory (pages)');
const report = verify(new Uint8Array(readFileSync(path)), {
  threads: Number(threads), rounds: Number(rounds), name: path,
  onRound(round, pages) {
    if (round % 1000 !== 0) return;
    const now = performance.now();
    console.log(`${round} | ${((now - last) / 1000).toFixed(2)} | ${pages}`);
    last = now;
  },
});
const failed = report.verdicts.filter((v) => !v.passed).map((v) => v.check);
console.log(`passed: ${report.passed}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}; ` +
  `${1 + report.threads * report.rounds} threads in ${report.seconds.toFixed(1)} s; memory after the first start ` +
  `${report.pages[0]} pages, after round 1 ${report.pages[1]}, after the last ${report.pages.at(-1)}`);
process.exit(report.passed ? 0 : 1);
