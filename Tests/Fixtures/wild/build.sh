#!/bin/bash
# Rebuilds every module of this folder from src/ (Debian's emcc 3.1.6, clang/wasm-ld 21 of the Swift toolchain,
# WABT's wat2wasm, and this package's wasm-threadify for the already-patched ones), then rewrites SHA256SUMS.
# emcc -O2 and above runs its JS optimiser, which needs acorn: Debian's node-acorn, found through NODE_PATH.
set -euo pipefail
cd "$(dirname "$0")"
export NODE_PATH=/usr/share/nodejs
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
CLANG=${CLANG:-/opt/swift/usr/bin/clang}
THREADIFY=${THREADIFY:-../../../.build/debug/wasm-threadify}
mkdir -p emscripten emscripten-plain llvm-threaded llvm-plain wasix wasi-threads wasm-bindgen pic already-patched

emscripten() { # OUT SOURCE FLAGS...: keep only the .wasm of an emcc build
  local out=$1 source=$2
  shift 2
  emcc "src/$source" "$@" -o "$scratch/out.js" >/dev/null 2>&1
  cp "$scratch/out.wasm" "$out"
}
emscripten emscripten/pthread-O0.wasm pthread.c -pthread -O0
emscripten emscripten/pthread-O1.wasm pthread.c -pthread -O1
emscripten emscripten/pthread-O2.wasm pthread.c -pthread -O2
emscripten emscripten/pthread-O3-minified.wasm pthread.c -pthread -O3
emscripten emscripten/pthread-Os-minified.wasm pthread.c -pthread -Os
emscripten emscripten/pthread-O3-minimal-runtime.wasm pthread.c -pthread -O3 -sMINIMAL_RUNTIME
emscripten emscripten/pthread-O3-growth-pool.wasm pthread.c -pthread -O3 -sALLOW_MEMORY_GROWTH -sPTHREAD_POOL_SIZE=4
emscripten emscripten/pthread-O1-g-growth.wasm pthread.c -pthread -O1 -g -sALLOW_MEMORY_GROWTH
emscripten emscripten/pthread-proxy-to-pthread-O1.wasm pthread.c -pthread -O1 -sPROXY_TO_PTHREAD
emscripten emscripten/pthread-pool-O2.wasm pthread.c -pthread -O2 -sPTHREAD_POOL_SIZE=2 -sALLOW_MEMORY_GROWTH
emscripten emscripten/cpp-thread-O1.wasm pthread.cpp -pthread -O1
emscripten emscripten/cpp-thread-O3-minified.wasm pthread.cpp -pthread -O3
emscripten emscripten-plain/plain-O0.wasm plain.c -O0
emscripten emscripten-plain/plain-O3-minified.wasm plain.c -O3

llvm() { # OUT SOURCE TARGET CFLAGS -- LDFLAGS
  local out=$1 source=$2 target=$3
  shift 3
  local cflags=() ldflags=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do cflags+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  ldflags=("$@")
  "$CLANG" --target="$target" -nostdlib -c "src/$source" -o "$scratch/out.o" "${cflags[@]}"
  /opt/swift/usr/bin/wasm-ld "$scratch/out.o" -o "$out" --no-entry "${ldflags[@]}"
}
threads=(-matomics -mbulk-memory)
shared=(--shared-memory --import-memory --max-memory=16777216)
tls=(--export=__tls_base --export=__tls_size --export=__tls_align --export=__wasm_init_tls)
llvm llvm-threaded/exports-tls-O0.wasm llvm-threaded.c wasm32 -O0 "${threads[@]}" -- "${shared[@]}" "${tls[@]}"
llvm llvm-threaded/exports-tls-O2.wasm llvm-threaded.c wasm32 -O2 "${threads[@]}" -- "${shared[@]}" "${tls[@]}"
llvm llvm-threaded/stack-first-O2.wasm llvm-threaded.c wasm32 -O2 "${threads[@]}" -- "${shared[@]}" "${tls[@]}" --stack-first
llvm llvm-threaded/no-tls-exports-O2.wasm llvm-threaded.c wasm32 -O2 "${threads[@]}" -- "${shared[@]}" --strip-debug
llvm llvm-threaded/not-imported-memory-O2.wasm llvm-threaded.c wasm32 -O2 "${threads[@]}" -- --shared-memory --max-memory=16777216 "${tls[@]}"
llvm llvm-plain/plain-O0.wasm llvm-plain.c wasm32 -O0
llvm llvm-plain/plain-O2-stripped.wasm llvm-plain.c wasm32 -O2 -- --strip-all --export=add
llvm wasix/wasix32-thread-spawn.wasm wasix.c wasm32 -O2 "${threads[@]}" '-DSPAWN_NAME="thread_spawn"' '-DENTRY_NAME="_start_thread"' -- "${shared[@]}" "${tls[@]}"
llvm wasix/wasix32-thread-spawn-v2.wasm wasix.c wasm32 -O2 "${threads[@]}" '-DSPAWN_NAME="thread_spawn_v2"' '-DENTRY_NAME="wasi_thread_start"' -- "${shared[@]}"
llvm wasix/wasix64-thread-spawn-v2.wasm wasix.c wasm64 -O2 "${threads[@]}" '-DSPAWN_NAME="thread_spawn_v2"' '-DENTRY_NAME="wasi_thread_start"' -- -mwasm64 "${shared[@]}"
llvm wasi-threads/thread-spawn-O0.wasm wasi-threads.c wasm32 -O0 "${threads[@]}" -- "${shared[@]}"
llvm wasi-threads/thread-spawn-O2-stripped.wasm wasi-threads.c wasm32 -O2 "${threads[@]}" -- "${shared[@]}" --strip-all
llvm pic/side-module-O0.wasm pic.c wasm32 -O0 -fPIC "${threads[@]}" -- --experimental-pic -shared --shared-memory

for wat in src/*.wat; do
  wat2wasm --enable-threads "$wat" -o "wasm-bindgen/$(basename "$wat" .wat).wasm"
done

"$THREADIFY" llvm-threaded/exports-tls-O2.wasm -o already-patched/wasmgrind.wasm --rules wasmgrind >/dev/null
"$THREADIFY" llvm-threaded/exports-tls-O2.wasm -o already-patched/wasmgrind-stack-guard.wasm --rules wasmgrind \
  --set stack_guard=1 >/dev/null

find . -name '*.wasm' | sort | sed 's|^\./||' | xargs sha256sum >SHA256SUMS
