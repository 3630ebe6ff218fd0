#!/usr/bin/env bash
# Rebuilds every example module into examples/build/ from examples/c/, with the clang and wasm-ld that ship with
# the Swift toolchain (found next to `swift`, or in $WASM_TOOLCHAIN_BIN). Deterministic: the same toolchain gives
# the same bytes on every run and in every directory.
#
#   examples/build.sh           rebuild examples/build/*.wasm, SHA256SUMS and TOOLCHAIN
#   examples/build.sh --check   rebuild into a temporary directory and compare with examples/build/:
#                               exit 0 if identical, 1 if any module differs (or is missing / extra),
#                               3 if the committed modules were built by another toolchain (cannot compare)
#   examples/build.sh --out DIR build into DIR instead (used by --check)
#
# See examples/README.md for the flavours and what wasm-threadify should do with each module.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/c"
committed="$here/build"

mode=build
out="$committed"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) mode=check; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [[ -n "${WASM_TOOLCHAIN_BIN:-}" ]]; then
  bin="$WASM_TOOLCHAIN_BIN"
else
  swift_path="$(command -v swift || true)"
  if [[ -z "$swift_path" ]]; then
    echo "build.sh: swift not on PATH (set WASM_TOOLCHAIN_BIN to the folder with clang and wasm-ld)" >&2
    exit 2
  fi
  bin="$(dirname "$(readlink -f "$swift_path")")"
fi
clang="$bin/clang"
wasmld="$bin/wasm-ld"
for tool in "$clang" "$wasmld"; do
  [[ -x "$tool" ]] || { echo "build.sh: $tool not found" >&2; exit 2; }
done
toolchain="$("$clang" --version | head -n 1)"

if [[ "$mode" == check ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  bash "${BASH_SOURCE[0]}" --out "$tmp" >/dev/null
  committed_toolchain="$(cat "$committed/TOOLCHAIN" 2>/dev/null || echo "(none)")"
  status=0
  for f in "$tmp"/*.wasm; do
    name="$(basename "$f")"
    if [[ ! -f "$committed/$name" ]]; then
      echo "missing: examples/build/$name"; status=1
    elif ! cmp -s "$f" "$committed/$name"; then
      echo "differs: examples/build/$name"; status=1
    fi
  done
  for f in "$committed"/*.wasm; do
    [[ -e "$f" ]] || continue
    [[ -f "$tmp/$(basename "$f")" ]] || { echo "extra (no longer built): examples/build/$(basename "$f")"; status=1; }
  done
  if [[ $status -ne 0 && "$committed_toolchain" != "$toolchain" ]]; then
    echo "the committed modules were built by: $committed_toolchain"
    echo "this toolchain is:                   $toolchain"
    echo "cannot compare across toolchains: run examples/build.sh with the committed toolchain"
    exit 3
  fi
  if [[ $status -ne 0 ]]; then
    echo "examples/build is out of date: run examples/build.sh"
    exit 1
  fi
  echo "examples/build is up to date ($(ls "$committed"/*.wasm | wc -l) modules)"
  exit 0
fi

mkdir -p "$out"
rm -f "$out"/*.wasm "$out/SHA256SUMS" "$out/TOOLCHAIN"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT

# Compile flags. Paths are relative to $src (we cd there) so that nothing machine-specific can reach the output.
cflags_threads=(--target=wasm32 -matomics -mbulk-memory -O2 -nostdlib -ffreestanding -Wall -Wextra)
cflags_unshared=(--target=wasm32 -mno-atomics -mbulk-memory -O2 -nostdlib -ffreestanding -Wall -Wextra)

# Link flags: the "rustc-like" flavour is what rustc (≤ Oct 2025) passed for +atomics; "clang-default" is what a
# plain clang user passes to get a shared-memory module (lld's default layout: data first, 64 KiB stack).
tls_exports=(--export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base)
common=(--no-entry --export-dynamic --export=__heap_base --export=__data_end)
shared=(--shared-memory --import-memory --max-memory=1073741824)
stack_rustc=(--stack-first -z stack-size=1048576)

compile() { # abi-macro tag cflags...
  local macro="$1" tag="$2"; shift 2
  (cd "$src" && "$clang" "$@" "-D$macro" -c alloc.c -o "$objs/alloc-$tag.o" \
    && "$clang" "$@" "-D$macro" -c threads_demo.c -o "$objs/threads_demo-$tag.o")
}
link() { # output tag flags...
  local output="$1" tag="$2"; shift 2
  "$wasmld" "$objs/alloc-$tag.o" "$objs/threads_demo-$tag.o" -o "$out/$output" "$@"
  chmod 644 "$out/$output"
  echo "built $output"
}

for abi in wasmgrind wasm-bindgen c; do
  case "$abi" in
    wasmgrind) macro=DEMO_ABI_WASMGRIND ;;
    wasm-bindgen) macro=DEMO_ABI_WBINDGEN ;;
    c) macro=DEMO_ABI_C ;;
  esac
  compile "$macro" "$abi" "${cflags_threads[@]}"
  link "demo-$abi-rustc-like.wasm" "$abi" "${common[@]}" "${shared[@]}" "${stack_rustc[@]}" "${tls_exports[@]}"
  link "demo-$abi-clang-default.wasm" "$abi" "${common[@]}" "${shared[@]}" "${tls_exports[@]}"
done

# Modules the tool must refuse (or that probe its error messages); all are rustc-like with one thing changed.
link demo-wasmgrind-no-max-memory.wasm wasmgrind "${common[@]}" --shared-memory --import-memory \
  "${stack_rustc[@]}" "${tls_exports[@]}"
link demo-wasmgrind-defined-memory.wasm wasmgrind "${common[@]}" --shared-memory --max-memory=1073741824 \
  "${stack_rustc[@]}" "${tls_exports[@]}"
link demo-wasmgrind-no-tls-exports.wasm wasmgrind "${common[@]}" "${shared[@]}" "${stack_rustc[@]}"
compile DEMO_ABI_WASMGRIND wasmgrind-unshared "${cflags_unshared[@]}"
link demo-wasmgrind-unshared.wasm wasmgrind-unshared "${common[@]}" --import-memory --max-memory=1073741824 \
  "${stack_rustc[@]}" --export-if-defined=__wasm_init_tls --export-if-defined=__tls_size \
  --export-if-defined=__tls_align --export-if-defined=__tls_base

if command -v wasm-validate >/dev/null; then
  for f in "$out"/*.wasm; do
    wasm-validate --enable-threads "$f" || { echo "build.sh: wasm-validate rejected $f" >&2; exit 1; }
  done
  echo "wasm-validate --enable-threads: all valid"
else
  echo "build.sh: wasm-validate not found (apt-get install wabt): outputs not validated" >&2
fi

echo "$toolchain" >"$out/TOOLCHAIN"
(cd "$out" && sha256sum *.wasm >SHA256SUMS)
