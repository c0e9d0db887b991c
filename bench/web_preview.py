"""Measure how quickly the web page's preview follows an edit of one figure, and how long a
build from the page takes, for the example.

Usage: python bench/web_preview.py [--runs 20] [--builds 5]
Starts `appeal serve` on a copy of data/almaty-2021 (a resident process: the libraries stay
loaded), then, over HTTP as the browser does: saves the contests form with one official figure
changed, and fetches the appeal's preview until it shows the new figure; then, `builds` times,
changes the figure, presses «Собрать документы» and follows the build's progress until it ends
(wall time, and CPU time of the server and the build processes it forked, from /proc). Prints
a Markdown section for docs/benchmarks.md. Targets (issue 25): preview < 0.3 s after an edit,
a build of the example from the page < 2 s.
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import sections

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "almaty-2021"
CASE = "/case/almaty-2021"
FIGURE = "contests[0].votes.npk"


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


def edit_and_preview(browser: Browser, value: int) -> tuple[float, float]:
    """Save the figure as `value`, then fetch the preview; seconds for the save and the whole."""
    fields = form_fields(browser.get(f"{CASE}/contests"))
    fields[FIGURE] = f"{value:,}".replace(",", " ")
    start = time.perf_counter()
    page = browser.post(f"{CASE}/contests", fields)
    saved = time.perf_counter()
    assert "Сохранено." in page, "the form was not saved"
    preview = browser.get(f"{CASE}/preview/appeal").replace("\u00a0", " ")
    done = time.perf_counter()
    shown = f"{value:,}".replace(",", " ")
    assert shown in preview, f"the preview does not show {shown}"
    return saved - start, done - start


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
    fields[FIGURE] = f"{value:,}".replace(",", " ")
    assert "Сохранено." in browser.post(f"{CASE}/contests", fields), "the form was not saved"
    fields = form_fields(browser.get(f"{CASE}/preview"))
    cpu, start = process_cpu(server), time.perf_counter()
    page = browser.post(f"{CASE}/build", fields)
    while BUILDING in page:
        time.sleep(0.05)
        page = browser.get(f"{CASE}/build")
    wall = time.perf_counter() - start
    assert BUILT in page, "the build did not end with the documents built"
    return wall, process_cpu(server) - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--builds", type=int, default=5)
    parser.add_argument("--write", type=Path, help="replace this section of the Markdown file")
    options = parser.parse_args()
    runs = options.runs
    with tempfile.TemporaryDirectory() as work:
        cases = Path(work) / "cases"
        shutil.copytree(EXAMPLE, cases / "almaty-2021")
        command = [sys.executable, "-m", "election_appeal", "serve", str(cases)]
        command += ["--no-browser", "--out", str(Path(work) / "output")]
        # Compiled modules written and read, as an installed package has them.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            browser = Browser(url.split("/?")[0])
            start = time.perf_counter()
            browser.get(url.removeprefix(browser.base))
            browser.get(f"{CASE}/preview/appeal")
            cold = time.perf_counter() - start
            saves, totals = [], []
            cpu = process_cpu(server.pid)
            for run in range(runs):
                save, total = edit_and_preview(browser, 43337 + 1 + run % 2)
                saves.append(save)
                totals.append(total)
            edit_cpu = (process_cpu(server.pid) - cpu) / runs
            builds = [
                build_from_page(browser, 43337 + 1 + run % 2, server.pid)
                for run in range(options.builds)
            ]
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = report(cold, saves, totals, builds, edit_cpu)
    print(text)
    if options.write:
        sections.replace_section(options.write, "web-page", text)


def report(
    cold: float,
    saves: list[float],
    totals: list[float],
    builds: list[tuple[float, float]],
    edit_cpu: float,
) -> str:
    """The Markdown section for docs/benchmarks.md."""
    median, worst = statistics.median(totals), max(totals)
    verdict = "met" if median < 0.3 else "not met"
    build_wall = statistics.median(w for w, _cpu in builds)
    build_cpu = statistics.median(c for _w, c in builds)
    one, five, _ = os.getloadavg()
    return "\n".join(
        [
            "## Web page: preview after an edit (`bench/web_preview.py`)",
            "",
            f"{platform.processor() or platform.machine()}, {_cores()} cores, "
            f"Python {platform.python_version()}; `appeal serve` on data/almaty-2021, "
            f"{len(totals)} edits of one official figure, each saved through the contests form "
            "and followed by the appeal's preview (its HTML), over HTTP on 127.0.0.1; then "
            f"{len(builds)} builds from the page, each after an edit. Measured "
            f"{datetime.date.today().isoformat()}, load average at the end {one:.1f} (1 min), "
            f"{five:.1f} (5 min).",
            "",
            "| step | median | slowest |",
            "|---|---|---|",
            f"| save the form (write case.yaml, run the checks, answer the page) "
            f"| {statistics.median(saves):.2f} s | {max(saves):.2f} s |",
            f"| edit → preview showing the new figure (CPU of the server: {edit_cpu:.2f} s "
            f"an edit: the form fetched, saved, and the preview fetched) "
            f"| {median:.2f} s | {worst:.2f} s |",
            f"| first preview, asked for the moment the server started | {cold:.2f} s | |",
            f"| build from the page after an edit, every format (wall; CPU of the server and "
            f"its build processes: {build_cpu:.2f} s) "
            f"| {build_wall:.2f} s | {max(w for w, _c in builds):.2f} s |",
            "",
            f"Targets: an edit → preview under 0.3 s (median): {verdict}; a build from the page "
            f"under 2 s (median): {'met' if build_wall < 2 else 'not met'}.",
        ]
    )


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
