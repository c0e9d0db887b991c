"""Measure how quickly the web page's preview follows an edit of one figure, for the example.

Usage: python bench/web_preview.py [--runs 20]
Starts `appeal serve` on a copy of data/almaty-2021 (a resident process: the libraries stay
loaded), then, over HTTP as the browser does: saves the contests form with one official figure
changed, and fetches the appeal's preview until it shows the new figure. Prints a Markdown
section for docs/benchmarks.md. Target: under 1 s per edit on a 2-core machine.
"""

from __future__ import annotations

import argparse
import http.cookiejar
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as work:
        cases = Path(work) / "cases"
        shutil.copytree(EXAMPLE, cases / "almaty-2021")
        command = [sys.executable, "-m", "election_appeal", "serve", str(cases)]
        command += ["--no-browser", "--out", str(Path(work) / "output")]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            browser = Browser(url.split("/?")[0])
            start = time.perf_counter()
            browser.get(url.removeprefix(browser.base))
            browser.get(f"{CASE}/preview/appeal")
            cold = time.perf_counter() - start
            saves, totals = [], []
            for run in range(runs):
                save, total = edit_and_preview(browser, 43337 + 1 + run % 2)
                saves.append(save)
                totals.append(total)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(report(cold, saves, totals))


def report(cold: float, saves: list[float], totals: list[float]) -> str:
    """The Markdown section for docs/benchmarks.md."""
    median, worst = statistics.median(totals), max(totals)
    verdict = "met" if worst < 1 else "NOT met"
    return "\n".join(
        [
            "## Web page: preview after an edit (`bench/web_preview.py`)",
            "",
            f"{platform.processor() or platform.machine()}, {_cores()} cores, "
            f"Python {platform.python_version()}; `appeal serve` on data/almaty-2021, "
            f"{len(totals)} edits of one official figure, each saved through the contests form "
            "and followed by the appeal's preview (its HTML), over HTTP on 127.0.0.1.",
            "",
            "| step | median | slowest |",
            "|---|---|---|",
            f"| save the form (write case.yaml, run the checks, answer the page) "
            f"| {statistics.median(saves):.2f} s | {max(saves):.2f} s |",
            f"| edit → preview showing the new figure | {median:.2f} s | {worst:.2f} s |",
            f"| first preview, asked for the moment the server started | {cold:.2f} s | |",
            "",
            f"Target: under 1 s for an edit → preview on 2 cores: {verdict}.",
        ]
    )


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
