#!/bin/bash
# Checks the modules of fetched.tsv that are not committed: DIR holds them under the names of its first column.
# For each: the SHA-256 must match, and `wasm-threadify inspect` must give the flavour of the "verdict now" column.
# Prints one line per module and a count; exit status 1 when a module is missing, differs or gets another verdict.
set -uo pipefail
dir=${1:?usage: check-fetched.sh DIR [WASM_THREADIFY]}
here=$(cd "$(dirname "$0")" && pwd)
threadify=${2:-$here/../../../.build/debug/wasm-threadify}
checked=0 failed=0
while IFS=$'\t' read -r file kind repository commit path licence sha256 bytes flavour before; do
  case $file in '#'*) continue ;; esac
  checked=$((checked + 1))
  if [ ! -f "$dir/$file" ]; then
    echo "MISSING $file ($repository @ $commit : $path)"; failed=$((failed + 1)); continue
  fi
  if [ "$(sha256sum "$dir/$file" | cut -d' ' -f1)" != "$sha256" ]; then
    echo "DIFFERS $file"; failed=$((failed + 1)); continue
  fi
  verdict=$("$threadify" inspect "$dir/$file" | sed -n 's/^verdict: \([^ ]*\) — .*/\1/p')
  if [ "$verdict" = "$flavour" ]; then
    echo "ok      $file $kind: $verdict (was $before)"
  else
    echo "WRONG   $file $kind: $verdict, expected $flavour"; failed=$((failed + 1))
  fi
done <"$here/fetched.tsv"
echo "$checked modules, $failed failed"
[ "$failed" -eq 0 ]
