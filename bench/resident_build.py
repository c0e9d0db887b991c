"""A build of the example from a process that keeps the libraries loaded, as the web page's
server does (`appeal serve`: `api.Preview.warm_up`, then the collector told to leave what is
loaded alone): the build half of issue 25's part 3, without HTTP in between.

Usage: python bench/resident_build.py [--runs 5] [--jobs N] [--src PATH --label NAME ...]
One resident process per checkout (`--src`, its source folder; this one by default), each
started once and warmed up; then, in turns, each builds data/almaty-2021 (`api.build`, every
format, `force`) into a fresh folder: wall time, and CPU time of the build's processes (the
case's process forked from the resident one and its layout workers, from getrusage of the
children) and of the resident process itself. Target (issue 25): a build from the page < 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "almaty-2021"
WORK = ROOT / "bench" / "work" / "runs" / "resident-build"


def resident(jobs: int | None) -> None:
    """The resident process: warm up as the server does, then one build per line read."""
    import gc

    from election_appeal import api

    api.Preview.warm_up()
    gc.freeze()
    print("ready", flush=True)
    for line in sys.stdin:
        out = Path(line.strip())
        before_self = resource.getrusage(resource.RUSAGE_SELF)
        before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        report = api.build([EXAMPLE], out, force=True, jobs=jobs)
        wall = time.perf_counter() - start
        after_self = resource.getrusage(resource.RUSAGE_SELF)
        after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert not report.failed, report.outcomes
        print(
            json.dumps(
                {
                    "wall": wall,
                    "children": _cpu(after_children) - _cpu(before_children),
                    "self": _cpu(after_self) - _cpu(before_self),
                }
            ),
            flush=True,
        )


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", action="append", type=Path, help="a checkout's src folder")
    parser.add_argument("--label", action="append", help="a name for each --src")
    parser.add_argument("--jobs", type=int, help="processes a build may use (default: the cores)")
    options = parser.parse_args()
    sources = options.src or [ROOT / "src"]
    labels = options.label or [str(s) for s in sources]
    processes = []
    for source in sources:
        env = {**os.environ, "PYTHONPATH": str(source)}
        process = subprocess.Popen(
            [sys.executable, __file__, "--resident", str(options.jobs or 0)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        processes.append(process)
    results: list[list[dict[str, float]]] = [[] for _ in sources]
    loads = []
    # One build each first: the compiled templates in the cache folder, as on a page in use.
    for run in range(-1, options.runs):
        for index, process in enumerate(processes):
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(f"{WORK / f'{index}-{run}'}\n")
            process.stdin.flush()
            measured = json.loads(process.stdout.readline())
            if run >= 0:
                results[index].append(measured)
        loads.append(f"{os.getloadavg()[0]:.1f}")
    for process in processes:
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    print(f"load average (1 min) after each round: {', '.join(loads)}")
    print("| | wall (median, lowest–highest) | CPU of the build (median) | resident process |")
    print("|---|---|---|---|")
    for label, runs in zip(labels, results, strict=True):
        walls = [r["wall"] for r in runs]
        print(
            f"| {label} | {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) "
            f"| {statistics.median(r['children'] for r in runs):.2f} s "
            f"| {statistics.median(r['self'] for r in runs):.2f} s |"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--resident"]:
        resident(int(sys.argv[2]) or None)
    else:
        main()
