"""Time and peak memory of each phase of one case's build, in one process.

Usage: python bench/phases.py CASE_DIR [--weasyprint] [--xlsx-only] [--json FILE]
--xlsx-only: load, analyse and the spreadsheet, nothing else (what the spreadsheet's phase
holds, without what the other writers left).
Peak memory is the process's resident high-water mark during the phase (reset before each
through /proc/self/clear_refs; what earlier phases still hold is included). CPU time is this
process's: the worker processes of WeasyPrint's parallel route (--weasyprint) are not in it.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render import documents, watermark
from election_appeal.render.grid_pdf import render_protocol_table_pdf
from election_appeal.render.pdf import RenderedPdf
from election_appeal.render.protocol_rows import ProtocolRows


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


MEASURED: list[dict[str, object]] = []


def phase(name: str, work: Callable[[], Any]) -> Any:
    """Run one phase; print its wall time, CPU time and peak memory."""
    _reset_peak()
    before = _resident_mb()
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    took, used = time.perf_counter() - start, time.process_time() - cpu
    peak = _peak_mb()
    MEASURED.append({"phase": name, "wall": took, "cpu": used, "mb": peak, "mb_before": before})
    sys.stdout.write(
        f"{name:<28} {took:8.2f} s {used:8.2f} s CPU {peak:8.0f} MB (from {before:.0f} MB)\n"
    )
    sys.stdout.flush()
    return result


def main() -> None:
    """Every phase of documents.render_case, one by one."""
    folder = Path(sys.argv[1])
    drawing = "--weasyprint" not in sys.argv  # the table laid out by WeasyPrint, in parts
    data = phase("load (check)", lambda: load_case(folder))
    r = phase("analyse", lambda: documents.Renderer(data, analyse(data), None))
    if "--xlsx-only" in sys.argv:
        xlsx = phase("attachment XLSX", r.xlsx)
        _check_mark(r, xlsx)
        _write_json()
        return
    rows = len(r.analysis.stations.rows)

    def attachment_html() -> tuple[str, ProtocolRows | None]:
        # As documents._enclosures: a long table's rows flow, the template renders a frame.
        frame = r.attachment_frame() if rows > documents.DRAWN_ROWS else None
        return frame if frame is not None else (r.attachment_html(), None)

    html, flowing = phase("attachment HTML", attachment_html)

    def attachment_pdf() -> RenderedPdf:
        drawn = render_protocol_table_pdf(html, r.epoch, rows=flowing) if drawing else None
        if isinstance(drawn, RenderedPdf):
            return drawn
        if rows <= documents.PART_ROWS:
            return r.pdf(r.attachment_html(), "attachment")
        return r.joined([r.pdf(part, "attachment") for part in r.attachment_parts()])

    pdf = phase("attachment PDF", attachment_pdf)
    docx = phase("attachment DOCX", lambda: r.docx(html, "t", landscape=True, rows=flowing))
    xlsx = phase("attachment XLSX", r.xlsx)
    register = [documents.RegisterEntry("Приложение", pdf.pages, "")]

    def appeal() -> tuple[bytes, bytes]:
        html = r.appeal_html(register, None)
        return r.pdf(html, "appeal").data, r.docx(html, "t")

    appeal_pdf, appeal_docx = phase("appeal HTML+PDF+DOCX", appeal)
    joined = phase("bundle", lambda: documents.bundle([appeal_pdf, pdf.data]))
    files = {
        "appeal.pdf": appeal_pdf,
        "appeal.docx": appeal_docx,
        "attachment.pdf": pdf.data,
        "attachment.docx": docx,
        "attachment.xlsx": xlsx,
        "bundle.pdf": joined,
    }
    if r.mark is not None:  # an illustrative case: the mark drawn on every page, read back
        phase("mark (stamp, read back)", lambda: documents.marked(files, r.mark, "ru"))
    _write_json()


def _check_mark(r: documents.Renderer, xlsx: bytes) -> None:
    """An illustrative case's spreadsheet is read back for its mark before it is written."""
    if r.mark:
        phase("XLSX mark read back", lambda: watermark.xlsx_marked(xlsx, r.mark or ""))


def _write_json() -> None:
    if "--json" in sys.argv:
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(MEASURED, indent=2))


if __name__ == "__main__":
    main()
