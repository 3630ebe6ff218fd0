// Hosts MODULE on the JS host with the ABI given explicitly (option `abi`, in the marker's format): a spawn import
// of the signature PARAMS -> (i32) (PARAMS a JSON list such as ["i64"]). Prints {"accepted": true} or
// {"accepted": false, "error": MESSAGE}.
//
//   node spawn-refusal.mjs MODULE PARAMS
import { Host } from '../../../../examples/host/threadify-host.mjs';

const [path, params] = process.argv.slice(2);
const abi = {
  start: { call: 'other-instances', export: 'wasi_thread_start', args: ['thread_id', 'spawn_arg'] },
  spawn: { module: 'wasi', name: 'thread-spawn', params: JSON.parse(params), results: ['i32'], returns: 'thread_id', error: -6 },
  destroy: null,
};
try {
  const host = await Host.create(path, { abi });
  host.close();
  console.log(JSON.stringify({ accepted: true }));
} catch (e) {
  console.log(JSON.stringify({ accepted: false, error: e.message }));
}
