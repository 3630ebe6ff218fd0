#!/usr/bin/env bash
# Rebuilds Tests/Fixtures/entry/demo-wasmgrind-entry.wasm: the threaded C demo (examples/c/threads_demo.c, alloc.c)
# plus examples/c/instance_entry.c, which exports __wasmgrind_thread_start for wasmgrind's instance-entry ABI
# (rules/wasmgrind-entry.yaml). Linked rustc-like (see examples/README.md) with the clang and wasm-ld next to
# `swift` (or in $WASM_TOOLCHAIN_BIN); deterministic for one toolchain.
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../../../examples/c"
bin="${WASM_TOOLCHAIN_BIN:-$(dirname "$(readlink -f "$(command -v swift)")")}"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT
cflags=(--target=wasm32 -matomics -mbulk-memory -O2 -nostdlib -ffreestanding -Wall -Wextra -DDEMO_ABI_WASMGRIND)
for file in alloc threads_demo instance_entry; do
  (cd "$src" && "$bin/clang" "${cflags[@]}" -c "$file.c" -o "$objs/$file.o")
done
"$bin/wasm-ld" "$objs/alloc.o" "$objs/threads_demo.o" "$objs/instance_entry.o" -o "$here/demo-wasmgrind-entry.wasm" \
  --no-entry --export-dynamic --export=__heap_base --export=__data_end \
  --shared-memory --import-memory --max-memory=1073741824 --stack-first -z stack-size=1048576 \
  --export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base
chmod 644 "$here/demo-wasmgrind-entry.wasm"
"$bin/clang" --version | head -n 1 >"$here/TOOLCHAIN"
echo "built demo-wasmgrind-entry.wasm"
