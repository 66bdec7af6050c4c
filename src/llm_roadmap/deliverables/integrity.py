"""Learner code must not rewrite the contracts that judge it (issue #10).

Learner code runs as the same user as `roadmap check` (root in CI), so file permissions
protect nothing: it could weaken its own `check.yaml`, or another kit's, for this run or
the next. Contracts are loaded before any learner code runs; once every step has ended,
each `check.yaml` is compared with the bytes read then and with the commit checked out
then (`git show <HEAD>:<path>`, the HEAD read before learner code could commit). Any
difference fails that deliverable, and none of its passed checks is trusted.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.report import CheckResult, Finding, Report, Status

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from llm_roadmap.deliverables.report import DeliverableReport

INTEGRITY_ID = "contract"
_GIT_SECONDS = 30
# Settings a tampered .git/config could use to run code when we call git.
_SAFE_GIT = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null")


class Verdict(StrEnum):
    SAME = "same"
    CHANGED = "changed"  # rewritten while the checks ran
    DIFFERS = "differs"  # not what the commit holds
    MISSING = "missing"  # deleted while the checks ran
    NOT_GIT = "not-git"  # cannot compare with a commit: say so
    UNTRACKED = "untracked"


@dataclass(frozen=True)
class Baseline:
    """What each contract file held, and which commit was checked out, before learner code ran."""

    contents: Mapping[Path, bytes]
    commits: Mapping[Path, str | None]  # folder's git HEAD; None outside a git work tree


def baseline(paths: Sequence[Path]) -> Baseline:
    contents = {path: path.read_bytes() for path in paths}
    commits = {path: _head(path.parent) for path in paths}
    return Baseline(contents, commits)


def verify(base: Baseline) -> dict[Path, Verdict]:
    """One verdict per contract file, read again now that every learner process has ended."""
    return {path: _verdict(path, before, base.commits[path]) for path, before in base.contents.items()}


def _verdict(path: Path, before: bytes, commit: str | None) -> Verdict:
    try:
        now = path.read_bytes()
    except OSError:
        return Verdict.MISSING
    if now != before:
        return Verdict.CHANGED
    if commit is None:
        return Verdict.NOT_GIT
    committed = _git(path.parent, "show", f"{commit}:./{path.name}")
    if committed is None:
        return Verdict.UNTRACKED
    return Verdict.SAME if committed == now else Verdict.DIFFERS


FAILING = frozenset({Verdict.CHANGED, Verdict.DIFFERS, Verdict.MISSING})


def apply(report: Report, verdicts: Mapping[Path, Verdict], folders: Mapping[str, Path]) -> Report:
    """`report` with a failed `contract` result for each deliverable whose contract is not intact.

    `folders` maps each deliverable id to its contract file. Its passed checks become
    skipped: their verdicts came from a contract that learner code could have weakened.
    """
    updated = []
    for deliverable in report.deliverables:
        path = folders.get(deliverable.deliverable)
        verdict = verdicts.get(path) if path is not None else None
        if verdict in FAILING:
            deliverable = _distrust(deliverable, verdict)
        updated.append(deliverable)
    return report.model_copy(update={"deliverables": tuple(updated)})


def _distrust(report: DeliverableReport, verdict: Verdict | None) -> DeliverableReport:
    results = [
        r.model_copy(update={"status": Status.SKIPPED, "findings": (Finding(code="skip.contract-changed"),)})
        if r.status is Status.PASSED
        else r
        for r in report.results
    ]
    path = f"{report.folder}/check.yaml"
    failed = CheckResult(
        id=INTEGRITY_ID,
        kind=INTEGRITY_ID,
        status=Status.FAILED,
        findings=(Finding(code=f"contract.{verdict}", params={"path": path}),),
    )
    return report.model_copy(update={"started": True, "results": (*results, failed)})


def _head(folder: Path) -> str | None:
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.strip() != b"true":
        return None
    head = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD")
    return head.decode("ascii").strip() if head else None


def _git(folder: Path, *args: str) -> bytes | None:
    """git's stdout, or None when git is missing or refuses (not a repository, no such path)."""
    try:
        done = subprocess.run(
            ["git", *_SAFE_GIT, *args], cwd=folder, capture_output=True, timeout=_GIT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
