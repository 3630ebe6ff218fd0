// failures.mjs — what the JS host does with modules and threads that must fail, in this page: an unpatched module
// is refused by name; a module whose imports are not all given fails naming the missing one; a thread that traps makes the call waiting for it fail with the trap's message within a
// bounded time; a thread the program created that traps makes its joiner panic, and the program's call fails with
// both messages. Afterwards the page still shuts its workers down. Used by main.mjs.

import { Host } from '../host/threadify-host.mjs';
import { Threadlink } from '../host/threadlink.mjs';

/** Tries to host `url`; reports whether it was refused and with which message. */
export async function expectRefusal(url) {
  const begin = performance.now();
  try {
    const host = await new Threadlink().host(url, { timeoutMs: 30000 });
    host.close();
    return { module: url, refused: false, error: null };
  } catch (e) {
    return { module: url, refused: true, error: e.message, elapsed_ms: Math.round(performance.now() - begin) };
  }
}

/** Hosts the patched `url` without any imports module: the first thread's start must fail naming an import. */
export async function expectMissingImport(url) {
  try {
    const host = await Host.create(url, { timeoutMs: 30000 });
    host.close();
    return { module: url, failed: false, error: null };
  } catch (e) {
    return { module: url, failed: true, error: e.message };
  }
}

/**
 * Starts a thread on a patched wasm_threadlink program and has it run its thread entry `thread_start` on a
 * closure pointer beyond the end of memory: the load traps in that thread. Reports the message the waiting call
 * got, how long it took, and whether the program's first thread still answers afterwards.
 */
export async function trapInThread(url, { timeoutMs = 30000 } = {}) {
  const host = await new Threadlink().host(url, { timeoutMs });
  const report = { module: url, failed: false, error: null, elapsed_ms: null, main_still_answers: false };
  try {
    const thread = await host.spawn();
    const begin = performance.now();
    try {
      await thread.call('thread_start', 0xfffffff0 | 0);
    } catch (e) {
      report.failed = true;
      report.error = e.message;
    }
    report.elapsed_ms = Math.round(performance.now() - begin);
    await host.call('reset_some_variable');
    report.main_still_answers = (await host.call('get_some_variable')) === 0;
  } finally {
    host.close();
  }
  return report;
}

/**
 * Runs two_nested_threads_test on a patched tracing build whose program-created threads trap in their first lock
 * (fault-imports.mjs): the grandchild traps, its parent's thread_join fails and the Rust side calls panic, and
 * so on up to the first thread. Reports the message the page's call got and how long it took.
 */
export async function faultInProgramThread(url, { timeoutMs = 30000 } = {}) {
  const link = new Threadlink({ joinTimeoutMs: timeoutMs });
  const faults = { module: new URL('./fault-imports.mjs', import.meta.url).href };
  const host = await link.host(url, { timeoutMs, imports: [faults] });
  const report = { module: url, failed: false, error: null, elapsed_ms: null, counters: null };
  try {
    const begin = performance.now();
    try {
      await host.call('two_nested_threads_test');
    } catch (e) {
      report.failed = true;
      report.error = e.message;
    }
    await host.idle().catch(() => {});
    report.elapsed_ms = Math.round(performance.now() - begin);
    report.counters = link.counters();
  } finally {
    host.close();
  }
  return report;
}
