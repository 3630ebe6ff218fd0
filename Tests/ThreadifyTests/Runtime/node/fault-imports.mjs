// fault-imports.mjs — an imports module for the failure tests (`run.mjs --imports fault-imports.mjs?mode=M`): in
// every thread created by the program (not the first one), the tracing build's start_lock callback
//   mode=throw  throws a JavaScript error (as a host function that fails would),
//   mode=trap   makes the thread trap for real: it calls thread_start(0), a null work pointer, in the module,
//   mode=hang   blocks the thread for ever (Atomics.wait with no timeout): only a timeout can end the run.

const mode = new URL(import.meta.url).searchParams.get('mode');

export default function faultImports(ctx) {
  if (ctx.data?.threadlink === undefined) return {};
  const faults = {
    throw: () => {
      throw new Error(`injected fault in thread ${ctx.thread}`);
    },
    trap: () => ctx.exports.thread_start(0),
    hang: () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0),
  };
  if (!faults[mode]) throw new Error(`fault-imports.mjs: unknown mode ${mode}`);
  return { wasm_threadlink: { start_lock: faults[mode] } };
}
