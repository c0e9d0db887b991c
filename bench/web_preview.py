"""Measure how quickly the web page's preview follows an edit of one figure, and how long a
build from the page takes, for the example; with --before, against another checkout of the
tool alternated in the same run.

Usage: python bench/web_preview.py [--runs 20] [--builds 5] [--before CHECKOUT/src]
Starts `appeal serve` on a copy of data/almaty-2021 (a resident process: the libraries stay
loaded) for each checkout, then, over HTTP as the browser does, alternating the checkouts:
saves the contests form with one official figure changed, and fetches the appeal's preview
until it shows the new figure; changes the figure in case.yaml as another program would while
the page's request for news of the frames waits, and fetches the preview once the page is told
(a page that asks every few seconds instead is not measured so); then, `builds` times, changes
the figure, presses «Собрать документы» and follows the build as its page does (a request the
server holds until the build moves on) or, for a page that polls, every 50 ms, until it ends
(wall time, and CPU time of the server and the build processes it forked, from /proc). Prints
a Markdown section for docs/benchmarks.md. Targets (issue 25): preview < 0.3 s after an edit,
a build of the example from the page < 2 s.
"""

from __future__ import annotations

import argparse
import datetime
import html
import http.cookiejar
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import sections

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "almaty-2021"
CASE = "/case/almaty-2021"
FIGURE = "contests[0].votes.npk"
FIRST = 43337  # the figure in the example


class Browser:
    """Just enough of a browser: a cookie jar, GET and a form POST."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return str(response.read().decode("utf-8"))

    def post(self, path: str, fields: dict[str, str]) -> str:
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=body) as response:
            return str(response.read().decode("utf-8"))


def form_fields(page: str) -> dict[str, str]:
    """The inputs and selected options of the contests form, as the browser would send them."""
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


def spaced(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def edit_and_preview(browser: Browser, value: int) -> tuple[float, float]:
    """Save the figure as `value`, then fetch the preview; seconds for the save and the whole."""
    fields = form_fields(browser.get(f"{CASE}/contests"))
    fields[FIGURE] = spaced(value)
    start = time.perf_counter()
    page = browser.post(f"{CASE}/contests", fields)
    saved = time.perf_counter()
    assert "Сохранено." in page, "the form was not saved"
    preview = browser.get(f"{CASE}/preview/appeal").replace("\u00a0", " ")
    done = time.perf_counter()
    assert spaced(value) in preview, f"the preview does not show {spaced(value)}"
    return saved - start, done - start


def edit_elsewhere(browser: Browser, case: Path, value: int) -> float | None:
    """Change the figure in case.yaml as another program would, while the page's request for
    news of the frames waits; seconds from the write to the preview showing it, None for a page
    whose frames ask every few seconds instead of waiting."""
    page = browser.get(f"{CASE}/preview")
    poll = re.search(r'<div id="frames" hx-get="([^"]+)" hx-trigger="load', page)
    if poll is None:
        return None
    answers: list[str] = []
    waiting = threading.Thread(target=lambda: answers.append(browser.get(html.unescape(poll[1]))))
    waiting.start()
    time.sleep(0.3)  # the request is waiting at the server
    path = case / "case.yaml"
    text = re.sub(r"npk: \d+", f"npk: {value}", path.read_text(encoding="utf-8"), count=1)
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    waiting.join()
    preview = browser.get(f"{CASE}/preview/appeal").replace("\u00a0", " ")
    done = time.perf_counter()
    assert answers and 'id="frames"' in answers[0], "the page was not told of the edit"
    assert spaced(value) in preview, f"the preview does not show {spaced(value)}"
    return done - start


BUILDING = "Идёт сборка"
BUILT = "Документы собраны."


def process_cpu(pid: int) -> float:
    """CPU seconds of a process and of its children it has waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def build_from_page(browser: Browser, value: int, server: int) -> tuple[float, float]:
    """Save the figure as `value`, then build from the page until the build ends: the wall
    and CPU seconds from pressing the button to the page saying the documents are built."""
    fields = form_fields(browser.get(f"{CASE}/contests"))
    fields[FIGURE] = spaced(value)
    assert "Сохранено." in browser.post(f"{CASE}/contests", fields), "the form was not saved"
    fields = form_fields(browser.get(f"{CASE}/preview"))
    cpu, start = process_cpu(server), time.perf_counter()
    page = browser.post(f"{CASE}/build", fields)
    while BUILDING in page:
        poll = re.search(r'<section id="build"[^>]*hx-get="([^"]+)"', page)
        if poll and "shown=" in poll[1]:  # the server answers when the build moves on
            page = browser.get(html.unescape(poll[1]))
        else:
            time.sleep(0.05)
            page = browser.get(f"{CASE}/build")
    wall = time.perf_counter() - start
    assert BUILT in page, "the build did not end with the documents built"
    return wall, process_cpu(server) - cpu


@dataclass
class Served:
    """One checkout's `appeal serve` on its own copy of the example, and what it measured."""

    label: str
    source: Path
    case: Path
    process: subprocess.Popen[str]
    browser: Browser
    cold: float = 0.0
    saves: list[float] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    edit_cpu: list[float] = field(default_factory=list)
    elsewhere: list[float] = field(default_factory=list)
    builds: list[tuple[float, float]] = field(default_factory=list)


def serve(label: str, source: Path, work: Path) -> Served:
    """Start the checkout's page on a fresh copy of the example; its first preview timed."""
    cases = work / label / "cases"
    shutil.copytree(EXAMPLE, cases / "almaty-2021")
    command = [sys.executable, "-m", "election_appeal", "serve", str(cases)]
    command += ["--no-browser", "--out", str(work / label / "output")]
    # Compiled modules written and read, as an installed package has them.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(source)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    browser = Browser(url.split("/?")[0])
    served = Served(label, source, cases / "almaty-2021", process, browser)
    start = time.perf_counter()
    browser.get(url.removeprefix(browser.base))
    browser.get(f"{CASE}/preview/appeal")
    served.cold = time.perf_counter() - start
    return served


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--builds", type=int, default=5)
    parser.add_argument("--before", type=Path, help="the src folder of a checkout to compare")
    parser.add_argument("--label", default="main", help="what to call the --before checkout")
    parser.add_argument("--write", type=Path, help="replace this section of the Markdown file")
    options = parser.parse_args()
    loads = [os.getloadavg()]
    started = datetime.datetime.now(datetime.UTC)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        servers: list[Served] = []
        try:
            if options.before is not None:
                servers.append(serve(f"{options.label} (before)", options.before, work))
            servers.append(
                serve("this checkout" if options.before is None else "after", ROOT / "src", work)
            )
            measure(servers, options.runs, options.builds)
        finally:
            for served in servers:
                served.process.terminate()
                served.process.wait(timeout=10)
    loads.append(os.getloadavg())
    text = report(servers, started, loads)
    print(text)
    if options.write:
        sections.replace_section(options.write, "web-page", text)


def measure(servers: list[Served], runs: int, builds: int) -> None:
    """Every measurement, the checkouts alternated (each run starting with the other one)."""

    def turns(run: int) -> list[Served]:
        return servers if run % 2 == 0 else servers[::-1]

    for run in range(runs):
        for served in turns(run):
            cpu = process_cpu(served.process.pid)
            save, total = edit_and_preview(served.browser, FIRST + 1 + run % 2)
            served.edit_cpu.append(process_cpu(served.process.pid) - cpu)
            served.saves.append(save)
            served.totals.append(total)
    for run in range(max(1, runs // 4)):
        for served in turns(run):
            seconds = edit_elsewhere(served.browser, served.case, FIRST + 3 + run % 2)
            if seconds is not None:
                served.elsewhere.append(seconds)
    for run in range(builds):
        for served in turns(run):
            served.builds.append(
                build_from_page(served.browser, FIRST + 1 + run % 2, served.process.pid)
            )


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s" if values else "—"


def _worst(values: list[float]) -> str:
    return f"{max(values):.2f} s" if values else "—"


def report(
    servers: list[Served], started: datetime.datetime, loads: list[tuple[float, ...]]
) -> str:
    """The Markdown section for docs/benchmarks.md."""
    names = " | ".join(f"{s.label}: median, slowest" for s in servers)
    rows = {
        "save the form (write case.yaml, check, answer the page)": [s.saves for s in servers],
        "edit in the form → the preview showing the new figure": [s.totals for s in servers],
        "the server's CPU for that edit (form fetched, saved, preview fetched)": [
            s.edit_cpu for s in servers
        ],
        "edit of case.yaml in another program → the preview showing it": [
            s.elsewhere for s in servers
        ],
        "build from the page after an edit, every format: wall": [
            [w for w, _c in s.builds] for s in servers
        ],
        "the same build: CPU of the server and its build processes": [
            [c for _w, c in s.builds] for s in servers
        ],
    }
    table = [f"| step | {names} |", "|---|" + "---|" * len(servers)]
    for step, columns in rows.items():
        table.append(
            f"| {step} | " + " | ".join(f"{_median(v)}, {_worst(v)}" for v in columns) + " |"
        )
    table.append(
        "| first preview, asked for the moment the server started | "
        + " | ".join(f"{s.cold:.2f} s" for s in servers)
        + " |"
    )
    last = servers[-1]
    preview = statistics.median(last.totals)
    build = statistics.median(w for w, _c in last.builds)
    load = "; ".join(f"{one:.1f} (1 min), {five:.1f} (5 min)" for one, five, _ in loads)
    compared = (
        f", alternated with {servers[0].label.removesuffix(' (before)')} at `{servers[0].source}`"
        if len(servers) > 1
        else ""
    )
    return "\n".join(
        [
            "## Web page: preview after an edit, build from the page (`bench/web_preview.py`)",
            "",
            f"{platform.processor() or platform.machine()}, {_cores()} cores, "
            f"Python {platform.python_version()}; `appeal serve` on a copy of data/almaty-2021"
            f"{compared}; {len(last.totals)} edits of one official figure saved through the "
            f"contests form, {len(last.elsewhere)} made in case.yaml directly, "
            f"{len(last.builds)} builds from the page, each after an edit, over HTTP on "
            f"127.0.0.1. Measured {started:%Y-%m-%d %H:%M} UTC; load average at the start and "
            f"the end: {load}.",
            "",
            *table,
            "",
            f"Targets, for {last.label}: an edit → preview under 0.3 s (median): "
            f"{'met' if preview < 0.3 else 'not met'} ({preview:.2f} s); a build from the page "
            f"under 2 s (median): {'met' if build < 2 else 'not met'} ({build:.2f} s).",
        ]
    )


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
