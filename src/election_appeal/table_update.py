"""`appeal tables`: the protocol tables rewritten to follow case.yaml, the rows typed kept.

`appeal new` writes the tables before the parties and contests exist, with placeholder columns
(party_a, party_b). Once case.yaml names them, the tables are written again with one column per
party of case.yaml and the contests offered in the contest column; every figure already typed
stays in its column. A figure under a column that case.yaml no longer has is never dropped: the
table is then left as it is and the message says which column and rows to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

from .blank_tables import CSV, XLSX, Ids, csv_bytes, header, xlsx_bytes
from .errors import CaseError, Problem, Severity, UsageError
from .i18n import gettext as _
from .i18n import ngettext

CASE_FILE = "case.yaml"


def update_tables(folder: Path) -> list[Path]:
    """Rewrite the protocol tables of a case folder to follow its case.yaml; the files
    rewritten (none when they follow it already). CaseError lists every figure that would be
    lost; nothing is written then."""
    from .case.paths import PathRefused, case_path
    from .case.yamlfile import read_yaml

    display = str(folder / CASE_FILE)
    try:
        ids = Ids.from_data(read_yaml(case_path(folder, CASE_FILE), display).data)
    except PathRefused as exc:
        raise UsageError(f"{display}: {exc}") from None
    if not ids.parties or not ids.contests:
        raise UsageError(
            _(
                "{file}: name the parties and the contests first (parties: and contests: with "
                "their ids); the tables take their columns from them"
            ).format(file=folder / CASE_FILE)
        )
    planned: dict[Path, bytes] = {}
    problems: list[Problem] = []
    for name, write in ((XLSX, xlsx_bytes), (CSV, csv_bytes)):
        path = folder / name
        if not path.is_file():
            continue
        rows = _kept_rows(path, ids, problems)
        if rows is not None:
            planned[path] = write(ids, rows)
    if problems:
        raise CaseError(problems)
    for path, content in planned.items():  # every table read before any is replaced
        staged = path.with_name(f".{path.name}.new")
        staged.write_bytes(content)
        os.replace(staged, path)
    return list(planned)


def _kept_rows(path: Path, ids: Ids, problems: list[Problem]) -> list[list[object]] | None:
    """The typed rows of a table under the new header; None when it follows case.yaml already
    or cannot be rewritten without losing a figure (then `problems` says why)."""
    from .case.tables import read_sheet

    try:
        table = read_sheet(path, str(path))
    except CaseError as exc:
        problems += exc.problems
        return None
    errors = [p for p in table.problems if p.severity is Severity.ERROR]
    if errors:  # a cell that was cleaned or left out would be written back changed
        problems += errors
        return None
    wanted = header(ids)
    if table.header == wanted:
        return None
    lost = _lost(table.header, table.rows, set(wanted))
    for column, rows in lost.items():
        message = ngettext(
            'the column "{column}" is not a party or line of case.yaml, but row {rows} holds '
            "a figure in it; rename the column to the party's id, or move the figure, then run "
            "appeal tables again",
            'the column "{column}" is not a party or line of case.yaml, but rows {rows} hold '
            "figures in it; rename the column to the party's id, or move the figures, then run "
            "appeal tables again",
            len(rows),
        ).format(column=column, rows=", ".join(str(n) for n in rows))
        problems.append(Problem(str(path), "row 1", column, message))
    if lost:
        return None
    where = {name: index for index, name in enumerate(table.header) if name}
    return [
        [cells[where[c]] if c in where and where[c] < len(cells) else None for c in wanted]
        for _number, cells in table.rows
    ]


def _lost(
    names: list[str], rows: list[tuple[int, list[object]]], wanted: set[str]
) -> dict[str, list[int]]:
    """The columns not in the new header that hold something, with the rows that do."""
    lost: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        if name in wanted:
            continue
        for number, cells in rows:
            value = cells[index] if index < len(cells) else None
            if value is not None and str(value).strip():
                lost.setdefault(name or f"#{index + 1}", []).append(number)
    return lost
