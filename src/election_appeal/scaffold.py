"""`appeal new`: a case folder to fill in, from a commented skeleton."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

from .blank_tables import write_blank_tables
from .errors import UsageError
from .i18n import gettext as _

SKELETON = Path(__file__).resolve().parent / "skeleton"
APPLICANT_FILE = "applicant.yaml"


@dataclass(frozen=True)
class Answers:
    """What `appeal new --interactive` asks; None leaves the placeholder in the file."""

    full_name: str | None = None
    iin: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    election_date: str | None = None
    territory: str | None = None
    # The Russian documents' «на территории …»: the territory in the genitive.
    territory_genitive: str | None = None
    stations: int | None = None
    appeal_date: str | None = None
    appeal_place: str | None = None
    # How many contests (votings) were held that day: 1 (a Kurultai election held alone) or 2
    # (a maslikhat's two votings compared with each other).
    contests: int = 2


def _yaml(value: object, placeholder: str) -> str:
    """A scalar as YAML (JSON strings are valid YAML), or a placeholder to replace."""
    return placeholder if value is None else json.dumps(value, ensure_ascii=False)


def _applicant(answers: Answers) -> str:
    fields = {
        "full_name": answers.full_name,
        "iin": answers.iin,
        "address": answers.address,
        "phone": answers.phone,
        "email": answers.email,
    }
    lines = [f"{key}: {_yaml(value, 'null')}" for key, value in fields.items()]
    return "# The applicant's personal data. Git ignores this file.\n" + "\n".join(lines) + "\n"


def threshold_in_force(day: str | None) -> tuple[str, str]:
    """The threshold of law.yaml in force on the election day ("5%", or null when the day is not
    known yet or no threshold is on record for it), and a comment listing every period's."""
    import datetime
    from decimal import Decimal

    from .case.law import in_force, load_law
    from .resources import reference_dir

    law = load_law(reference_dir() / "law.yaml", [])

    def percent(value: Decimal | None) -> str:
        return "null" if value is None else f"{(value * 100).normalize():f}%"

    def figure(value: Decimal | None) -> str:
        return "no figure on record" if value is None else percent(value)

    periods = [
        f"{figure(v.value)} {v.valid_from or '…'} – {v.valid_to or '…'}"
        + ("" if v.verified else " (not verified)")
        for v in law.get("threshold", [])
    ]
    note = "the threshold in force on the election day: " + ("; ".join(periods) or "none on record")
    version = in_force(law, "threshold", datetime.date.fromisoformat(day)) if day else None
    return percent(version.value if version else None), note


def contests_block(count: int, day: str | None = None) -> str:
    """The contests of the skeleton: one (and no comparison) or two compared with each other;
    without the line for the votes against all when the ballots of the election day had none."""
    if count not in (1, 2):
        raise UsageError(
            _("a case has one contest or two; {count} were asked for").format(count=count)
        )
    fragment = "contests-one.yaml" if count == 1 else "contests-two.yaml"
    text = (SKELETON / fragment).read_text(encoding="utf-8")
    if day is not None and not against_all_on_ballots(day):
        text = "".join(line for line in text.splitlines(True) if "against_all:" not in line)
    return text


def against_all_on_ballots(day: str) -> bool:
    """Whether the ballots of this election day (ISO) had the line «против всех», by law.yaml."""
    import datetime

    from .case.law import in_force, load_law
    from .resources import reference_dir

    law = load_law(reference_dir() / "law.yaml", [])
    return in_force(law, "against_all", datetime.date.fromisoformat(day)) is not None


def new_case(folder: Path, answers: Answers | None = None) -> list[Path]:
    """Create the folder with case.yaml, the protocol tables and, when answered, applicant.yaml."""
    if folder.exists() and any(folder.iterdir()):
        message = _("{folder}: the folder is not empty; choose a new one")
        raise UsageError(message.format(folder=folder))
    folder.mkdir(parents=True, exist_ok=True)
    given = answers or Answers()
    separate = answers is not None and answers.full_name is not None
    applicant = (
        f"{{file: {APPLICANT_FILE}}}"
        if separate
        else "\n  full_name: null\n  iin: null\n  address: null"
    )
    values = {
        "applicant": applicant,
        "appeal_date": _yaml(given.appeal_date, "null"),
        "appeal_place": _yaml(given.appeal_place, "null"),
        "election_date": _yaml(given.election_date, "null"),
        "territory": _yaml(given.territory, "null"),
        "territory_genitive": _yaml(given.territory_genitive, "null"),
        "stations": _yaml(given.stations, "null"),
    }
    values["contests"] = contests_block(given.contests, given.election_date)
    # One voting: a national list election (the Mazhilis, the Kurultai); two: maslikhats, whose
    # seats are the ones recounted, and which no rule admits a second list to.
    values["min_parties"] = "2" if given.contests == 1 else "1"
    values["threshold"], values["threshold_note"] = threshold_in_force(given.election_date)
    text = Template((SKELETON / "case.yaml").read_text(encoding="utf-8")).substitute(values)
    written = [folder / "case.yaml"]
    written[0].write_text(text, encoding="utf-8")
    written += write_blank_tables(folder, text)
    if separate:
        written.append(folder / APPLICANT_FILE)
        written[-1].write_text(_applicant(given), encoding="utf-8")
    return written
