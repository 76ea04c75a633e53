#!/usr/bin/env python3
"""Instructions per render of each workload, counted by callgrind.

    cargo build --profile bench -p kiln-benches --bin instructions
    python3 benches/instructions.py [--contestants kiln,sailfish] [--workloads teams] [--renders N]

For each contestant and workload, runs `instructions` under `valgrind --tool=callgrind` once
with 0 renders and once with N, and prints (I(N) - I(0)) / N as a Markdown table: the
instructions of one render, without the set-up. Counts are exact and do not move with the
machine's load, unlike wall times; they ignore cache misses and branch mispredictions, so
read them beside criterion's times, not instead of them.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "instructions")
CONTESTANTS = ["plain", "tuned", "simd", "kiln", "sailfish", "askama", "minijinja", "tera", "handlebars"]
WORKLOADS = ["big-table/10", "big-table/100", "big-table/300", "teams", "escape-heavy",
             "inheritance", "filters"]


def count(contestant, workload, renders):
    """Instructions executed by the whole program for `renders` renders."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             BINARY, contestant, workload, str(renders)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            for line in f:
                match = re.match(r"summary: (\d+)", line)
                if match:
                    return int(match.group(1))
    raise RuntimeError(f"no summary from callgrind for {contestant} {workload}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contestants", default="plain,tuned,kiln,sailfish,askama")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--renders", type=int, default=20,
                        help="renders to count (big-table/300 uses a quarter)")
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: cargo build --profile bench -p kiln-benches --bin instructions")
    contestants = args.contestants.split(",")
    print("| workload | " + " | ".join(contestants) + " |")
    print("|---|" + "---:|" * len(contestants))
    for workload in args.workloads.split(","):
        renders = max(1, args.renders // 4) if workload.endswith("/300") else args.renders
        cells = []
        for contestant in contestants:
            base = count(contestant, workload, 0)
            total = count(contestant, workload, renders)
            cells.append(f"{(total - base) / renders:,.0f}")
        print(f"| {workload} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
