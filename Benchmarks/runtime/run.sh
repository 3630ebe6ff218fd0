#!/usr/bin/env bash
# Run-time cost of the stack guard (issue 13): a benchmark, not a test (it never fails on a slow result).
#
#   Benchmarks/runtime/run.sh              N=27, 301 timed repetitions per module after 20 warm-up calls
#   N=30 REPS=101 Benchmarks/runtime/run.sh
#   THREADIFY=path/to/wasm-threadify Benchmarks/runtime/run.sh   (default: .build/debug/wasm-threadify, built if missing)
#
# 1. builds calls.wasm (build.sh: threaded, rustc-like layout, wasmgrind allocator ABI) into .generated/
# 2. patches it with the default rules (wasmgrind) twice: as is, and with --set stack_guard=1
# 3. times bench_fib(N) in node on both (bench.mjs: one instance each on the main thread, interleaved,
#    alternating order), and prints the medians and the slowdown of the guarded module, both as a ratio of
#    medians and as the median of the per-repetition (paired) ratios.
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
gen="$here/.generated"
n="${N:-27}"
reps="${REPS:-301}"
warmup="${WARMUP:-20}"
tool="${THREADIFY:-$root/.build/debug/wasm-threadify}"
if [[ ! -x "$tool" ]]; then
  (cd "$root" && swift build --product wasm-threadify)
fi
command -v node >/dev/null || { echo "run.sh: node not found" >&2; exit 2; }
"$here/build.sh" "$gen"
"$tool" "$gen/calls.wasm" -o "$gen/calls-patched.wasm"
"$tool" --set stack_guard=1 "$gen/calls.wasm" -o "$gen/calls-guarded.wasm"
for f in calls-patched calls-guarded; do wasm-validate --enable-threads "$gen/$f.wasm"; done
node "$here/bench.mjs" "$n" "$reps" "$warmup" "$gen/calls.wasm" "$gen/calls-patched.wasm" "$gen/calls-guarded.wasm" \
  | tee "$gen/results.json" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const pct = (x) => ((x - 1) * 100).toFixed(1) + " %";
    console.log(`node ${r.node}, bench_fib(${r.n}), ${r.reps} repetitions after ${r.warmup} warm-up calls (ms):`);
    console.log("| module | wall median | wall p10 | wall min | CPU median | CPU p10 | CPU min |");
    console.log("|---|---|---|---|---|---|---|");
    for (const x of r.results) console.log(`| ${x.file.split("/").pop()} | ${[x.wall.median_ms, x.wall.p10_ms, x.wall.min_ms, x.cpu.median_ms, x.cpu.p10_ms, x.cpu.min_ms].map((v) => v.toFixed(2)).join(" | ")} |`);
    const [raw, patched, guarded] = r.results;
    for (const [label, a, b, p] of [["patched vs unpatched", patched, raw, r.paired[0]], ["stack_guard=1 vs patched", guarded, patched, r.paired[1]]])
      console.log(`${label}: wall medians ${pct(a.wall.median_ms / b.wall.median_ms)}, p10 ${pct(a.wall.p10_ms / b.wall.p10_ms)}, `
        + `paired ${pct(p.wall_median_ratio)}; CPU medians ${pct(a.cpu.median_ms / b.cpu.median_ms)}, p10 ${pct(a.cpu.p10_ms / b.cpu.p10_ms)}, paired ${pct(p.cpu_median_ratio)}`);'
