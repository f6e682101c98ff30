"""Benchmark: ``vault-sync check`` on a generated vault, cold (a new process each run).

    python bench/bench_check.py [--notes 10000] [--runs 5]

Prints wall time (median and worst of the runs) and peak memory. Targets (issue 2):
at most 2 s and 150 MB for 10,000 notes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics

from common import measure, vault


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = vault(args.notes)
    runs = [measure(["check", "-q", str(path)]) for _ in range(args.runs)]
    assert all(r.status in (0, 1) for r in runs), [r.status for r in runs]
    walls = [r.wall_s for r in runs]
    print(f"check, {args.notes} notes, {args.runs} cold runs")
    print(
        f"  wall time: median {statistics.median(walls):.2f} s, worst {max(walls):.2f} s"
        f"  (target <= 2.00 s)"
    )
    print(f"  peak memory: {max(r.peak_mb for r in runs):.0f} MB  (target <= 150 MB)")


if __name__ == "__main__":
    main()
