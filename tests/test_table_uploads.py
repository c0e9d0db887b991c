"""A table uploaded on the page is read by the same reader as `appeal check`: its formulas and
its one-byte encoding are named there, and editing it keeps that encoding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import EXAMPLE
from election_appeal.web.app import create_app
from test_web import BASE, CASE, CODE, PORT, _upload, form_of


@pytest.fixture
def client(cases: Path, tmp_path: Path) -> TestClient:
    """A browser that opened the address with the one-time code."""
    browser = TestClient(create_app([cases], tmp_path / "output", CODE, PORT), base_url=BASE)
    assert browser.get(f"/?code={CODE}").status_code == 200
    return browser


def _problem_rows(page: str, kind: str) -> list[str]:
    table = page.split('class="problem-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(rf'<tr class="{kind}"><td>[^<]*</td><td>protocols.csv</td>(.*?)</tr>', table)


def test_an_uploaded_formula_is_an_error_in_its_cell(client: TestClient) -> None:
    text = (EXAMPLE / "protocols.csv").read_text(encoding="utf-8")
    text = text.replace("Наблюдатели А", "@SUM(A1)", 1)
    page = _upload(client, "excel.csv", text.encode("utf-8"))
    assert _problem_rows(page, "error") == [
        "<td>2</td><td>source</td><td>«@SUM(A1)» begins with «@», so a spreadsheet would read "
        "it as a formula; write it without «@», as «SUM(A1)»</td>"
    ]
    assert re.search(r'<td class="bad"><input name="c\.2\.4" value="@SUM\(A1\)"', page)


def test_a_koi8_upload_is_read_as_koi8_said_so_and_written_back_in_koi8(
    client: TestClient, cases: Path
) -> None:
    text = (EXAMPLE / "protocols.csv").read_text(encoding="utf-8")
    broken = text.replace(",33,152,32,51,16\n", ",33,152,32,51,1x\n", 1)
    page = _upload(client, "koi8.csv", broken.encode("koi8-r"))
    assert any("read as KOI8-R (Cyrillic)" in row for row in _problem_rows(page, "warning"))
    fields = form_of(client, f"{CASE}/protocols")
    client.post(f"{CASE}/protocols/grid", data={**fields, "c.2.17": "16"})
    written = (cases / "almaty-2021" / "protocols.csv").read_bytes()
    assert written == text.encode("koi8-r")
    assert "Ауэзовский".encode("koi8-r") in written


def test_a_letter_koi8_has_not_is_refused_naming_koi8(tmp_path: Path) -> None:
    from election_appeal.casefiles import TableRefused, file_version
    from election_appeal.protocolgrid import table_limit, write_cells

    text = (EXAMPLE / "protocols.csv").read_text(encoding="utf-8")
    (tmp_path / "protocols.csv").write_bytes(text.encode("koi8-r"))
    version = file_version(tmp_path, "protocols.csv", table_limit("protocols.csv"))
    with pytest.raises(TableRefused) as caught:
        write_cells(tmp_path, "protocols.csv", {(2, 2): "Әуезов ауданы"}, version)
    assert str(caught.value) == (
        "a character typed cannot be written in the table's encoding (KOI8-R (Cyrillic))"
    )
    assert (tmp_path / "protocols.csv").read_bytes() == text.encode("koi8-r")
