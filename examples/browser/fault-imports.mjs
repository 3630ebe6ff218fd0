// fault-imports.mjs — an imports module for the page's failure run (failures.mjs): in every thread the program
// creates (not its first one), the tracing build's start_lock callback makes the thread trap for real, by
// calling its thread entry thread_start on a null closure pointer. Given after the wasm_threadlink imports, it
// replaces their start_lock (later imports modules override earlier ones).

export default function faultImports(ctx) {
  if (ctx.data?.threadlink === undefined) return {};
  return { wasm_threadlink: { start_lock: () => ctx.exports.thread_start(0) } };
}
