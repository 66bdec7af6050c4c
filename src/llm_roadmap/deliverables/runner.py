"""Run each deliverable's contract and collect a `Report`.

The order of events for one deliverable: if none of its `start_files` exists it is "not
started" and nothing runs; otherwise (with `--install`) its requirements are installed,
then each check runs in the contract's order, skipped when a check it `needs` did not
pass. Check runners never raise for the learner's mistakes: they return findings.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from llm_roadmap.deliverables import install
from llm_roadmap.deliverables.checks import RUNNERS, causes
from llm_roadmap.deliverables.checks.context import CheckContext
from llm_roadmap.deliverables.checks.files import exists
from llm_roadmap.deliverables.report import (
    CheckResult,
    DeliverableReport,
    Finding,
    Outcome,
    Report,
    Status,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from llm_roadmap.deliverables.contract import Check, Contract
    from llm_roadmap.model.schema import Text

# Kinds that execute the learner's code, and so wait for a successful install.
EXECUTES = frozenset({"parse", "pytest", "run", "http", "finetune"})
INSTALL_ID = "install"
PROJECTS_VENV = Path("projects/.venv")


@dataclass(frozen=True)
class RunOptions:
    """How to run the checks; built by the `check` command from its flags and environment."""

    root: Path
    fallback_python: str
    base_env: dict[str, str]
    install_env: dict[str, str] = field(default_factory=dict)
    python: str | None = None
    ruff: str | None = None
    docker: str | None = None
    uv: str | None = None
    gpu: bool = False
    install: bool = False
    kinds: frozenset[str] | None = None
    nonce: str = "0"
    extra_env: dict[str, str] = field(default_factory=dict)


def resolve_python(folder: Path, options: RunOptions) -> str:
    """The interpreter for a deliverable's code, always as an absolute path.

    --python first. With --install, projects/.venv: the environment `--install` owns (a
    learner's own venv is theirs and never installed into). Otherwise the deliverable's
    own .venv, then projects/.venv, then the tool's own Python; a venv whose interpreter
    does not start (copied from another machine, half-deleted) is passed over.
    """
    if options.python:
        return options.python
    ours = options.root.absolute() / PROJECTS_VENV / "bin" / "python"
    if options.install:
        return str(ours)
    for python in (folder.absolute() / ".venv" / "bin" / "python", ours):
        if install.runs(python, options.base_env):
            return str(python)
    return options.fallback_python


def check_all(contracts: list[Contract], options: RunOptions, titles: Mapping[str, Text]) -> Report:
    """A report over every contract that has checks of the selected kinds."""
    reports = []
    for contract in contracts:
        if options.kinds is not None and not any(c.kind in options.kinds for c in contract.checks):
            continue
        reports.append(check_deliverable(contract, options, titles.get(contract.deliverable)))
    return Report(mode="gpu" if options.gpu else "cpu", deliverables=tuple(reports))


def check_deliverable(
    contract: Contract, options: RunOptions, title: Text | None = None
) -> DeliverableReport:
    folder = _display(contract.folder, options.root)
    checks = [c for c in contract.checks if options.kinds is None or c.kind in options.kinds]
    report = DeliverableReport(deliverable=contract.deliverable, folder=folder, title=title)
    if contract.start_files and not any(exists(contract.folder, f) for f in contract.start_files):
        finding = Finding(code="skip.not-started", params={"files": list(contract.start_files)})
        skipped = tuple(_result(c, Outcome(Status.SKIPPED, [finding]), 0.0) for c in checks)
        return report.model_copy(update={"started": False, "results": skipped})
    python = resolve_python(contract.folder, options)
    with tempfile.TemporaryDirectory(prefix="roadmap-check-") as scratch:
        ctx = CheckContext(
            folder=contract.folder,
            python=python,
            base_env=options.base_env,
            scratch=Path(scratch),
            ruff=options.ruff,
            docker=options.docker,
            gpu=options.gpu,
            nonce=options.nonce,
            installed=options.install,
            venv=_learner_venv(python, options),
            python_given=options.python is not None,
            listed=causes.listed(contract.folder, contract.requirements),
            extra_env=options.extra_env,
        )
        results = _run_checks(contract, checks, ctx, options)
    return report.model_copy(update={"results": tuple(results)})


def _run_checks(
    contract: Contract, checks: list[Check], ctx: CheckContext, options: RunOptions
) -> list[CheckResult]:
    results: list[CheckResult] = []
    statuses: dict[str, Status] = {}
    if options.install and any(c.kind in EXECUTES for c in checks):
        installed = _install(contract, ctx, options)
        results.append(installed)
        statuses[INSTALL_ID] = installed.status
    for check in checks:
        needs = list(check.needs)
        if check.kind in EXECUTES and INSTALL_ID in statuses:
            needs.append(INSTALL_ID)
        blocked = [n for n in needs if n in statuses and statuses[n] is not Status.PASSED]
        if blocked:
            outcome, seconds = Outcome.skipped("skip.needs", checks=blocked), 0.0
        else:
            outcome, seconds = _timed(check, ctx)
        result = _result(check, outcome, seconds)
        statuses[check.id] = result.status
        results.append(result)
    return results


def _timed(check: Check, ctx: CheckContext) -> tuple[Outcome, float]:
    started = time.monotonic()
    outcome = RUNNERS[check.kind](check, ctx)
    return outcome, time.monotonic() - started


def _install(contract: Contract, ctx: CheckContext, options: RunOptions) -> CheckResult:
    started = time.monotonic()
    venv = Path(ctx.python).parent.parent
    outcome = None
    if not options.python:
        outcome = install.ensure_venv(venv, uv=options.uv, env=options.install_env)
    if outcome is None:
        outcome = install.install(
            contract.folder,
            contract.requirements,
            python=ctx.python,
            uv=options.uv,
            env=options.install_env,
            torch_backend="auto" if options.gpu else "cpu",
        )
    return CheckResult(
        id=INSTALL_ID,
        kind=INSTALL_ID,
        title=None,
        status=outcome.status,
        findings=tuple(outcome.findings),
        details=tuple(outcome.details),
        seconds=round(time.monotonic() - started, 2),
    )


def _result(check: Check, outcome: Outcome, seconds: float) -> CheckResult:
    return CheckResult(
        id=check.id,
        kind=check.kind,
        title=check.title,
        status=outcome.status,
        findings=tuple(outcome.findings),
        details=tuple(outcome.details),
        metrics=outcome.metrics,
        hint=check.hint,
        seconds=round(seconds, 2),
    )


def _learner_venv(python: str, options: RunOptions) -> str | None:
    """The learner's own venv a plain run picked (see `resolve_python`), as the report shows it."""
    if options.python or options.install or python == options.fallback_python:
        return None
    return _display(Path(python).parent.parent, options.root)


def _display(folder: Path, root: Path) -> str:
    """The folder as the learner sees it: relative to the repository root when inside it."""
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return folder.as_posix()
