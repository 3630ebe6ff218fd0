// Runs a module whose program spawns its own threads (examples/browser/spawn-program.mjs, the same code the page
// runs) on the JS host in node and prints its JSON report.
//
//   node spawn-checks.mjs MODULE THREADS ROUNDS
import { runSpawnProgram } from '../../../../examples/browser/spawn-program.mjs';

const [path, threads, rounds] = process.argv.slice(2);
console.log(JSON.stringify(await runSpawnProgram(path, { threads: Number(threads), rounds: Number(rounds) })));
