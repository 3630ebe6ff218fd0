#!/usr/bin/env bash
# Builds the libFuzzer target (Sources/ThreadifyFuzzing) with -sanitize=fuzzer,address in its own scratch path and
# runs it. See Fuzz/README.md.
#
#   Fuzz/run.sh build                 build only; prints the fuzzer's path
#   Fuzz/run.sh run [SECONDS] [ARGS]  build, then fuzz for SECONDS (default 600) with one worker; extra ARGS go to
#                                     libFuzzer (e.g. -seed=1)
#   Fuzz/run.sh replay FILE...        build, then run the given inputs once each (reproduce a crash)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-fuzz
fuzzer=$scratch/fuzz-patch
corpus=$scratch/corpus
artifacts=$scratch/artifacts/
# Compile: ASan plus libFuzzer's coverage instrumentation (what -sanitize=fuzzer adds), but not libFuzzer itself: the
# same flags reach the build-tool executable of the rules plugin (embed-rules), which must keep its own `main`.
compile_flags=(-sanitize=address -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table)
# Link: libFuzzer's `main` plus ASan. gold fails with an internal error on the ASan-instrumented tool; lld does not.
link_flags=(-sanitize=fuzzer,address -use-ld=lld)

build() {
  local swift_flags=()
  for flag in "${compile_flags[@]}" -use-ld=lld; do swift_flags+=(-Xswiftc "$flag"); done
  swift build --scratch-path "$scratch" --product ThreadifyFuzzing "${swift_flags[@]}" >&2
  # SwiftPM would rename the library's `main` for an executable product; libFuzzer brings its own `main`, so the
  # static library is linked by hand (the recipe of WasmKit's FuzzTesting).
  swiftc "$scratch/debug/libThreadifyFuzzing.a" -g "${link_flags[@]}" -o "$fuzzer" >&2
  echo "$fuzzer"
}

seed() {
  mkdir -p "$corpus" "$artifacts"
  cp -n Tests/Fixtures/real/*.wasm examples/build/*.wasm "$corpus"/
  # Rule-file inputs (FuzzRules.swift): a bundled rule file, then a module from its magic on.
  local rules module
  for rules in rules/*.yaml; do
    for module in examples/build/demo-wasmgrind-rustc-like.wasm examples/build/demo-wasm-bindgen-clang-default.wasm \
      examples/build/demo-c-rustc-like.wasm; do
      [ -e "$corpus/rules-$(basename "$rules" .yaml)-$(basename "$module")" ] ||
        cat "$rules" "$module" >"$corpus/rules-$(basename "$rules" .yaml)-$(basename "$module")"
    done
  done
  # cp keeps the fixtures' read-only mode; libFuzzer only adds files, but keep the folder tidy to delete.
  chmod u+w "$corpus"/*
}

export SWIFT_BACKTRACE=enable=off       # let libFuzzer and ASan report crashes
export SWIFT_DETERMINISTIC_HASHING=1    # a Dictionary walk replays in the order it crashed in
export LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}

command=${1:-run}
shift || true
case "$command" in
  build)
    build
    ;;
  run)
    seconds=${1:-600}
    shift || true
    build >/dev/null
    seed
    # One process, one worker: the machine stays usable. New inputs go to $corpus, crashes to $artifacts.
    exec "$fuzzer" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
      -dict=Fuzz/wasm.dict -artifact_prefix="$artifacts" "$@"
    ;;
  replay)
    build >/dev/null
    exec "$fuzzer" -runs=1 "$@"
    ;;
  *)
    echo "usage: Fuzz/run.sh build | run [SECONDS] [LIBFUZZER-ARGS...] | replay FILE..." >&2
    exit 2
    ;;
esac
