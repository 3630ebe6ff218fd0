// Runs a module under wasmgrind's instance-entry ABI in node (V8), as its host: one shared WebAssembly.Memory,
// instance 0 on the main thread (it allocates every thread's 64 KiB stack and TLS block with the program's
// __wasmgrind_malloc), then THREADS worker_threads at once, each instantiating the module and either calling
// __wasmgrind_instance_entry(routine, arg, stack top, TLS block) ("entry") or, as a control, the program's
// __wasmgrind_thread_start(routine, arg) directly ("control"). Prints one JSON report on standard output.
//
//   node run-entry.mjs MODULE THREADS entry|control INITIAL_PAGES MAX_PAGES TLS_SIZE TLS_ALIGN
import { readFileSync } from "node:fs";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const STACK_SIZE = 65536;
const INCREMENTS = 2000;

function instantiate(module, memory) {
  return new WebAssembly.Instance(module, { env: { memory } }).exports;
}

if (isMainThread) {
  const [path, threadsText, mode, initial, maximum, tlsSize, tlsAlign] = process.argv.slice(2);
  const threads = Number(threadsText);
  const module = new WebAssembly.Module(readFileSync(path));
  const memory = new WebAssembly.Memory({ initial: Number(initial), maximum: Number(maximum), shared: true });
  const main = instantiate(module, memory);
  const blocks = [];
  for (let i = 0; i < threads; i++) {
    const stackBase = main.__wasmgrind_malloc(STACK_SIZE, 16) >>> 0;
    const tls = main.__wasmgrind_malloc(Number(tlsSize), Number(tlsAlign)) >>> 0;
    blocks.push({ stackBase, stackTop: stackBase + STACK_SIZE, tls });
  }
  const routine = main.test_start_routine();
  const results = await Promise.all(
    blocks.map(
      (block, index) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), {
            workerData: { module, memory, mode, routine, arg: 100 + index, index, ...block },
          });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  console.log(JSON.stringify({ mode, threads, blocks, results }));
  process.exit(0);
} else {
  const { module, memory, mode, routine, arg, index, stackTop, tls } = workerData;
  const e = instantiate(module, memory);
  if (mode === "entry") e.__wasmgrind_instance_entry(routine, arg, stackTop, tls);
  else e.__wasmgrind_thread_start(routine, arg);
  const counterAfterStart = e.tls_counter() >>> 0;
  let counterAtEnd = 0;
  for (let i = 0; i < INCREMENTS; i++) counterAtEnd = e.tls_increment(1) >>> 0;
  parentPort.postMessage({
    tlsAddress: e.tls_address() >>> 0,
    alignedAddress: e.tls_aligned_address() >>> 0,
    tlsInitialOK: e.tls_initial_ok(),
    counterAfterStart,
    counterAtEnd,
    stackAddress: e.stack_pointer_now() >>> 0,
    stackProbe: e.stack_probe(32, (0x5ea00000 + index) >>> 0),
  });
}
