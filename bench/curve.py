"""The cost curve: time and peak memory of check, analyse and build against the number of
stations, and LibreOffice converting the same attachment DOCX while it finishes within a limit.

Usage: python bench/curve.py [--runs 1]
       python bench/curve.py --versus OTHER_CHECKOUT [--runs 3] [--sizes 2500,5000,7500,10000]
                             [--write docs/benchmarks.md]
Writes bench/work/curve.json and docs/benchmarks-curve.svg, and prints the table.
Each point is a whole process under GNU time: wall seconds, CPU seconds (user + system) and
the peak resident memory of its largest process. The cases are written by bench/generate.py.

--versus builds the cases of the given sizes, every format, with this checkout and with
another (e.g. `git worktree add --detach /tmp/main-before 2438ab8`), alternated in the same
run, and prints (and keeps in bench/work/versus.json) each one's median CPU time, peak memory
and wall time with the ratio of CPU times and how much the peak memory grows from one size to
the next. It builds the cases addressed to one authority, without copies
(bench/work/single/): a checkout of today writes a letter to each authority copied, and
2438ab8 did not, so that the cases of the curve would compare more work with less
(`--cases curve` builds those all the same). With --write, the comparison replaces the section
national-scale-curve of docs/benchmarks.md (`--report-only` writes it from versus.json).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sections as doc_sections
from generate import CURVE_SIZES

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
CURVE = WORK / "curve"
STORE = WORK / "curve.json"
PHASES = WORK / "phases.json"
CHART = ROOT / "docs" / "benchmarks-curve.svg"
APPEAL = str(Path(sys.executable).parent / "appeal")
SIZES = CURVE_SIZES
OFFICE_LIMIT = 300.0
STEPS = ("check", "analyse", "build", "libreoffice")


def measure(command: list[str], limit: float | None = None) -> dict[str, float] | None:
    """Wall and CPU seconds and peak MB of one run; None when it passed the limit (and was
    stopped, with every process it started)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        process = subprocess.Popen(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: stopped as a whole, and only it
        )
        try:
            _, err = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return None
        if process.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{err.decode()}")
        wall = time.perf_counter() - start
        _, user, system, peak = report.read().split()[-4:]
    return {"wall": wall, "cpu": float(user) + float(system), "mb": float(peak) / 1024}


def soffice(docx: Path, out: Path) -> list[str]:
    profile = (WORK / "runs" / "lo-profile").as_uri()
    return [
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(docx),
    ]


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def run_curve(runs: int) -> dict[str, dict[str, dict[str, float] | None]]:
    """Every step at every size; LibreOffice is not tried again above a size it did not finish."""
    results: dict[str, dict[str, dict[str, float] | None]] = {}
    office_gave_up = False
    for size in SIZES:
        case = CURVE / f"stations-{size}"
        out = WORK / "runs" / "curve" / str(size)
        commands = {
            "check": [APPEAL, "check", str(case)],
            "analyse": [APPEAL, "analyse", str(case)],
            "build": [APPEAL, "build", str(case), "--out", str(out), "--force"],
        }
        point: dict[str, dict[str, float] | None] = {}
        for step, command in commands.items():
            measured = [measure(command) for _ in range(runs)]
            point[step] = median_of([m for m in measured if m is not None])
        docx = out / case.name / "attachment-1-protocols.docx"
        if office_gave_up:
            point["libreoffice"] = None
        else:
            point["libreoffice"] = measure(soffice(docx, out / "lo"), OFFICE_LIMIT)
            office_gave_up = point["libreoffice"] is None
        results[str(size)] = point
        sys.stdout.write(f"{size}: {json.dumps(point)}\n")
        sys.stdout.flush()
    return results


def table(results: dict[str, dict[str, dict[str, float] | None]]) -> list[str]:
    """The curve as a Markdown table: wall / CPU seconds and peak MB of each step."""
    lines = [
        "| stations | check | analyse | build | LibreOffice: attachment DOCX → PDF |",
        "|---|---|---|---|---|",
    ]
    for size, point in results.items():
        cells = []
        for step in STEPS:
            m = point.get(step)
            if m is None:
                stopped = step == "libreoffice"
                cells.append(f"not finished in {OFFICE_LIMIT:.0f} s" if stopped else "—")
            else:
                cells.append(f"{m['wall']:.1f} s ({m['cpu']:.1f} s CPU), {m['mb']:.0f} MB")
        stations = f"{int(size):,}".replace(",", " ")
        lines.append(f"| {stations} | {' | '.join(cells)} |")
    return lines


COLOURS = {"check": "#1b9e77", "analyse": "#7570b3", "build": "#d95f02", "libreoffice": "#666"}
LABELS = {"check": "check", "analyse": "analyse", "build": "build", "libreoffice": "LibreOffice"}


def svg(results: dict[str, dict[str, dict[str, float] | None]]) -> str:
    """Two panels, CPU seconds and peak MB against stations, on linear axes."""
    width, height, pad = 360, 240, 48
    panels = [("cpu", "CPU time, s"), ("mb", "peak memory, MB")]
    sizes = [int(s) for s in results]
    x_max = max(sizes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width + 40}" height="{height + 40}"'
        ' font-family="Liberation Sans, Arial, sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for index, (key, title) in enumerate(panels):
        left = index * (width + 20)
        values = [m[key] for point in results.values() for m in point.values() if m is not None]
        top_value = _nice(max(values, default=1))

        def x(size: float, left: int = left) -> float:
            return left + pad + (width - pad - 10) * size / x_max

        def y(value: float, top_value: float = top_value) -> float:
            return height - pad / 2 - (height - pad) * value / top_value

        parts.append(f'<text x="{left + pad}" y="14" font-weight="bold">{title}</text>')
        parts.append(
            f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(x_max)}" y2="{y(0)}" stroke="black"/>'
            f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(0)}" y2="{y(top_value)}" stroke="black"/>'
        )
        for tick in range(5):
            value = top_value * tick / 4
            parts.append(
                f'<text x="{x(0) - 4}" y="{y(value) + 4}" text-anchor="end">{value:g}</text>'
                f'<line x1="{x(0)}" y1="{y(value)}" x2="{x(x_max)}" y2="{y(value)}" '
                'stroke="#ddd"/>'
            )
        labelled = -100.0
        for size in sizes:
            if x(size) - labelled < 30:  # too close to the previous label to be read
                continue
            labelled = x(size)
            parts.append(f'<text x="{x(size)}" y="{y(0) + 14}" text-anchor="middle">{size}</text>')
        parts.append(
            f'<text x="{x(x_max / 2)}" y="{y(0) + 28}" text-anchor="middle">stations</text>'
        )
        for row, step in enumerate(STEPS):
            points = [
                (x(int(s)), y(p[step][key]))  # type: ignore[index]
                for s, p in results.items()
                if p.get(step) is not None
            ]
            if points:
                path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{COLOURS[step]}" '
                    'stroke-width="2"/>'
                )
                parts += [
                    f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.5" fill="{COLOURS[step]}"/>'
                    for a, b in points
                ]
            if index == 0:  # one legend, under the panels
                parts.append(
                    f'<text x="{pad + 90 * row}" y="{height + 30}" fill="{COLOURS[step]}" '
                    f'font-weight="bold">{LABELS[step]}</text>'
                )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _nice(value: float) -> float:
    """A round number at or above value, for the top of an axis."""
    step = 10 ** len(str(int(value))) / 10
    return max(step, -(-value // step) * step)


def sections() -> list[str]:
    """The curve and the phases of the 10 000-station build, as stored, for docs/benchmarks.md."""
    lines: list[str] = []
    if STORE.exists():
        lines += [
            "",
            "## Cost curve",
            "",
            "One case of N stations (`bench/work/curve/`), each step a whole process: wall time",
            "(CPU time, user + system, of every process), peak memory of the largest process.",
            f"LibreOffice converts the build's attachment DOCX to PDF, with a limit of"
            f" {OFFICE_LIMIT:.0f} s, and is not tried again above a size it did not finish.",
            "",
            *table(json.loads(STORE.read_text())),
            "",
            f"![CPU time and peak memory against stations]({CHART.name})",
        ]
    if PHASES.exists():
        lines += [
            "",
            "## Where the time of the 10 000-station build goes",
            "",
            "`bench/phases.py bench/work/big/big-10000`, one process: each phase's wall and CPU",
            "time, and the process's peak memory during the phase (what earlier phases still",
            "hold included).",
            "",
            "| phase | wall | CPU | peak memory |",
            "|---|---|---|---|",
        ]
        for row in json.loads(PHASES.read_text()):
            took = f"{row['wall']:.2f} s | {row['cpu']:.2f} s"
            lines.append(f"| {row['phase']} | {took} | {row['mb']:.0f} MB |")
    return lines


VERSUS = WORK / "versus.json"


def build_with(checkout: Path, case: Path, out: Path) -> list[str]:
    """`appeal build` of `case`, every format, with the package of `checkout`."""
    return [
        "env",
        f"PYTHONPATH={checkout / 'src'}",
        sys.executable,
        "-m",
        "election_appeal",
        "build",
        str(case),
        "--out",
        str(out),
        "--force",
    ]


def machine() -> str:
    """The processor, its cores and the memory of this machine, in one line."""
    model = "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration, ValueError):
        memory = 0
    python = sys.version.split()[0]
    return f"{model}, {os.cpu_count()} cores, {memory} MB of memory, Python {python}"


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def run_versus(other: Path, sizes: list[int], runs: int, cases: Path) -> dict[str, object]:
    """Each size (a case of `cases`) built by this checkout and by `other`, alternated, `runs`
    times each."""
    checkouts = {"this": ROOT, "other": other.resolve()}
    measured: dict[str, dict[str, list[dict[str, float]]]] = {}
    loads = [load_average()]
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    for run in range(runs):
        for size in sizes:
            case = cases / f"stations-{size}"
            order = list(checkouts.items()) if run % 2 == 0 else list(checkouts.items())[::-1]
            for name, checkout in order:
                out = WORK / "runs" / "versus" / name / str(size)
                m = measure(build_with(checkout, case, out))
                assert m is not None
                measured.setdefault(str(size), {}).setdefault(name, []).append(m)
                sys.stdout.write(f"run {run + 1}, {size} stations, {name}: {json.dumps(m)}\n")
                sys.stdout.flush()
        loads.append(load_average())
    return {
        "other": str(other),
        "this_commit": _commit(ROOT),
        "other_commit": _commit(other),
        "measured": f"{started}–{time.strftime('%H:%M', time.gmtime())} UTC",
        "machine": machine(),
        "cases": str(cases.relative_to(ROOT)),
        "runs": runs,
        "loads": loads,
        "points": {
            size: {name: median_of(found) for name, found in by_name.items()}
            for size, by_name in measured.items()
        },
    }


def _commit(checkout: Path) -> str:
    """The checkout's commit, abbreviated; "?" when it is not a git checkout."""
    found = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "?"


def versus_section(results: dict[str, object]) -> str:
    """The comparison as the section national-scale-curve of docs/benchmarks.md: how it was
    measured, the table, the load averages."""
    this = f"this checkout ({results.get('this_commit', '?')})"
    other = f"{results.get('other_commit', '?')}"
    loads = ", ".join(str(load) for load in results["loads"])  # type: ignore[attr-defined]
    sizes = ",".join(results["points"])  # type: ignore[arg-type]
    lines = [
        "## Issue 25, part 2: the curve against 2438ab8 (`bench/curve.py --versus`)",
        "",
        f"`python bench/curve.py --versus {results['other']} --runs {results['runs']} "
        f"--sizes {sizes} --write docs/benchmarks.md`, measured {results.get('measured', '?')} "
        f"on {results.get('machine') or machine()}: "
        f"the cases `{results['cases']}/stations-N`, each built (`appeal build CASE --out DIR "
        "--force`, every format) by both checkouts in turn, as many times as the runs; the "
        "medians. CPU: user + system of the build and every process it started; peak: the "
        "resident high-water mark of its largest process (GNU time).",
        "",
        *versus_table(results, this, other),
        "",
        f"Load averages (1 min/5 min) at the start and after each round: {loads}.",
    ]
    return "\n".join(lines) + "\n"


def versus_table(results: dict[str, object], this: str, other: str) -> list[str]:
    """The comparison as a Markdown table: for each size, CPU, peak memory and wall of both,
    the ratio of CPU times, and the growth of the peak memory since the previous size."""
    points: dict[str, dict[str, dict[str, float]]] = results["points"]  # type: ignore[assignment]
    lines = [
        f"| stations | CPU, {other} | CPU, {this} | CPU ratio | peak memory, {other} | "
        f"peak memory, {this} | its growth since the previous size | wall, {other} | "
        f"wall, {this} |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    previous: float | None = None
    for size, point in points.items():
        before, after = point["other"], point["this"]
        growth = "" if previous is None else f"{after['mb'] - previous:+.0f} MB"
        previous = after["mb"]
        stations = f"{int(size):,}".replace(",", " ")
        lines.append(
            f"| {stations} | {before['cpu']:.1f} s | {after['cpu']:.1f} s | "
            f"{after['cpu'] / before['cpu']:.2f} | {before['mb']:.0f} MB | {after['mb']:.0f} MB | "
            f"{growth} | {before['wall']:.1f} s | {after['wall']:.1f} s |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--report-only", action="store_true", help="redraw from curve.json")
    parser.add_argument("--versus", type=Path, help="another checkout to build alternately")
    parser.add_argument("--sizes", default="2000,5000,10000", help="with --versus")
    parser.add_argument(
        "--write",
        type=Path,
        help="with --versus: write the comparison as the section national-scale-curve of "
        "this file (docs/benchmarks.md)",
    )
    parser.add_argument(
        "--cases",
        choices=("single", "curve"),
        default="single",
        help="with --versus: the cases addressed to one authority (default), or the curve's",
    )
    args = parser.parse_args()
    if args.versus is not None:
        sizes = [int(s) for s in args.sizes.split(",")]
        cases = WORK / args.cases
        if not all((cases / f"stations-{size}").exists() for size in sizes):
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py")], check=True)
        if not args.report_only:
            found = run_versus(args.versus, sizes, args.runs, cases)
            VERSUS.write_text(json.dumps(found, indent=2))
        results = json.loads(VERSUS.read_text())
        table = versus_table(results, "this checkout", f"other ({args.versus})")
        sys.stdout.write("\n".join(table) + f"\nload averages: {results['loads']}\n")
        if args.write is not None:
            doc_sections.replace_section(
                args.write, "national-scale-curve", versus_section(results)
            )
        return
    if not args.report_only:
        if not (CURVE / f"stations-{SIZES[-1]}").exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py")], check=True)
        STORE.write_text(json.dumps(run_curve(args.runs), indent=2))
    results = json.loads(STORE.read_text())
    CHART.write_text(svg(results), encoding="utf-8")
    sys.stdout.write("\n".join(table(results)) + "\n")


if __name__ == "__main__":
    main()
