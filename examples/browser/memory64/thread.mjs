// thread.mjs — one thread of run.mjs: instantiates the module over the shared memory64 (its start function gives
// this instance a stack and a TLS block), reports what it sees, and destroys itself with the `destroy` export
// (`(i64 i64 i64) -> ()`, all zero: "mine") once every thread of the round has reported (the barrier).
const INCREMENTS = 1000;

const BARRIER_TIMEOUT_MS = 20000;

onmessage = async ({ data: { module, memory, index, round, destroy, barrier, threads } }) => {
  try {
    const e = (await WebAssembly.instantiate(module, { env: { memory } })).exports;
    const seen = {
      tlsAddress: e.tls_address() >>> 0,
      alignedAddress: e.tls_aligned_address() >>> 0,
      tlsInitialOK: e.tls_initial_ok(),
      stackAddress: e.stack_pointer_now() >>> 0,
      stackProbe: e.stack_probe(32, (0x5ea00000 + index) >>> 0),
    };
    let expected = 0;
    if (e.__wasmgrind_thread_start && e.test_start_routine) {
      // The program's own start routine, called through its function pointer (call_indirect on the table64).
      e.__wasmgrind_thread_start(BigInt(e.test_start_routine()), 100 + index);
      expected = 100 + index;
      seen.counterAfterRoutine = e.tls_counter() >>> 0;
    }
    let counter = 0;
    for (let i = 0; i < INCREMENTS; i++) counter = e.tls_increment(1) >>> 0;
    seen.counterPrivate = counter === expected + INCREMENTS;
    Atomics.add(barrier, 0, 1);
    Atomics.notify(barrier, 0);
    const deadline = performance.now() + BARRIER_TIMEOUT_MS;
    for (let arrived; (arrived = Atomics.load(barrier, 0)) < threads; ) {
      if (performance.now() > deadline) throw new Error(`barrier: ${arrived} of ${threads} threads arrived`);
      Atomics.wait(barrier, 0, arrived, 100);
    }
    if (destroy) e[destroy](0n, 0n, 0n);
    postMessage(seen);
  } catch (error) {
    postMessage({ error: String(error?.message ?? error), round });
  }
};
