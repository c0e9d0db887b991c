"""The computed tables as rich tables for the terminal, in the interface language; every
difference names its sign."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table

from .analysis import Analysis
from .analysis.exact import percent, rounded
from .analysis.funding import CopiesFunding, FundingCost
from .analysis.hypotheses import Hypothesis1
from .analysis.official import OfficialComparison
from .analysis.protocols import RULE_WORDS
from .analysis.results import Comparison, ContestResult
from .analysis.sample import SampleAnalysis
from .analysis.seats import Allocation
from .i18n import current_language, decimal_symbol, ngettext
from .i18n import gettext as _


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", " ")


def _signed(value: Any) -> str:
    if value is None:
        return "—"
    # A real minus sign (U+2212), as the documents write a negative difference.
    text = f"{value:,}".replace(",", " ").replace("-", "\u2212")
    return text if value <= 0 else f"+{text}"


def _dot(value: object) -> str:
    """A number's text with the decimal sign of the interface language: 13.49, or 13,49."""
    return str(value).replace(".", decimal_symbol())


def _table(title: str, columns: Iterable[str], rows: Iterable[Iterable[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def comparison_table(c: Comparison) -> Table:
    """Votes and shares in both contests, difference = second − first."""
    rows = [
        [
            r.party,
            _n(r.first_votes),
            _dot(percent(r.first_share)),
            _n(r.second_votes),
            _dot(percent(r.second_share)),
            _signed(r.difference),
        ]
        for r in c.parties
    ]
    rows += [[t.key, _n(t.first), "", _n(t.second), "", _signed(t.difference)] for t in c.totals]
    columns = ["", c.first, "%", c.second, "%", f"{c.second} − {c.first}"]
    return _table(_("Official results compared"), columns, rows)


def official_table(o: OfficialComparison) -> Table:
    """Every copy figure that differs from the official figure for the same station."""
    rows = [
        [d.station, d.contest, d.item, _n(d.copy), _n(d.official), _signed(d.difference)]
        for d in o.differences
    ]
    title = _("Copies against the official station figures: {differing} of {stations} differ")
    columns = [_("station"), _("contest"), "", _("copy"), _("official"), _("copy − official")]
    return _table(
        title.format(differing=len(o.differing_stations), stations=o.compared_stations),
        columns,
        rows,
    )


def result_table(r: ContestResult) -> Table:
    """Votes and shares in the one contest of a case without a comparison."""
    rows = [[p.party, _n(p.votes), _dot(percent(p.share))] for p in r.parties]
    rows += [[t.key, _n(t.value), ""] for t in r.totals]
    return _table(_("Official result of {contest}").format(contest=r.contest), ["", "", "%"], rows)


def copies_funding_table(cost: CopiesFunding) -> Table:
    """What the copies' differences from the official figures are worth in party funding."""
    value = cost.vote_value
    title = _(
        "Funding: {amount} tenge a vote a year in {year}; "
        "especially large amount: over {threshold} tenge"
    ).format(amount=value.per_year, year=value.year, threshold=_n(int(cost.threshold_amount)))
    return _funding(title, _("official − copy, votes"), cost.parties, cost.term_years)


def _funding(title: str, votes: str, parties: Sequence[Any], term_years: int) -> Table:
    """One row a party: the votes in question and what they are paid a year and over the term."""
    rows = [
        [
            p.party + ("" if p.funded else _(" (not funded)")),
            _signed(p.excess_votes),
            _signed(p.per_year),
            _signed(p.over_term),
        ]
        for p in parties
    ]
    years = ngettext("{years} year, tenge", "{years} years, tenge", term_years)
    return _table(title, ["", votes, _("a year, tenge"), years.format(years=term_years)], rows)


def allocation_table(allocation: Allocation, title: str) -> Table:
    """Share, qualification, quotient and seats of every list."""
    quota = "—" if allocation.quota is None else _dot(rounded(allocation.quota))
    rows = [
        [
            p.party,
            _n(p.votes),
            _dot(percent(p.share)),
            _("yes") if p.passed else (_("admitted") if p.admitted else _("no")),
            "" if p.quotient is None else _dot(rounded(p.quotient)),
            str(p.seats),
        ]
        for p in allocation.parties.values()
    ]
    rows.append(
        [_("total"), "", "", "", _("quota {quota}").format(quota=quota), str(allocation.seats)]
    )
    columns = [
        "",
        _("votes"),
        "%",
        f"≥ {_dot(percent(allocation.threshold))} %",
        _("quotient"),
        _("seats"),
    ]
    return _table(f"{title} ({allocation.method})", columns, rows)


def hypothesis_1_table(h: Hypothesis1) -> Table:
    """Seats awarded against seats under hypothesis 1."""
    rows = [[r.party, _n(r.awarded), str(r.hypothetical), _signed(r.difference)] for r in h.rows]
    columns = [
        "",
        _("awarded"),
        _("with {contest} votes").format(contest=h.votes_contest),
        _("awarded − hypothetical"),
    ]
    return _table(_("Hypothesis 1: {contest} seats").format(contest=h.seat_contest), columns, rows)


def funding_table(cost: FundingCost) -> Table:
    """What the differences are worth in party funding."""
    value = cost.vote_value
    title = _(
        "Hypothesis 2: funding, {amount} tenge a vote a year in {year}; "
        "especially large amount: over {threshold} tenge"
    ).format(amount=value.per_year, year=value.year, threshold=_n(int(cost.threshold_amount)))
    votes = _("{funded} − {other}, votes").format(
        funded=cost.funded_contest, other=cost.other_contest
    )
    return _funding(title, votes, cost.parties, cost.term_years)


def _f(value: float | None, places: int = 1) -> str:
    return "—" if value is None else _dot(f"{value:,.{places}f}".replace(",", " "))


def _interval(pair: tuple[float, float] | None) -> str:
    return "—" if pair is None else f"{_f(pair[0], 0)} … {_f(pair[1], 0)}"


def sample_table(sample: SampleAnalysis) -> Table:
    """What the paired protocol copies say about each official difference."""
    rows = []
    for r in sample.parties:
        if r.message:
            rows.append([r.party, str(r.n_stations), r.message] + [""] * 8)
            continue
        rows.append(
            [
                r.party,
                str(r.n_stations),
                _signed(r.sum_diff),
                _f(r.mean_diff, 2),
                f"{r.min_diff} … {r.max_diff}",
                _f(r.ratio_estimate, 0),
                _interval(r.ci95),
                _interval(r.bootstrap_ci95),
                _signed(r.official_difference),
                _f(r.required_mean_unobserved),
                "—" if r.p_holm is None else _dot(f"{r.p_holm:.2g}"),
            ]
        )
    columns = [
        "",
        "n",
        "Σd",
        _("mean d"),
        _("min … max"),
        _("estimate"),
        _("95 % t"),
        _("95 % bootstrap"),
        _("official"),
        _("needed/station"),
        _("p (Holm)"),
    ]
    coverage = f"{_dot(f'{float(sample.coverage) * 100:.1f}')} %"
    title = _(
        "Sample: {paired} of {stations} stations, {coverage} of the votes for parties; "
        "d = second − first"
    ).format(
        paired=sample.paired_stations, stations=sample.stations_in_territory, coverage=coverage
    )
    return _table(title, columns, rows)


def analysis_tables(analysis: Analysis) -> list[Table]:
    """Every table of `appeal analyse`, in the order of the appeal."""
    tables = [] if analysis.official is None else [official_table(analysis.official)]
    if analysis.comparison is not None:
        tables.append(comparison_table(analysis.comparison))
    if analysis.result is not None:
        tables.append(result_table(analysis.result))
    if analysis.seats is not None:
        own = analysis.seats
        title = _("{seats} seats with its own votes").format(seats=own.seat_contest)
        tables.append(allocation_table(own.official, title))
    if analysis.copies_funding is not None:
        tables.append(copies_funding_table(analysis.copies_funding))
    if analysis.hypothesis_1 is not None:
        h1 = analysis.hypothesis_1
        tables += [
            allocation_table(
                h1.hypothetical,
                _("{seats} seats with {votes} votes").format(
                    seats=h1.seat_contest, votes=h1.votes_contest
                ),
            ),
            allocation_table(
                h1.official, _("{seats} seats with its own votes").format(seats=h1.seat_contest)
            ),
            hypothesis_1_table(h1),
        ]
    if analysis.hypothesis_2 is not None:
        tables.append(funding_table(analysis.hypothesis_2))
    if analysis.sample is not None:
        tables.append(sample_table(analysis.sample))
    checks = analysis.protocol_checks
    rows = [
        [v.station, v.contest, _(RULE_WORDS[v.rule]), _signed(v.gap), str(v.row)] for v in checks
    ]
    columns = [_("station"), _("contest"), _("ratio that does not hold"), _("gap"), _("row")]
    tables.append(_table(_("Protocol copies breaking a control ratio"), columns, rows))
    return tables


def analysis_report(console: Any, analysis: Analysis) -> None:
    """Print every table of `appeal analyse`, then the caveats of the sample statistics."""
    from .analysis.caveat_text import caveats

    for table in analysis_tables(analysis):
        console.print(table)
    if analysis.sample is None:
        return  # no sample statistics, so none of their caveats
    for caveat in caveats(analysis.sample.caveats, current_language()):
        console.print(f"* {caveat}")
