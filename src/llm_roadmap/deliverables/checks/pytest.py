"""`pytest`: the learner's own tests pass, run by the learner's interpreter.

The fake LLM server runs meanwhile and the SDK variables point at it, so tests that call
the model work with no key. The repository's own pytest settings (warnings as errors,
strict markers) must not leak into the learner's tests, so unless the deliverable has its
own pytest configuration an empty one is given with `-c`.
"""

from __future__ import annotations

import re
import tomllib
from typing import TYPE_CHECKING

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.checks import causes
from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import PytestCheck

_PASSED = re.compile(r"(\d+) passed")
_SUMMARY = re.compile(r"^=*\s*(.*\d+ (?:passed|failed|error|errors|skipped).*?)\s*=*$")
_NO_TESTS = 5  # pytest's exit code when it collected nothing


def run(check: PytestCheck, ctx: CheckContext) -> Outcome:
    missing = [p for p in check.paths if not (ctx.folder / p).exists()]
    if missing:
        return Outcome.failed("pytest.no-tests", paths=list(check.paths))
    command = [ctx.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no"]
    command += [*_config_args(ctx.folder, ctx.scratch), *check.paths]
    with ctx.fake_llm() as llm:
        done = sandbox.run(command, cwd=ctx.folder, env=ctx.env_with(llm), timeout=check.seconds)
    details = sandbox.tail(done.output)
    if done.timed_out:
        return Outcome.failed("process.timeout", details, seconds=check.seconds, command="pytest")
    if "No module named pytest" in done.stderr:
        return Outcome.failed("pytest.missing", **causes.hint_params(ctx, "pytest"))
    if done.returncode == _NO_TESTS:
        return Outcome.failed("pytest.no-tests", details, paths=list(check.paths))
    summary = _summary(done.stdout)
    if done.returncode != 0:
        failed = Finding(code="pytest.failed", params={"summary": summary})
        cause = causes.finding(done.output, ctx)
        return Outcome.from_findings([cause, failed] if cause else [failed], details)
    passed = sum(int(n) for n in _PASSED.findall(summary))
    if passed < check.min_tests:
        return Outcome.failed("pytest.too-few", details, count=passed, minimum=check.min_tests)
    return Outcome.passed(details=[summary], metrics={"tests_passed": float(passed)})


def _summary(stdout: str) -> str:
    for line in reversed(stdout.strip().splitlines()):
        match = _SUMMARY.match(line.strip())
        if match:
            return match.group(1)
    return stdout.strip().splitlines()[-1] if stdout.strip() else ""


def _config_args(folder: Path, scratch: Path) -> list[str]:
    """`-c` with the deliverable's own pytest config, or with an empty one."""
    own = folder / "pytest.ini"
    if own.is_file():
        return ["-c", str(own.resolve()), "--rootdir", str(folder.resolve())]
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _has_pytest_table(pyproject):
        return ["-c", str(pyproject.resolve()), "--rootdir", str(folder.resolve())]
    empty = scratch / "pytest.ini"
    empty.write_text("[pytest]\n", encoding="utf-8")
    return ["-c", str(empty), "--rootdir", str(folder.resolve())]


def _has_pytest_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    return "pytest" in data.get("tool", {})
