#!/usr/bin/env bash
# How long `wasm-threadify verify` takes (issue 19). A benchmark, not a test: it never fails on a slow result.
#
#   Benchmarks/verify.sh                     8 threads × 10 rounds on the seed's minimal_test.wasm (wasmgrind)
#   THREADS=64 ROUNDS=10000 Benchmarks/verify.sh    a soak: memory per 1 000 rounds from the JSON `pages`
#   RUNS=5 Benchmarks/verify.sh              more samples (default 5; the median is reported)
#   NO_BUILD=1 Benchmarks/verify.sh          reuse the existing release binary
#
# Builds the release binary as shipped, patches Tests/Fixtures/real/minimal_test.wasm with the bundled wasmgrind
# rule set into Benchmarks/.generated/, then times RUNS runs of verify (wall clock, date +%s%N) and prints the median,
# the fastest and the slowest, and the memory size after every 1 000 rounds (or after each round for short runs).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${THREADS:-8}
rounds=${ROUNDS:-10}
runs=${RUNS:-5}
if [[ -z "${NO_BUILD:-}" ]]; then
  swift build -c release --static-swift-stdlib --product wasm-threadify >&2
fi
tool=.build/release/wasm-threadify
mkdir -p Benchmarks/.generated
module=Benchmarks/.generated/minimal_test.wasmgrind.wasm
"$tool" patch --rules wasmgrind Tests/Fixtures/real/minimal_test.wasm -o "$module"
samples=()
for ((run = 0; run < runs; run++)); do
  start=$(date +%s%N)
  "$tool" verify "$module" --threads "$threads" --rounds "$rounds" --json > Benchmarks/.generated/verify.json
  end=$(date +%s%N)
  samples+=($(((end - start) / 1000000)))
done
sorted=$(printf '%s\n' "${samples[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
echo "verify $threads threads × $rounds rounds: median ${median} ms over $runs runs" \
  "(fastest $(echo "$sorted" | head -1) ms, slowest $(echo "$sorted" | tail -1) ms)"
python3 - "$rounds" <<'PY'
import json, sys
rounds = int(sys.argv[1])
report = json.load(open("Benchmarks/.generated/verify.json"))
pages = report["pages"]
step = 1000 if rounds >= 1000 else 1
print("passed:", report["passed"], "| memory pages after the first start:", pages[0])
print("memory pages after round:", ", ".join(f"{r}: {pages[r]}" for r in range(step, rounds + 1, step)))
PY
