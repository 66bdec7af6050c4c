"""`imports`: a file imports one of the listed modules (a package or any of its submodules)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.report import Outcome

if TYPE_CHECKING:
    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import ImportsCheck


def imported(source: str) -> set[str]:
    """Top-level and dotted names of every module the source imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def run(check: ImportsCheck, ctx: CheckContext) -> Outcome:
    path = ctx.folder / check.path
    if not path.is_file():
        return Outcome.failed("imports.no-file", path=check.path)
    try:
        names = imported(path.read_text(encoding="utf-8", errors="replace"))
    except SyntaxError:
        names = set()  # the parse check reports the syntax error itself
    wanted = set(check.any_of)
    if any(name in wanted or name.split(".")[0] in wanted for name in names):
        return Outcome.passed()
    return Outcome.failed("imports.missing", path=check.path, modules=list(check.any_of))
