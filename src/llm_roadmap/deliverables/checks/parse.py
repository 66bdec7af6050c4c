"""`parse`: the deliverable's Python, JSON, TOML and YAML files are well-formed."""

from __future__ import annotations

import json
import re
import tomllib
from typing import TYPE_CHECKING, Any

import yaml

from llm_roadmap.deliverables.checks.helper import HelperFailed, run_helper
from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import ParseCheck

_TOML_AT = re.compile(r"at line (\d+), column (\d+)")
# Folders that hold generated or third-party files, never the learner's own.
SKIPPED_DIRS = frozenset({".venv", "venv", "__pycache__", "node_modules", "outputs", ".git"})

_COMPILE = """
import json, sys
errors = []
for path in json.load(sys.stdin):
    try:
        with open(path, "rb") as f:
            compile(f.read(), path, "exec", dont_inherit=True, flags=0x400)
    except SyntaxError as e:
        errors.append([path, e.lineno or 1, e.offset or 1, e.msg])
    except ValueError as e:
        errors.append([path, 1, 1, str(e)])
print(json.dumps(errors))
"""


def matching_files(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    """Files under `folder` matching any pattern, skipping virtualenvs and outputs."""
    found: set[Path] = set()
    for pattern in patterns:
        for path in folder.glob(pattern):
            parts = path.relative_to(folder).parts
            if path.is_file() and not SKIPPED_DIRS.intersection(parts):
                found.add(path)
    return sorted(found)


def run(check: ParseCheck, ctx: CheckContext) -> Outcome:
    files = matching_files(ctx.folder, check.paths)
    python = [str(p.relative_to(ctx.folder)) for p in files if p.suffix == ".py"]
    findings: list[Finding] = []
    if python:
        try:
            errors = run_helper(ctx, _COMPILE, python, check.seconds)
        except HelperFailed as exc:
            return Outcome.failed("python.unavailable", python=ctx.python, error=str(exc))
        findings += [
            Finding(code="parse.python", params={"path": p, "line": ln, "column": col, "error": msg})
            for p, ln, col, msg in errors
        ]
    for path in files:
        if path.suffix != ".py" and (finding := _data_error(path, ctx.folder)) is not None:
            findings.append(finding)
    return Outcome.from_findings(findings)


def _data_error(path: Path, folder: Path) -> Finding | None:
    rel = str(path.relative_to(folder))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return _finding("parse.data", rel, 1, 1, f"not UTF-8: {exc.reason}")
    try:
        _load(path.suffix, text)
    except json.JSONDecodeError as exc:
        return _finding("parse.data", rel, exc.lineno, exc.colno, exc.msg)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's tomllib puts the position only into the message.
        where = _TOML_AT.search(str(exc))
        line, col = (int(where[1]), int(where[2])) if where else (1, 1)
        return _finding("parse.data", rel, line, col, str(exc))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return _finding("parse.data", rel, line, col, str(getattr(exc, "problem", exc)))
    return None


def _load(suffix: str, text: str) -> Any:
    if suffix in (".json", ".ipynb"):
        return json.loads(text)
    if suffix == ".toml":
        return tomllib.loads(text)
    return list(yaml.safe_load_all(text))


def _finding(code: str, path: str, line: int, column: int, error: str) -> Finding:
    return Finding(code=code, params={"path": path, "line": line, "column": column, "error": error})
