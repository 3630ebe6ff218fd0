// Whether the JS host takes MODULE: Host.create on it, from its marker, or, with `--no-start`, told an ABI with no
// start record (option `abi`). Prints {"accepted": true} or {"accepted": false, "error": MESSAGE}.
//
//   node host-accepts.mjs MODULE [--no-start]
import { Host } from '../../../../examples/host/threadify-host.mjs';

const [path, flag] = process.argv.slice(2);
const options = flag === '--no-start' ? { abi: { rules: 'told', version: '1', start: null, destroy: null } } : {};
try {
  const host = await Host.create(path, options);
  host.close();
  console.log(JSON.stringify({ accepted: true }));
} catch (e) {
  console.log(JSON.stringify({ accepted: false, error: e.message }));
}
