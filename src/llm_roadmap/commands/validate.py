"""`roadmap validate`: check every roadmap, config and check.yaml file offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from llm_roadmap.errors import EXIT_OK, InvalidInput
from llm_roadmap.ownership import forms_applying_label
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings


def run(settings: Settings) -> int:
    workspace = Workspace.load(settings)
    workspace.desired(repo_url=None)  # renders every template: template errors surface here
    if problems := forms_applying_label(settings.root):
        raise InvalidInput(problems)
    roadmap = workspace.roadmap
    skills = len(roadmap.skill_ids)
    deliverables = sum(1 for _ in roadmap.deliverables())
    checks = sum(len(items) for items in workspace.checks.values())
    click.echo(
        f"ok: {len(roadmap.phases)} phases, {skills} skills, {deliverables} deliverables"
        f" ({checks} automatic checks in {len(workspace.checks)} check.yaml files);"
        f" starts {workspace.config.start_date} ({workspace.config.timezone})"
    )
    return EXIT_OK
