#!/usr/bin/env bash
# Rebuilds Tests/Fixtures/spawn/demo-wasi-spawn.wasm: the C program that spawns its own threads wasi-libc style
# (examples/c/spawn_demo.c) with the TLS and stack probes (threads_demo.c) and the allocator (alloc.c, -DDEMO_ABI_C),
# for rules/wasi-threads-entry.yaml. Linked rustc-like (see
# examples/README.md) with the clang and wasm-ld next to `swift` (or in $WASM_TOOLCHAIN_BIN); deterministic for one
# toolchain.
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../../../examples/c"
bin="${WASM_TOOLCHAIN_BIN:-$(dirname "$(readlink -f "$(command -v swift)")")}"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT
cflags=(--target=wasm32 -matomics -mbulk-memory -O2 -nostdlib -ffreestanding -Wall -Wextra -DDEMO_ABI_C)
files=(alloc threads_demo spawn_demo)
for file in "${files[@]}"; do
  (cd "$src" && "$bin/clang" "${cflags[@]}" -c "$file.c" -o "$objs/$file.o")
done
objects=()
for file in "${files[@]}"; do objects+=("$objs/$file.o"); done
"$bin/wasm-ld" "${objects[@]}" -o "$here/demo-wasi-spawn.wasm" \
  --no-entry --export-dynamic --export=__heap_base --export=__data_end \
  --shared-memory --import-memory --max-memory=1073741824 --stack-first -z stack-size=1048576 \
  --export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base
chmod 644 "$here/demo-wasi-spawn.wasm"
"$bin/clang" --version | head -n 1 >"$here/TOOLCHAIN"
echo "built demo-wasi-spawn.wasm"
