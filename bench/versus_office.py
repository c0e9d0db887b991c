"""The cold build of the example (every format) against LibreOffice converting every DOCX file
the build wrote to PDF in one call, alternated in one run so both meet the same machine load.

Usage: python bench/versus_office.py [--runs 5] [--appeal PATH] [--label NAME ...]
Each run: one fresh `appeal build data/almaty-2021 --force` process, then one fresh `soffice
--convert-to pdf` of the DOCX files the first build wrote (the letters and the attachments: the
example writes three letters, the police and the agency getting one each, and two
attachments). Wall time and CPU time (user + system of
the process and all it started, from getrusage of the children) are taken for each; the ratio
build / LibreOffice is reported for both, CPU time being what is comparable across machines and
loads. `--appeal` may be given several times (with as many `--label`s) to compare checkouts
(another branch's .venv/bin/appeal, or `PYTHONPATH=... python -m election_appeal`) in the same
alternation. Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import sections

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "almaty-2021"
WORK = ROOT / "bench" / "work" / "runs" / "versus-office"


def children_cpu() -> float:
    """User + system time of every waited-for child so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU time of one command (it and every process it started)."""
    cpu, start = children_cpu(), time.perf_counter()
    run_or_stop(command)
    return time.perf_counter() - start, children_cpu() - cpu


def environment() -> dict[str, str]:
    """The environment of every run: Python writes and reads its compiled modules, as an
    installed package has them (PYTHONDONTWRITEBYTECODE would compile every module of the
    tool again in each build, a tenth of a second and more)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_or_stop(command: list[str]) -> None:
    """Run a command; when it fails, stop with what it said."""
    done = subprocess.run(command, capture_output=True, text=True, env=environment())
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit code {done.returncode}\n{done.stderr}{done.stdout}")


def build_command(appeal: list[str], out: Path) -> list[str]:
    return [*appeal, "build", str(EXAMPLE), "--out", str(out), "--force"]


def office_command(files: list[Path], out: Path) -> list[str]:
    profile = (WORK / "lo-profile").as_uri()
    return [
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--appeal", action="append", help="the command that runs the tool")
    parser.add_argument("--label", action="append", help="a name for each --appeal")
    parser.add_argument("--write", type=Path, help="replace this section of the Markdown file")
    options = parser.parse_args()
    appeals = [a.split() for a in options.appeal or [f"{sys.executable} -m election_appeal"]]
    labels = options.label or [" ".join(a) for a in appeals]
    if shutil.which("soffice") is None:
        sys.exit("soffice is not installed (apt-get install libreoffice-writer-nogui)")
    shutil.rmtree(WORK / "out", ignore_errors=True)
    # One build of each checkout and one conversion first: the DOCX files to convert, the
    # compiled modules and templates, LibreOffice's profile.
    for index, appeal in enumerate(appeals):
        run_or_stop(build_command(appeal, WORK / "out" / f"first-{index}"))
    first = WORK / "out" / "first-0"
    documents = sorted((first / EXAMPLE.name).glob("*.docx"))
    run_or_stop(office_command(documents, WORK / "out" / "lo"))
    loads = [load()]
    builds: list[list[tuple[float, float]]] = [[] for _ in appeals]
    office: list[tuple[float, float]] = []
    for run in range(options.runs):
        if run % 2:  # in turns: neither side always meets the machine as the other left it
            office.append(timed(office_command(documents, WORK / "out" / "lo")))
        for index, appeal in enumerate(appeals):
            out = WORK / "out" / f"build-{index}-{run}"
            builds[index].append(timed(build_command(appeal, out)))
        if not run % 2:
            office.append(timed(office_command(documents, WORK / "out" / "lo")))
        loads.append(load())
    text = report(labels, builds, office, options.runs, loads, [d.name for d in documents])
    print(text)
    if options.write:
        sections.replace_section(options.write, "versus-office", text)


def median(pairs: list[tuple[float, float]], which: int) -> float:
    return statistics.median(p[which] for p in pairs)


def ratios(values: list[float]) -> str:
    """The median of the ratios, and their range."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def report(
    labels: list[str],
    builds: list[list[tuple[float, float]]],
    office: list[tuple[float, float]],
    runs: int,
    loads: list[str],
    documents: list[str],
) -> str:
    today = datetime.date.today().isoformat()
    cores = os.cpu_count()
    lines = [
        "## Cold build against LibreOffice (`bench/versus_office.py`)",
        "",
        "Each run a fresh `appeal build data/almaty-2021 --force` (every format, the analysis "
        "included; the compiled templates of earlier runs in the user's cache folder, unless "
        "said; Python's compiled modules written and read, as an installed package has them), "
        f"then a fresh `soffice --convert-to pdf` of the {len(documents)} DOCX files the build "
        f"wrote ({', '.join(documents)}) in one call, in turns (LibreOffice first in every other "
        "run); CPU time is user + system of the process and all it started. Ratios: each build "
        "against the LibreOffice run beside it, their median (lowest–highest in brackets). "
        "Target (issue 25): a ratio < 1.",
        "",
        f"Measured {today} on {platform.processor() or platform.machine()}, {cores} cores, "
        f"{runs} alternated runs; load average before and after each run: {'; '.join(loads)}.",
        "",
        "| | wall (median) | CPU (median) | ratio to LibreOffice, wall | ratio, CPU |",
        "|---|---|---|---|---|",
    ]
    office_wall, office_cpu = median(office, 0), median(office, 1)
    for label, pairs in zip(labels, builds, strict=True):
        wall, cpu = median(pairs, 0), median(pairs, 1)
        # The ratio of each run to the LibreOffice run beside it, then their median.
        ratio_wall = ratios([b[0] / o[0] for b, o in zip(pairs, office, strict=True)])
        ratio_cpu = ratios([b[1] / o[1] for b, o in zip(pairs, office, strict=True)])
        lines.append(
            f"| cold build, all formats ({label}) | {wall:.2f} s | {cpu:.2f} s "
            f"| {ratio_wall} | {ratio_cpu} |"
        )
    lines.append(
        f"| LibreOffice: the {len(documents)} DOCX → PDF, one call | {office_wall:.2f} s "
        f"| {office_cpu:.2f} s | 1 | 1 |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
