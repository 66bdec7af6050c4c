"""`roadmap bootstrap` without --dry-run: `roadmap plan`, the safety brake, confirm, apply, summarise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from llm_roadmap.adapter.apply import Applier
from llm_roadmap.commands.plan import brake, read_plan, render_plan, warn
from llm_roadmap.errors import EXIT_OK, PartlyApplied, UsageError
from llm_roadmap.plan.desired import DASHBOARD_KEY
from llm_roadmap.plan.outline import summarise

if TYPE_CHECKING:
    from llm_roadmap.adapter.apply import Applied
    from llm_roadmap.changes import Plan
    from llm_roadmap.commands.plan import Loaded
    from llm_roadmap.settings import Settings


def run(
    settings: Settings,
    loaded: Loaded,
    *,
    yes: bool,
    no_project: bool,
    close_removed: bool,
    max_close: int,
) -> int:
    reading = read_plan(settings, loaded, no_project=no_project, close_removed=close_removed)
    plan, target, repo = reading.plan, reading.target, loaded.repo
    assert repo is not None  # read_plan refuses a missing repository
    brake(plan, max_close)
    warn(reading, no_project=no_project)
    click.echo(render_plan(loaded.workspace, plan, repo), nl=False)
    render = loaded.workspace.renderer.render
    if plan and not yes:
        _confirm(render("apply-confirm.txt.j2", summary=summarise(plan)).strip())
    applier = Applier.for_target(target, reading.existing, settings.pacing)
    result = _apply_with_progress(applier, plan)
    click.echo(
        render(
            "apply-summary.txt.j2",
            plan=plan,
            result=result,
            repo=repo,
            repo_url=settings.repo_url(repo),
            dashboard=result.issue_urls.get(DASHBOARD_KEY),
        ),
        nl=False,
    )
    if result.refused:
        raise PartlyApplied(render("apply-refused.txt.j2", refused=result.refused).rstrip("\n"))
    return EXIT_OK


def _confirm(question: str) -> None:
    """Ask `question` (the plan's totals, as its summary words them) on a terminal."""
    if not sys.stdin.isatty():
        raise UsageError(
            "refusing to write without confirmation\n  hint: pass --yes to apply non-interactively"
        )
    if not click.confirm(question, default=False):
        raise click.Abort


def _apply_with_progress(applier: Applier, plan: Plan) -> Applied:
    if not plan:
        return applier.result
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("writing to GitHub", total=len(plan.changes))
        applier.progress = lambda change: progress.update(
            task, advance=1, description=f"{change.symbol} {change.kind} {change.caption[:40]}"
        )
        return applier.apply(plan.changes)
