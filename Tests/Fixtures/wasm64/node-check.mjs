// Runs examples/browser/memory64/memory64.mjs on a module in node: reads its memory import, creates the shared
// memory, compiles and instantiates it, and prints one JSON report ({described, memory, compiled, instantiated,
// memoryError, compileError, size}). Used by Memory64NodeTests: node 20 has memory64 behind
// --experimental-wasm-memory64 but no table64.
//
//   node [--experimental-wasm-memory64] node-check.mjs MODULE
import { readFileSync } from 'node:fs';
import { compile, memoryImport, sharedMemory } from '../../../examples/browser/memory64/memory64.mjs';

const bytes = readFileSync(process.argv[2]);
const report = {};
const described = memoryImport(bytes);
report.described = { ...described, initial: String(described.initial), maximum: String(described.maximum) };
let memory = null;
try {
  memory = sharedMemory(described);
  report.memory = true;
} catch (error) {
  report.memoryError = error.message;
}
try {
  const module = await compile(bytes);
  report.compiled = true;
  if (memory) {
    const instance = new WebAssembly.Instance(module, { [described.module]: { [described.name]: memory } });
    report.instantiated = true;
    if (instance.exports.size) report.size = String(instance.exports.size());
  }
} catch (error) {
  report.compileError = error.message;
}
console.log(JSON.stringify(report));
