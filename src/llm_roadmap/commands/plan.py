"""`roadmap plan`: the real diff against GitHub, read-only (preflight, read, diff).

Prints what `roadmap bootstrap` would write, as text, JSON (`--json`) or Markdown
(`--markdown`, for a pull-request comment or a job summary), and sends nothing. Exits 0
when nothing would change and `EXIT_CHANGES_PENDING` when something would (like
`terraform plan -detailed-exitcode`). bootstrap is this plan, the safety brake, a
confirmation and `Applier.apply`: both share `load` and `read_plan`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from llm_roadmap.adapter.auth import token_from
from llm_roadmap.adapter.gateway import open_target, read_existing
from llm_roadmap.changes import CloseIssue
from llm_roadmap.errors import EXIT_CHANGES_PENDING, EXIT_OK, InvalidInput, UnsafePlan, UsageError
from llm_roadmap.ownership import forms_applying_label
from llm_roadmap.plan.diff import Options, diff
from llm_roadmap.plan.document import diff_document
from llm_roadmap.plan.outline import outline, summarise
from llm_roadmap.repository import resolve_repo
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from llm_roadmap.adapter.gateway import Target
    from llm_roadmap.changes import Plan
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.settings import Settings
    from llm_roadmap.snapshot import Existing


@dataclass(frozen=True)
class Loaded:
    """The roadmap, ready to compare: the workspace, the repository and what it should hold."""

    workspace: Workspace
    repo: str | None
    desired: Desired


@dataclass(frozen=True)
class Reading:
    """What the read found and the plan made of it."""

    target: Target
    existing: Existing
    plan: Plan


def load(settings: Settings, repo: str | None) -> Loaded:
    """Load and validate the roadmap; resolve the repository (offline)."""
    workspace = Workspace.load(settings)
    if problems := forms_applying_label(settings.root):  # the label would prove nothing
        raise InvalidInput(problems)
    repo = resolve_repo(repo, workspace.config.repo, settings.root)
    return Loaded(workspace, repo, workspace.desired(settings.repo_url(repo)))


def read_plan(settings: Settings, loaded: Loaded, *, no_project: bool, close_removed: bool) -> Reading:
    """Preflight the token and repository, read what exists, and diff: nothing is written."""
    repo = loaded.repo
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
    target = open_target(settings, token, repo)
    existing = read_existing(target, loaded.desired, project=not no_project)
    plan = diff(
        loaded.desired,
        existing,
        Options(
            close_removed=close_removed,
            project=not no_project and target.project_problem is None,
            moved_heading=loaded.workspace.renderer.render("moved-text.md.j2"),
        ),
    )
    return Reading(target, existing, plan)


def warn(reading: Reading, *, no_project: bool) -> None:
    """Say on stderr what the board cannot get (a token without Projects access), and, when
    there is something to write, what the preflight could not check (a fine-grained token)."""
    target = reading.target
    if target.project_problem and not no_project:
        click.echo(f"warning: {target.project_problem}", err=True)
    if target.token_note and reading.plan:
        click.echo(f"note: {target.token_note}", err=True)


def brake(plan: Plan, max_close: int) -> None:
    """Refuse to close more issues at once than `max_close`: a broken edit of the roadmap or
    of `skip:` must not close the learner's year. Nothing has been written yet."""
    closing = [c for c in plan.changes if isinstance(c, CloseIssue)]
    if len(closing) > max_close:
        raise UnsafePlan(
            f"--close-removed would close {len(closing)} issues, more than --max-close {max_close}\n"
            "  hint: check roadmap/ and skip: in roadmap/config.yaml; if you mean it, run again with"
            f" --max-close {len(closing)}"
        )


def render_plan(workspace: Workspace, plan: Plan, repo: str, *, markdown: bool = False) -> str:
    """The plan as text (or Markdown): a summary by kind, then one line per object."""
    template = "apply-plan.md.j2" if markdown else "apply-plan.txt.j2"
    return workspace.renderer.render(
        template, plan=plan, repo=repo, summary=summarise(plan), entries=outline(plan)
    )


def run(
    settings: Settings,
    *,
    repo: str | None,
    as_json: bool,
    markdown: bool,
    no_project: bool,
    close_removed: bool,
    max_close: int,
) -> int:
    if as_json and markdown:
        raise UsageError("--json and --markdown cannot be used together\n  hint: pick one")
    loaded = load(settings, repo)
    reading = read_plan(settings, loaded, no_project=no_project, close_removed=close_removed)
    plan = reading.plan
    warn(reading, no_project=no_project)
    assert loaded.repo is not None  # read_plan refuses a missing repository
    if as_json:
        click.echo(json.dumps(diff_document(plan, loaded.repo), ensure_ascii=False, indent=2))
    else:
        click.echo(render_plan(loaded.workspace, plan, loaded.repo, markdown=markdown), nl=False)
    brake(plan, max_close)
    return EXIT_CHANGES_PENDING if plan else EXIT_OK
