#!/usr/bin/env bash
# Builds the stack-guard run-time benchmark module (calls.c + the example allocator) into DIR (default
# Benchmarks/runtime/.generated/) with the clang and wasm-ld next to `swift` (or $WASM_TOOLCHAIN_BIN), threaded and
# linked like examples/build/demo-*-rustc-like.wasm, then validates it with wasm-validate --enable-threads.
#
#   Benchmarks/runtime/build.sh [DIR]
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/.generated}"
if [[ -n "${WASM_TOOLCHAIN_BIN:-}" ]]; then
  bin="$WASM_TOOLCHAIN_BIN"
else
  swift_path="$(command -v swift || true)"
  [[ -n "$swift_path" ]] || { echo "build.sh: swift not on PATH (set WASM_TOOLCHAIN_BIN)" >&2; exit 2; }
  bin="$(dirname "$(readlink -f "$swift_path")")"
fi
command -v wasm-validate >/dev/null || { echo "build.sh: wasm-validate not found (apt-get install wabt)" >&2; exit 2; }
mkdir -p "$out"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT
cflags=(--target=wasm32 -matomics -mbulk-memory -O2 -nostdlib -ffreestanding -Wall -Wextra)
(cd "$here" && "$bin/clang" "${cflags[@]}" -c ../../examples/c/alloc.c -o "$objs/alloc.o" \
  && "$bin/clang" "${cflags[@]}" -c calls.c -o "$objs/calls.o")
"$bin/wasm-ld" "$objs/alloc.o" "$objs/calls.o" -o "$out/calls.wasm" --no-entry --export-dynamic \
  --export=__heap_base --export=__data_end --shared-memory --import-memory --max-memory=1073741824 \
  --stack-first -z stack-size=1048576 \
  --export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base
wasm-validate --enable-threads "$out/calls.wasm"
echo "built $out/calls.wasm ($("$bin/clang" --version | head -n 1))"
