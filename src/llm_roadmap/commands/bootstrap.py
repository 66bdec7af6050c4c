"""`roadmap bootstrap`: show the desired inventory (--dry-run) or apply the plan to GitHub."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from llm_roadmap.commands.plan import load
from llm_roadmap.errors import EXIT_OK
from llm_roadmap.plan.document import plan_document

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
    loaded = load(settings, repo)
    workspace, desired = loaded.workspace, loaded.desired
    if dry_run:
        if as_json:
            document = plan_document(desired, workspace.config, loaded.repo)
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            click.echo(
                workspace.renderer.render(
                    "plan.txt.j2",
                    desired=desired,
                    roadmap=workspace.roadmap,
                    config=workspace.config,
                    repo=loaded.repo,
                    no_project=no_project,
                ),
                nl=False,
            )
        return EXIT_OK
    from llm_roadmap.commands import apply

    return apply.run(
        settings,
        loaded,
        yes=yes,
        no_project=no_project,
        close_removed=close_removed,
        max_close=max_close,
    )
