"""`roadmap readme`: regenerate the generated sections of README.md and docs/*.md (`--check`: only compare).

README.md's roadmap sections come from the YAML (`llm_roadmap.docs`); the command
reference, the exit codes and the defaults the docs cite come from the code
(`llm_roadmap.reference`). Every file may hold any of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from llm_roadmap import cli, docs, reference
from llm_roadmap.errors import EXIT_FAILURE, EXIT_OK, InvalidInput, Problem
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings

README = Path("README.md")
DOCS = Path("docs")
FIX_COMMAND = "uv run roadmap readme"
SOURCES = "roadmap/*.yaml, roadmap/config.yaml, templates/readme/, templates/docs/ and the code"


def run(settings: Settings, check: bool) -> int:
    files = documents(settings.root)
    sections = all_sections(settings)
    stale = {}
    for relative, current in files.items():
        updated = docs.rewrite(current, sections, relative)
        if updated != current:
            stale[relative] = updated
    if check:
        return _report_check(list(stale))
    for relative, updated in stale.items():
        (settings.root / relative).write_text(updated, encoding="utf-8")
        click.echo(f"{relative}: generated sections regenerated")
    if not stale:
        click.echo(f"{README} and {DOCS}/*.md are up to date")
    return EXIT_OK


def all_sections(settings: Settings) -> dict[str, str]:
    """Every section a document may hold, by name: the roadmap's and the code's."""
    workspace = Workspace.load(settings)
    templates = settings.root / "templates"
    return {
        **docs.render_sections(workspace.roadmap, workspace.config, workspace.schedule, templates),
        **reference.render_sections(cli.main, "roadmap", cli.EXIT_CODES_HELP, templates),
    }


def documents(root: Path) -> dict[Path, str]:
    """README.md and docs/*.md by path relative to `root`, with their text."""
    found = {README: _read(root / README)}
    for path in sorted((root / DOCS).glob("*.md")):
        found[path.relative_to(root)] = path.read_text(encoding="utf-8")
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problem = Problem(README, 1, 1, "file not found", "restore README.md from the template repository")
        raise InvalidInput([problem]) from None


def _report_check(stale: list[Path]) -> int:
    if not stale:
        click.echo(f"{README} and {DOCS}/*.md are up to date")
        return EXIT_OK
    names = ", ".join(str(path) for path in stale)
    verb, their = ("is", "its") if len(stale) == 1 else ("are", "their")
    click.echo(
        f"error: {names} {verb} out of date: {their} generated sections differ from {SOURCES}\n"
        f"  hint: run `{FIX_COMMAND}` and commit {names}",
        err=True,
    )
    return EXIT_FAILURE
