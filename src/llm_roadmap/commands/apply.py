"""`scripts/bootstrap` without --dry-run: preflight, read, diff, confirm, apply, summarise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from llm_roadmap.adapter.apply import Applier
from llm_roadmap.adapter.auth import token_from
from llm_roadmap.adapter.client import connect
from llm_roadmap.adapter.gateway import FINE_GRAINED_PREFIX, preflight, read_existing
from llm_roadmap.errors import EXIT_OK, PartlyApplied, UnsafePlan, UsageError
from llm_roadmap.plan.desired import DASHBOARD_KEY
from llm_roadmap.plan.diff import Options, diff

if TYPE_CHECKING:
    from llm_roadmap.adapter.apply import Applied
    from llm_roadmap.plan.changes import Plan
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.settings import Settings
    from llm_roadmap.workspace import Workspace


def run(
    settings: Settings,
    workspace: Workspace,
    desired: Desired,
    repo: str | None,
    *,
    yes: bool,
    no_project: bool,
    close_removed: bool,
    max_close: int,
) -> int:
    if repo is None:
        raise UsageError(
            "no repository to bootstrap\n  hint: pass --repo owner/name, set repo: in roadmap/config.yaml,"
            " or run inside your clone (its origin remote is used)"
        )
    token = settings.token or token_from(settings.env)
    if not token:
        raise UsageError(
            "no GitHub token\n  hint: set GITHUB_TOKEN (or GH_TOKEN), or log in with `gh auth login`;"
            " a classic token needs the scopes repo and project"
        )
    client = connect(settings.api_url, token, settings.pacing)
    target = preflight(
        client,
        settings.graphql_url,
        repo,
        max_wait=settings.pacing.max_rate_limit_wait,
        fine_grained=token.startswith(FINE_GRAINED_PREFIX),
    )
    existing = read_existing(target, desired, project=not no_project)
    render = workspace.renderer.render
    plan = diff(
        desired,
        existing,
        Options(
            close_removed=close_removed,
            project=not no_project and target.project_problem is None,
            moved_heading=render("moved-text.md.j2"),
        ),
    )
    _brake(plan, max_close)
    if target.project_problem and not no_project:
        click.echo(f"warning: {target.project_problem}", err=True)
    if target.token_note and plan:
        click.echo(f"note: {target.token_note}", err=True)
    click.echo(render("apply-plan.txt.j2", plan=plan, repo=repo), nl=False)
    if plan and not yes:
        _confirm(len(plan.changes))
    result = _apply_with_progress(Applier(target, existing, pacing=settings.pacing), plan)
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


def _brake(plan: Plan, max_close: int) -> None:
    """Refuse to close more issues at once than `max_close`: a broken edit of the roadmap or
    of `skip:` must not close the learner's year. Nothing has been written yet."""
    closing = [c for c in plan.changes if c.action == "close"]
    if len(closing) > max_close:
        raise UnsafePlan(
            f"--close-removed would close {len(closing)} issues, more than --max-close {max_close}\n"
            "  hint: check roadmap/ and skip: in roadmap/config.yaml; if you mean it, run again with"
            f" --max-close {len(closing)}"
        )


def _confirm(count: int) -> None:
    if not sys.stdin.isatty():
        raise UsageError(
            "refusing to write without confirmation\n  hint: pass --yes to apply non-interactively"
        )
    if not click.confirm(f"Apply these {count} changes?", default=False):
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
            task, advance=1, description=f"{change.symbol} {change.kind} {change.title[:40]}"
        )
        return applier.apply(plan)
