// Instantiates a module patched with indirect-calls.yaml (one instance, memory 17..16384 pages, shared) and calls
// the injected exports that use call_indirect, return_call_indirect, return_call, ref.func, ref.null and the table
// instructions. Prints one JSON report: each step's result, or the trap message when it trapped.
//
//   node run-indirect.mjs MODULE
import { readFileSync } from "node:fs";

const [path] = process.argv.slice(2);
const memory = new WebAssembly.Memory({ initial: 17, maximum: 16384, shared: true });
const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), { env: { memory } });

function step(run) {
  try {
    const value = run();
    return { value: value === undefined ? null : value };
  } catch (error) {
    return { trap: String(error.message) };
  }
}

const routine = e.test_start_routine();
const counter = () => e.tls_counter() >>> 0;
const report = { routine };
report.counterBefore = counter();
report.callThroughTable = step(() => e.call_through_table(routine, 5));
report.counterAfterCall = counter();
report.tailCallThroughTable = step(() => e.tail_call_through_table(routine, 7));
report.counterAfterTailCall = counter();
report.tableSize = step(() => e.table_size());
report.growTable = step(() => e.grow_table());
report.callEmptySlot = step(() => e.call_slot(0, 21));
report.storeDouble = step(() => e.store_double(0));
report.callDoubledSlot = step(() => e.call_slot(0, 21));
report.wrongSignature = step(() => e.call_through_table(0, 1));
report.copySlot = step(() => e.copy_slot(routine, 0));
report.callCopiedSlot = step(() => e.call_through_table(0, 3));
report.counterAfterCopiedCall = counter();
report.incrementTail = step(() => e.increment_tail(4));
report.callAbsentSignature = step(() => e.call_wide(routine, 1n));
console.log(JSON.stringify(report));
