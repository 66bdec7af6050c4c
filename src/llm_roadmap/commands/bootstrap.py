"""`scripts/bootstrap`: show the plan (--dry-run) or apply it to GitHub."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from llm_roadmap.errors import EXIT_OK, InvalidInput
from llm_roadmap.ownership import forms_applying_label
from llm_roadmap.plan.document import plan_document
from llm_roadmap.repository import resolve_repo
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings


def run(
    settings: Settings,
    *,
    dry_run: bool,
    as_json: bool,
    repo: str | None,
    yes: bool,
    no_project: bool,
    close_removed: bool,
    max_close: int,
) -> int:
    workspace = Workspace.load(settings)
    if problems := forms_applying_label(settings.root):  # the label would prove nothing
        raise InvalidInput(problems)
    repo = resolve_repo(repo, workspace.config.repo, settings.root)
    desired = workspace.desired(settings.repo_url(repo))
    if dry_run:
        if as_json:
            document = plan_document(desired, workspace.config, repo)
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            click.echo(
                workspace.renderer.render(
                    "plan.txt.j2",
                    desired=desired,
                    roadmap=workspace.roadmap,
                    config=workspace.config,
                    repo=repo,
                    no_project=no_project,
                ),
                nl=False,
            )
        return EXIT_OK
    from llm_roadmap.commands import apply

    return apply.run(
        settings,
        workspace,
        desired,
        repo,
        yes=yes,
        no_project=no_project,
        close_removed=close_removed,
        max_close=max_close,
    )
