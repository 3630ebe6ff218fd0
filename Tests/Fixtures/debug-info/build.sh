#!/usr/bin/env bash
# Rebuilds the debug-info fixtures from ../../../examples/c/ (the demo program) and many_functions.c, with DWARF,
# by the clang and wasm-ld of the Swift toolchain (TOOLCHAIN records which). Writes SHA256SUMS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../../../examples/c" && pwd)"
bin="${WASM_TOOLCHAIN_BIN:-/opt/swift/usr/bin}"
clang="$bin/clang"
wasmld="$bin/wasm-ld"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT
cflags=(--target=wasm32 -matomics -mbulk-memory -O1 -nostdlib -ffreestanding -DDEMO_ABI_C
  -fdebug-prefix-map="$src"=/src -fdebug-prefix-map="$here"=/src)
ldflags=(--no-entry --export-dynamic --export=__heap_base --export=__data_end
  --shared-memory --import-memory --max-memory=1073741824
  --export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base)
build() { # output dwarf-version extra-sources...
  local output="$1" version="$2"; shift 2
  local objects=()
  for file in "$src/alloc.c" "$src/threads_demo.c" "$@"; do
    local object="$objs/$(basename "$file" .c)-$version.o"
    (cd "$(dirname "$file")" && "$clang" "${cflags[@]}" "-gdwarf-$version" -c "$(basename "$file")" -o "$object")
    objects+=("$object")
  done
  "$wasmld" "${objects[@]}" -o "$here/$output" "${ldflags[@]}"
  chmod 644 "$here/$output"
  echo "built $output"
}
build demo-c-dwarf4.wasm 4
build demo-c-dwarf5.wasm 5
build demo-c-many-functions-dwarf5.wasm 5 "$here/many_functions.c"
"$clang" --version | head -n 1 >"$here/TOOLCHAIN"
(cd "$here" && sha256sum *.wasm >SHA256SUMS)
