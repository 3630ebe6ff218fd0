// server-checks.mjs — requests examples/browser/server.mjs must answer (or refuse) correctly, for
// BrowserServerTests.swift: node server-checks.mjs MODULES_DIR prints one JSON object {name: {status, type,
// coop, coep, length}}. MODULES_DIR holds `m.wasm` and a link `escape.wasm` to a file outside it.

import { request } from 'node:http';
import { startServer } from '../../../../examples/browser/server.mjs';

const modulesDir = process.argv[2];

function get(port, path, method = 'GET') {
  return new Promise((resolve, reject) => {
    // A raw path: node's URL parsing would normalise the dot segments the checks need to send.
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let length = 0;
      res.on('data', (chunk) => (length += chunk.length));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          type: res.headers['content-type'] ?? null,
          coop: res.headers['cross-origin-opener-policy'] ?? null,
          coep: res.headers['cross-origin-embedder-policy'] ?? null,
          length,
        }));
    });
    req.on('error', reject);
    req.end();
  });
}

const paths = {
  page: '/browser/index.html',
  folder: '/browser/',
  host: '/host/threadify-host.mjs',
  module: '/modules/m.wasm',
  missing: '/modules/none.wasm',
  dotdot: '/../../../../etc/passwd',
  encodedDotdot: '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  moduleDotdot: '/modules/..%2f..%2f..%2fetc%2fpasswd',
  moduleHidden: '/modules/.hidden',
  linkOut: '/modules/escape.wasm',
  badEncoding: '/browser/%E0%A4%A',
  nul: '/browser/index.html%00.wasm',
};
const out = {};
const isolated = await startServer({ modulesDir });
const plain = await startServer({ modulesDir, isolation: false });
try {
  for (const [name, path] of Object.entries(paths)) out[name] = await get(isolated.address().port, path);
  out.post = await get(isolated.address().port, paths.page, 'POST');
  out.head = await get(isolated.address().port, paths.module, 'HEAD');
  out.withoutIsolation = await get(plain.address().port, paths.page);
} finally {
  for (const server of [isolated, plain]) {
    server.closeAllConnections();
    server.close();
  }
}
console.log(JSON.stringify(out));
