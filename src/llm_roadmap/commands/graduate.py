"""`roadmap graduate`: close a finished phase's milestones and celebrate it on its epic."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from llm_roadmap.bots import graduation, progress
from llm_roadmap.bots.markers import lookalike_comments
from llm_roadmap.bots.session import BotRun, Skip
from llm_roadmap.errors import EXIT_OK, UsageError
from llm_roadmap.ownership import bot_marker

if TYPE_CHECKING:
    from llm_roadmap.changes import Change
    from llm_roadmap.settings import Settings


def run(settings: Settings, *, repo: str | None, now: str | None, dry_run: bool, phase: str | None) -> int:
    bot = BotRun.start("graduate", settings, repo=repo, now=now, dry_run=dry_run)
    try:
        phases_wanted = _phases(bot, phase)
        bot.open()
    except Skip as skip:
        click.echo(bot.summary(reason=skip.reason, **skip.details), err=True, nl=False)
        return skip.exit_code
    changes = _plan(bot, phases_wanted)
    if dry_run:
        click.echo(bot.changes_text(changes), nl=False)
    for url in bot.finish(changes, phases=phases_wanted):
        click.echo(url)
    return EXIT_OK


def _phases(bot: BotRun, option: str | None) -> list[str]:
    """--phase, else the phase of the issue in the `issues` event, else every phase."""
    ids = [p.id for p in bot.workspace.roadmap.phases]
    if option is not None:
        if option not in ids:
            raise UsageError(f"unknown phase {option!r}\n  hint: use one of {', '.join(ids)}")
        return [option]
    path = bot.settings.event_path
    if bot.settings.event_name == "issues" and path is not None and path.is_file():
        found = graduation.event_phase(graduation.read_event(path.read_text(encoding="utf-8")))
        if found is None or found not in ids:
            raise Skip("not-a-task")
        return [found]
    return ids


def _plan(bot: BotRun, wanted: list[str]) -> list[Change]:
    roadmap, zone = bot.workspace.roadmap, bot.workspace.config.zone
    tasks = progress.tasks_of(bot.desired, bot.issues, zone)
    phases = progress.phase_progress(roadmap, bot.desired, tasks, bot.today)
    epics = {key: issue for key, issue in bot.issues.by_key.items() if key.endswith(".epic")}
    milestones = bot.github.read_milestones()
    changes: list[Change] = []
    for phase in (p for p in phases if p.phase in wanted):
        epic = epics.get(f"{phase.phase}.epic")
        comments = bot.github.read_comments(epic.number) if epic is not None else []
        bot.ignored_comments += lookalike_comments(comments, graduation.comment_key(phase.phase), bot.authors)
        body = None
        if phase.complete:
            view = graduation.graduation_view(phase, phases, tasks, epics)
            body = bot.render(
                "graduation.md.j2",
                view=view,
                phase=roadmap.phase(phase.phase),
                marker=bot_marker(graduation.comment_key(phase.phase)),
                roadmap=roadmap,
            )
        titles = graduation.phase_milestones(roadmap, bot.desired, phase.phase)
        changes += graduation.plan_phase(phase, titles, milestones, epic, comments, bot.authors, body)
    return changes
