"""The cold build of the example (every format) against LibreOffice converting every DOCX file
the build wrote to PDF in one call, alternated in one run so both meet the same machine load.

Usage: python bench/versus_office.py [--runs 5] [--appeal PATH] [--label NAME ...]
                                    [--css RULES] [--write docs/benchmarks.md]
Each run: one fresh `appeal build data/almaty-2021 --force` process, then one fresh `soffice
--convert-to pdf` of the DOCX files the first build wrote (the letters and the attachments: the
example writes three letters, the police and the agency getting one each, and two
attachments). Wall time and CPU time (user + system of
the process and all it started, from getrusage of the children) are taken for each; the ratio
build / LibreOffice is reported for both, CPU time being what is comparable across machines and
loads. `--appeal` may be given several times (with as many `--label`s) to compare checkouts
(another branch's .venv/bin/appeal, or `PYTHONPATH=... python -m election_appeal`) in the same
alternation. `--css` adds a build of the first checkout whose stylesheet ends with RULES (a
template folder holding the shipped style.css and the rules, given with --templates): what a
change of the templates' CSS would cost or save, measured before anyone makes it. Prints a
Markdown section for docs/benchmarks.md.
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


def build_command(appeal: list[str], out: Path, templates: Path | None = None) -> list[str]:
    command = [*appeal, "build", str(EXAMPLE), "--out", str(out), "--force"]
    return [*command, "--templates", str(templates)] if templates else command


def css_templates(rules: str) -> Path:
    """A template folder whose style.css is the shipped one followed by `rules`."""
    folder = WORK / "css-override"
    folder.mkdir(parents=True, exist_ok=True)
    shipped = (ROOT / "templates" / "style.css").read_text(encoding="utf-8")
    (folder / "style.css").write_text(f"{shipped}\n{rules}\n", encoding="utf-8")
    return folder


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
    """The time (UTC) and the load average."""
    one, five, _fifteen = os.getloadavg()
    now = datetime.datetime.now(datetime.UTC).strftime("%H:%M")
    return f"{now} {one:.1f} (1 min), {five:.1f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--appeal", action="append", help="the command that runs the tool")
    parser.add_argument("--label", action="append", help="a name for each --appeal")
    parser.add_argument("--write", type=Path, help="replace this section of the Markdown file")
    parser.add_argument("--css", help="CSS rules added to the stylesheet, in one more build")
    options = parser.parse_args()
    appeals = [a.split() for a in options.appeal or [f"{sys.executable} -m election_appeal"]]
    labels = options.label or [" ".join(a) for a in appeals]
    # Each variant: the command, its label, and its template folder (None: the shipped one).
    variants: list[tuple[list[str], str, Path | None]] = [
        (appeal, label, None) for appeal, label in zip(appeals, labels, strict=True)
    ]
    if options.css:
        variants.append(
            (appeals[0], f"{labels[0]}, with `{options.css}`", css_templates(options.css))
        )
    if shutil.which("soffice") is None:
        sys.exit("soffice is not installed (apt-get install libreoffice-writer-nogui)")
    shutil.rmtree(WORK / "out", ignore_errors=True)
    # One build of each checkout and one conversion first: the DOCX files to convert, the
    # compiled modules and templates, LibreOffice's profile.
    for index, (appeal, _label, templates) in enumerate(variants):
        run_or_stop(build_command(appeal, WORK / "out" / f"first-{index}", templates))
    first = WORK / "out" / "first-0"
    documents = sorted((first / EXAMPLE.name).glob("*.docx"))
    run_or_stop(office_command(documents, WORK / "out" / "lo"))
    loads = [load()]
    builds: list[list[tuple[float, float]]] = [[] for _ in variants]
    office: list[tuple[float, float]] = []
    for run in range(options.runs):
        if run % 2:  # in turns: neither side always meets the machine as the other left it
            office.append(timed(office_command(documents, WORK / "out" / "lo")))
        for index, (appeal, _label, templates) in enumerate(variants):
            out = WORK / "out" / f"build-{index}-{run}"
            builds[index].append(timed(build_command(appeal, out, templates)))
        if not run % 2:
            office.append(timed(office_command(documents, WORK / "out" / "lo")))
        loads.append(load())
    labels = [label for _appeal, label, _templates in variants]
    text = report(labels, builds, office, options.runs, loads, [d.name for d in documents])
    if options.css:
        text += "\n\n" + pages_changed(
            first, WORK / "out" / f"first-{len(variants) - 1}", options.css
        )
    print(text)
    if options.write:
        sections.replace_section(options.write, "versus-office", text)


def pages_changed(before: Path, after: Path, rules: str) -> str:
    """A sentence on the pages of each PDF the build wrote, without and with the CSS rules."""
    from pypdf import PdfReader

    counts = []
    for pdf in sorted((before / EXAMPLE.name).glob("*.pdf")):
        old = len(PdfReader(pdf).pages)
        new = len(PdfReader(after / EXAMPLE.name / pdf.name).pages)
        counts.append(f"{pdf.name} {old}" + (f" → {new}" if new != old else " (the same)"))
    return f"Pages without and with `{rules}`: " + "; ".join(counts) + "."


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
        f"{runs} alternated runs; the time (UTC) and load average before and after each run: "
        f"{'; '.join(loads)}.",
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
