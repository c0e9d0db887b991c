"""Many cases at once: in parallel processes, a failing case reported and skipped."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..errors import AppealError, CaseError
from . import CaseOutcome, Settings, build_case

CASE_FILE = "case.yaml"


def find_cases(paths: list[Path]) -> list[Path]:
    """Each path is a case folder, or a folder whose subfolders are case folders."""
    cases: list[Path] = []
    for path in paths:
        if (path / CASE_FILE).is_file():
            cases.append(path)
            continue
        found = sorted(p.parent for p in path.glob(f"*/{CASE_FILE}")) if path.is_dir() else []
        if not found:
            raise AppealError(f"{path}: no case.yaml here or in its subfolders")
        cases += found
    return cases


def build_one(
    case: Path,
    out_dir: Path,
    settings: Settings,
    force: bool,
    progress: Callable[[str], None] | None = None,
) -> CaseOutcome:
    """Build a case; its problems become a failed outcome instead of stopping the others."""
    try:
        return build_case(case, out_dir, settings, force, progress)
    except CaseError as exc:
        from ..console import problem_report

        return CaseOutcome(case, "failed", message=problem_report(exc.problems))
    except AppealError as exc:
        return CaseOutcome(case, "failed", message=f"Error: {exc}")


@dataclass(frozen=True)
class BuildReport:
    """The outcome of every case, in the order they were given."""

    outcomes: list[CaseOutcome]

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    def summary(self) -> str:
        counts = {
            s: sum(o.status == s for o in self.outcomes) for s in ("built", "unchanged", "failed")
        }
        return (
            f"{counts['built']} built, {counts['unchanged']} unchanged, {counts['failed']} failed."
        )


def build_all(
    cases: list[Path],
    out_dir: Path,
    settings: Settings,
    force: bool,
    jobs: int,
    on_progress: Callable[[str, int], None],
) -> BuildReport:
    """Build every case; on_progress(text, done) says what is under way and how many are done."""
    if jobs <= 1 or len(cases) == 1:
        outcomes = []
        for done, case in enumerate(cases):

            def say(what: str, case: Path = case, done: int = done) -> None:
                on_progress(f"{case.name}: {what}", done)

            say("checking")
            outcomes.append(build_one(case, out_dir, settings, force, say))
            on_progress(f"{case.name}: done", done + 1)
        return BuildReport(outcomes)
    by_case: dict[Path, CaseOutcome] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(cases))) as pool:
        futures = {pool.submit(build_one, c, out_dir, settings, force): c for c in cases}
        on_progress(f"rendering {len(cases)} cases in {min(jobs, len(cases))} processes", 0)
        for future in as_completed(futures):
            case = futures[future]
            by_case[case] = future.result()
            on_progress(f"{case.name}: {by_case[case].status}", len(by_case))
    return BuildReport([by_case[c] for c in cases])
