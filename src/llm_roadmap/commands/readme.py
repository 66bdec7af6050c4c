"""`roadmap readme`: regenerate the roadmap sections of README.md (`--check`: only compare)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from llm_roadmap import docs
from llm_roadmap.errors import EXIT_FAILURE, EXIT_OK, InvalidInput, Problem
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings

README = Path("README.md")
FIX_COMMAND = "uv run roadmap readme"


def run(settings: Settings, check: bool) -> int:
    workspace = Workspace.load(settings)
    path = settings.root / README
    current = _read(path)
    sections = docs.render_sections(
        workspace.roadmap, workspace.config, workspace.schedule, settings.root / "templates"
    )
    updated = docs.rewrite(current, sections, README)
    if check:
        return _report_check(current == updated)
    if updated == current:
        click.echo(f"{README} is up to date")
        return EXIT_OK
    path.write_text(updated, encoding="utf-8")
    click.echo(f"{README}: roadmap sections regenerated")
    return EXIT_OK


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problem = Problem(README, 1, 1, "file not found", "restore README.md from the template repository")
        raise InvalidInput([problem]) from None


def _report_check(fresh: bool) -> int:
    if fresh:
        click.echo(f"{README} is up to date")
        return EXIT_OK
    click.echo(
        f"error: {README} is out of date: its roadmap sections differ from roadmap/*.yaml,"
        " roadmap/config.yaml and templates/readme/\n"
        f"  hint: run `{FIX_COMMAND}` and commit {README}",
        err=True,
    )
    return EXIT_FAILURE
