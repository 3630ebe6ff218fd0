#!/usr/bin/env bash
# Swift host native memory over many threads (issue 19): the seed's minimal_test.wasm (which imports
# wasm_threadlink functions) patched with wasmgrind, THREADS threads started and destroyed 8 at a time through the
# ThreadifyHost library; prints the resident size before and after. A benchmark: the same test as
# HostNativeMemoryTests with more threads (its threshold scales with them).
#
#   Benchmarks/host-threads-rss.sh            50 000 threads (debug build: about 50 ms a thread on one core)
#   THREADS=5000 Benchmarks/host-threads-rss.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >/dev/null
THREADIFY_SOAK_THREADS="${THREADS:-50000}" swift test --skip-build --filter HostNativeMemoryTests 2>&1 |
  grep -E 'HostNativeMemoryTests:|passed|failed'
