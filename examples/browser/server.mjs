// server.mjs — a tiny static server for running patched modules in a browser page (node >= 20, no packages).
//
//   node examples/browser/server.mjs [--port=N] [--modules=DIR] [--without-isolation] [MODULE.wasm ...]
//
// Serves the repository's examples/ folder at / (so the page is /browser/index.html and the host
// /host/threadify-host.mjs), and modules at /modules/NAME: every file of --modules=DIR, and each MODULE.wasm given
// on the command line under its file name. Binds 127.0.0.1 only; --port=0 (the default) takes a free port. Prints
// one line `{"url":"http://127.0.0.1:PORT/browser/index.html","port":PORT}` on stdout once it listens.
//
// Every response carries the two headers that make the page cross-origin isolated, without which a page has no
// SharedArrayBuffer and so no shared WebAssembly.Memory:
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
// .wasm is sent as application/wasm (WebAssembly.compileStreaming requires it). --without-isolation leaves the
// two isolation headers out, to see what a page does without them (no SharedArrayBuffer).

import { createServer } from 'node:http';
import { open, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers that make a page cross-origin isolated (and let its own resources load under require-corp). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const EXAMPLES = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Maps a request path to a file: /modules/NAME to a module (a named file or one in `modulesDir`), anything else
 * to a file under examples/. Returns null for paths that escape their folder or name nothing served.
 */
async function locate(pathname, { modulesDir, moduleFiles }) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  if (decoded.startsWith('/modules/')) {
    const name = decoded.slice('/modules/'.length);
    if (moduleFiles.has(name)) return moduleFiles.get(name);
    if (!modulesDir || name.includes('/') || name.startsWith('.')) return null;
    return within(modulesDir, join(modulesDir, name));
  }
  const path = decoded.endsWith('/') ? decoded + 'index.html' : decoded;
  return within(EXAMPLES, join(EXAMPLES, path));
}

/** `file`'s real path when it lies inside `folder` (after resolving links), else null. */
async function within(folder, file) {
  try {
    const [root, real] = await Promise.all([realpath(folder), realpath(file)]);
    return real.startsWith(root + sep) ? real : null;
  } catch {
    return null;
  }
}

/**
 * Starts the server. `modulesDir`: a folder served at /modules/; `modules`: files served at /modules/BASENAME;
 * `isolation: false` leaves out the isolation headers. Resolves to the node `http.Server`, listening on
 * 127.0.0.1:`port` (0: a free port).
 */
export async function startServer({ port = 0, modulesDir = null, modules = [], isolation = true } = {}) {
  const moduleFiles = new Map(modules.map((file) => [basename(file), resolve(file)]));
  const options = { modulesDir: modulesDir ? resolve(modulesDir) : null, moduleFiles };
  // Modules are re-patched between runs: never cached.
  const headers = { ...(isolation ? ISOLATION_HEADERS : {}), 'Cache-Control': 'no-store' };
  const server = createServer(async (request, response) => {
    const reply = (status, text) => {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : text + '\n');
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'only GET and HEAD');
    const url = new URL(request.url, 'http://127.0.0.1');
    const file = await locate(url.pathname, options);
    let handle;
    try {
      if (!file || !(await stat(file)).isFile()) return reply(404, `not found: ${url.pathname}`);
      handle = await open(file, 'r');
      const { size } = await handle.stat();
      response.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
      });
      if (request.method === 'HEAD') return response.end();
      const stream = handle.createReadStream();
      handle = null; // the stream closes it
      stream.on('error', () => response.destroy());
      stream.pipe(response);
    } catch (e) {
      if (!response.headersSent) reply(500, `cannot read ${url.pathname}: ${e.code ?? e.message}`);
      else response.destroy();
    } finally {
      await handle?.close();
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  return server;
}

function usage(message) {
  if (message) console.error(`server.mjs: ${message}`);
  console.error(
    'usage: node examples/browser/server.mjs [--port=N] [--modules=DIR] [--without-isolation] [MODULE.wasm ...]');
  process.exit(2);
}

async function main(argv) {
  let port = 0;
  let modulesDir = null;
  let isolation = true;
  const modules = [];
  for (const argument of argv) {
    if (argument === '--help' || argument === '-h') usage();
    else if (argument === '--without-isolation') isolation = false;
    else if (argument.startsWith('--port=')) {
      port = Number(argument.slice('--port='.length));
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`bad port in ${argument}`);
    } else if (argument.startsWith('--modules=')) modulesDir = argument.slice('--modules='.length);
    else if (argument.startsWith('-')) usage(`unknown option ${argument}`);
    else modules.push(argument);
  }
  if (modulesDir && !(await stat(modulesDir).catch(() => null))?.isDirectory()) usage(`${modulesDir} is not a folder`);
  for (const file of modules) if (!(await stat(file).catch(() => null))?.isFile()) usage(`${file} is not a file`);
  const server = await startServer({ port, modulesDir, modules, isolation }).catch((e) => usage(`cannot listen: ${e.message}`));
  const { port: bound } = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${bound}/browser/index.html`, port: bound }));
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
