#!/usr/bin/env bash
# Rebuilds the wasm64 fixtures of Tests/Fixtures/wasm64 from examples/c with the clang and wasm-ld next to `swift`
# (or in $WASM_TOOLCHAIN_BIN): the threaded C demo compiled for wasm64-unknown-unknown and linked with
# `wasm-ld -mwasm64 --shared-memory --import-memory --max-memory=N`, the wasm32 flags of examples/build.sh
# otherwise. Deterministic for one toolchain.
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../../../examples/c"
bin="${WASM_TOOLCHAIN_BIN:-$(dirname "$(readlink -f "$(command -v swift)")")}"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT
cflags=(--target=wasm64-unknown-unknown -matomics -mbulk-memory -O2 -nostdlib -ffreestanding -Wall -Wextra)
tls_exports=(--export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base)
common=(-mwasm64 --no-entry --export-dynamic --export=__heap_base --export=__data_end --shared-memory --import-memory)
stack=(--stack-first -z stack-size=1048576)

compile() { # abi-macro tag files...
  local macro="$1" tag="$2"; shift 2
  for file in "$@"; do
    (cd "$src" && "$bin/clang" "${cflags[@]}" "-D$macro" -c "$file.c" -o "$objs/$file-$tag.o")
  done
}
link() { # output objects... -- flags...
  local output="$1"; shift
  local objects=()
  while [[ "$1" != "--" ]]; do objects+=("$objs/$1.o"); shift; done
  shift
  "$bin/wasm-ld" "${objects[@]}" -o "$here/$output" "${common[@]}" "$@"
  chmod 644 "$here/$output"
  echo "built $output"
}

# wasmgrind's ABI, with instance_entry.c: __wasmgrind_thread_start calls its routine through the table64.
compile DEMO_ABI_WASMGRIND wasmgrind alloc threads_demo instance_entry
link demo64-wasmgrind.wasm alloc-wasmgrind threads_demo-wasmgrind instance_entry-wasmgrind -- \
  --max-memory=1073741824 "${stack[@]}" "${tls_exports[@]}"
# The C ABI (aligned_alloc / free).
compile DEMO_ABI_C c alloc threads_demo
link demo64-c.wasm alloc-c threads_demo-c -- --max-memory=1073741824 "${stack[@]}" "${tls_exports[@]}"
# Initial memory above 4 GiB (81920 pages = 5 GiB, maximum 8 GiB): for inspect and the reservation.
link demo64-wasmgrind-5gib.wasm alloc-wasmgrind threads_demo-wasmgrind instance_entry-wasmgrind -- \
  --initial-memory=5368709120 --max-memory=8589934592 "${stack[@]}" "${tls_exports[@]}"

"$bin/clang" --version | head -n 1 >"$here/TOOLCHAIN"
(cd "$here" && sha256sum ./*.wasm >SHA256SUMS)
