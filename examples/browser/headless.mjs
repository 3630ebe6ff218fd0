// headless.mjs — open a page in headless Chromium and print what it reports (node >= 20, no packages).
//
//   node examples/browser/headless.mjs [--modules=DIR] [MODULE.wasm ...] [--page=PATH?QUERY] [--url=URL]
//                                      [--chromium=PATH] [--timeout-ms=N] [--without-isolation] [--compact]
//
// Without --url it starts server.mjs in this process (127.0.0.1, a free port, cross-origin isolation headers,
// modules at /modules/NAME; --without-isolation leaves the isolation headers out) and opens --page (default
// /browser/index.html) on it. It drives Chromium over the
// DevTools protocol on a pipe (--remote-debugging-pipe: the browser reads commands on its fd 3 and writes replies
// on its fd 4, each one JSON message ended by a NUL byte), so nothing needs installing besides Chromium itself.
//
// The page protocol: the page sets `window.results` to a JSON-serialisable object and, when it has finished, sets
// `results.done = true`. (Chromium's --dump-dom and --screenshot capture at the load event, before workers
// finish, so the page is polled instead.) Once done, the driver waits (up to 3 s) until every worker the page
// started — workers started by workers too — has gone, then closes Chromium.
//
// Prints one JSON object: {ok, error, chromium, url, results, workers: {started, live_at_end, max_live},
// console: [...], close ("closed" or "timeout": killed), phases_ms: {chromium_ready, page_started, page_done,
// closed}, elapsed_ms}. Exit status 0 when the page reported done, 1 when it did not (timeout, Chromium
// missing or crashed, page error), 2 for bad usage. Chromium is looked up as --chromium, $CHROMIUM, then
// chromium / chromium-browser / google-chrome on PATH; as root it is started with --no-sandbox.

import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

const POLL_MS = 100;
const WORKER_GRACE_MS = 3000;
const CLOSE_GRACE_MS = 5000;
const MAX_CONSOLE = 300;
const MAX_STDERR = 16384;

/** The Chromium executable: `explicit`, $CHROMIUM, or the first of the usual names on PATH; null if none. */
export function findChromium(explicit) {
  const executable = (file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (explicit) return executable(explicit) ? explicit : null;
  if (process.env.CHROMIUM) return executable(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    for (const folder of (process.env.PATH ?? '').split(delimiter)) {
      if (folder && executable(join(folder, name))) return join(folder, name);
    }
  }
  return null;
}

/** One Chromium process and its DevTools pipe. */
class Browser {
  constructor(executable) {
    this.profile = mkdtempSync(join(tmpdir(), 'threadify-chromium-'));
    const flags = [
      '--headless=new',
      '--remote-debugging-pipe',
      `--user-data-dir=${this.profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-gpu',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
      'about:blank',
    ];
    if (process.getuid?.() === 0) flags.unshift('--no-sandbox');
    this.child = spawn(executable, flags, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk).slice(-MAX_STDERR);
    });
    // A process that could not be started emits 'error' and never 'exit': both settle `exited`.
    this.spawnError = new Promise((done) => this.child.once('error', done));
    this.exited = Promise.race([
      new Promise((done) => this.child.once('exit', (code, signal) => done({ code, signal }))),
      this.spawnError.then((e) => ({ code: null, signal: e.code ?? 'spawn error' })),
    ]);
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    let buffer = Buffer.alloc(0);
    this.child.stdio[4].on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let end; (end = buffer.indexOf(0)) >= 0; buffer = buffer.subarray(end + 1)) {
        const text = buffer.subarray(0, end).toString('utf8');
        let message;
        try {
          message = JSON.parse(text);
        } catch {
          this.stderr += `\n[headless.mjs] not JSON on the DevTools pipe: ${text.slice(0, 200)}`;
          continue;
        }
        this.receive(message);
      }
    });
    // The browser went away: `exited` reports it.
    this.child.stdio[3].on('error', () => {});
    this.child.stdio[4].on('error', () => {});
    this.exited.then(({ code, signal }) => {
      for (const { reject } of this.pending.values()) reject(new Error(`chromium exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  receive(message) {
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiter) return;
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter.resolve(message.result);
    } else {
      for (const listener of this.listeners) listener(message);
    }
  }

  /** Sends one DevTools command (to the browser, or to a target's session) and resolves to its result. */
  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.child.stdio[3].write(message + '\0');
    });
  }

  on(listener) {
    this.listeners.push(listener);
  }

  /** Asks Chromium to close, then kills it if it has not exited after a grace period; removes its profile. */
  async close() {
    this.send('Browser.close').catch(() => {});
    let timer;
    const timeout = new Promise((done) => (timer = setTimeout(() => done('timeout'), CLOSE_GRACE_MS)));
    const how = await Promise.race([this.exited.then(() => 'closed'), timeout]);
    clearTimeout(timer);
    if (how === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    rmSync(this.profile, { recursive: true, force: true });
    return how;
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Opens `url` in a fresh headless Chromium, polls `window.results` until `done` or `timeoutMs`, waits for the
 * page's workers to go, closes Chromium. Resolves to the report object printed by the command line.
 */
export async function runPage({ url, chromium, timeoutMs = 60000 }) {
  const begin = performance.now();
  const report = { ok: false, error: null, chromium: null, url, results: null, workers: null, console: [] };
  const phases = {};
  const mark = (name) => {
    phases[name] = Math.round(performance.now() - begin);
  };
  const log = (entry) => {
    if (report.console.length < MAX_CONSOLE) report.console.push(entry);
  };
  const browser = new Browser(chromium);
  const live = new Set();
  const workers = { started: 0, live_at_end: 0, max_live: 0 };
  let pageSession = null;
  const finish = async () => {
    workers.live_at_end = live.size;
    report.workers = workers;
    report.close = await browser.close();
    mark('closed');
    report.phases_ms = phases;
    report.elapsed_ms = Math.round(performance.now() - begin);
    if (!report.ok) report.chromium_stderr = browser.stderr.slice(-4000);
    return report;
  };
  const deadline = begin + timeoutMs;
  // Every command is bounded by the run's deadline: a hung page or browser cannot hold the driver.
  const send = (method, params, session) => {
    let timer;
    const late = new Promise((_, reject) => {
      const error = new Error(`${method}: no answer from Chromium within the ${timeoutMs} ms the run may take`);
      timer = setTimeout(() => reject(error), Math.max(0, deadline - performance.now()));
    });
    return Promise.race([browser.send(method, params, session), late]).finally(() => clearTimeout(timer));
  };
  try {
    const started = await Promise.race([
      browser.send('Browser.getVersion'),
      browser.spawnError.then((e) => Promise.reject(new Error(`cannot start ${chromium}: ${e.message}`))),
      browser.exited.then(({ code, signal }) => Promise.reject(new Error(`chromium exited at start (${signal ?? code})`))),
      // No fixed start-up allowance: a loaded machine may take long to bring Chromium up. The first answer on the
      // pipe is awaited until Chromium exits, fails to spawn, or the run's own deadline passes.
      sleep(Math.max(0, deadline - performance.now())).then(() =>
        Promise.reject(new Error(`chromium did not answer on the DevTools pipe within the ${timeoutMs} ms the run may take`))),
    ]);
    report.chromium = started.product;
    mark('chromium_ready');

    browser.on(({ method, params, sessionId }) => {
      if (method === 'Target.attachedToTarget') {
        const { sessionId: child, targetInfo } = params;
        if (targetInfo.type === 'worker' || targetInfo.type === 'shared_worker') {
          live.add(child);
          workers.started++;
          workers.max_live = Math.max(workers.max_live, live.size);
        }
        // Follow nested workers too; enable console reporting in every attached target.
        const autoAttach = { autoAttach: true, waitForDebuggerOnStart: false, flatten: true };
        browser.send('Target.setAutoAttach', autoAttach, child).catch(() => {});
        browser.send('Runtime.enable', {}, child).catch(() => {});
      } else if (method === 'Target.detachedFromTarget') {
        live.delete(params.sessionId);
      } else if (method === 'Runtime.consoleAPICalled') {
        const text = params.args.map((a) => a.value ?? a.description ?? a.type).join(' ');
        log({ session: sessionId === pageSession ? 'page' : 'worker', type: params.type, text });
      } else if (method === 'Runtime.exceptionThrown') {
        const d = params.exceptionDetails;
        log({ session: sessionId === pageSession ? 'page' : 'worker', type: 'exception', text: d.exception?.description ?? d.text });
      } else if (method === 'Inspector.targetCrashed') {
        log({ session: 'page', type: 'crash', text: 'the page crashed' });
      }
    });

    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    ({ sessionId: pageSession } = await send('Target.attachToTarget', { targetId, flatten: true }));
    await send('Runtime.enable', {}, pageSession);
    await send('Inspector.enable', {}, pageSession).catch(() => {});
    await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, pageSession);
    await send('Page.enable', {}, pageSession);
    const navigation = await send('Page.navigate', { url }, pageSession);
    if (navigation.errorText) throw new Error(`cannot open ${url}: ${navigation.errorText}`);

    const expression = '(() => { const r = globalThis.results; return r === undefined ? null : JSON.stringify(r); })()';
    for (;;) {
      const { result, exceptionDetails } = await send(
        'Runtime.evaluate', { expression, returnByValue: true }, pageSession);
      if (exceptionDetails) throw new Error(`polling the page failed: ${exceptionDetails.text}`);
      if (typeof result.value === 'string') report.results = JSON.parse(result.value);
      if (report.results?.done === true) break;
      if (report.results !== null && phases.page_started === undefined) mark('page_started');
      if (performance.now() > deadline) throw new Error(`the page did not report done within ${timeoutMs} ms`);
      await sleep(POLL_MS);
    }
    report.ok = true;
    mark('page_done');
    const quiet = performance.now() + WORKER_GRACE_MS;
    while (live.size > 0 && performance.now() < quiet) await sleep(50);
  } catch (e) {
    report.error = e.message;
  }
  return finish();
}

function usage(message) {
  if (message) console.error(`headless.mjs: ${message}`);
  console.error(
    'usage: node examples/browser/headless.mjs [--modules=DIR] [MODULE.wasm ...] [--page=PATH?QUERY] [--url=URL]\n' +
      '                                          [--chromium=PATH] [--timeout-ms=N] [--without-isolation] [--compact]');
  process.exit(2);
}

async function main(argv) {
  let page = '/browser/index.html';
  let url = null;
  let chromiumOption = null;
  let timeoutMs = 60000;
  let compact = false;
  let modulesDir = null;
  let isolation = true;
  const modules = [];
  for (const argument of argv) {
    const value = argument.slice(argument.indexOf('=') + 1);
    if (argument === '--help' || argument === '-h') usage();
    else if (argument === '--without-isolation') isolation = false;
    else if (argument.startsWith('--page=')) page = value.startsWith('/') ? value : '/' + value;
    else if (argument.startsWith('--url=')) url = value;
    else if (argument.startsWith('--chromium=')) chromiumOption = value;
    else if (argument.startsWith('--modules=')) modulesDir = value;
    else if (argument.startsWith('--timeout-ms=')) {
      timeoutMs = Number(value);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) usage(`bad ${argument}`);
    } else if (argument === '--compact') compact = true;
    else if (argument.startsWith('-')) usage(`unknown option ${argument}`);
    else modules.push(argument);
  }
  const print = (report) => console.log(JSON.stringify(report, null, compact ? 0 : 2));
  const chromium = findChromium(chromiumOption);
  if (!chromium) {
    print({ ok: false, error: 'chromium not found: install it (apt-get install chromium), or pass --chromium=PATH' });
    process.exit(1);
  }
  let server = null;
  if (!url) {
    server = await startServer({ modulesDir, modules, isolation });
    url = `http://127.0.0.1:${server.address().port}${page}`;
  }
  const report = await runPage({ url, chromium, timeoutMs });
  if (server) {
    server.closeAllConnections();
    server.close();
  }
  print(report);
  process.exit(report.ok ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
