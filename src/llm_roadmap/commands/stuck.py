"""`roadmap stuck`: answer the learner's stuck reports once, with the roadmap's advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from llm_roadmap.bots import progress, stuck
from llm_roadmap.bots.graduation import read_event
from llm_roadmap.bots.markers import lookalike_comments
from llm_roadmap.bots.session import BotRun, Skip
from llm_roadmap.changes import CreateComment, UpdateComment
from llm_roadmap.errors import EXIT_OK

if TYPE_CHECKING:
    from llm_roadmap.changes import Change
    from llm_roadmap.settings import Settings
    from llm_roadmap.snapshot import Issue


def run(settings: Settings, *, repo: str | None, now: str | None, dry_run: bool, issue: int | None) -> int:
    bot = BotRun.start("stuck", settings, repo=repo, now=now, dry_run=dry_run)
    try:
        wanted = issue if issue is not None else _event_issue(bot)
        bot.open()
        reports = _reports(bot, wanted)
    except Skip as skip:
        click.echo(bot.summary(reason=skip.reason, **skip.details), err=True, nl=False)
        return skip.exit_code
    changes = _plan(bot, reports)
    if dry_run:
        click.echo(bot.changes_text(changes), nl=False)
        for change in changes:
            if isinstance(change, CreateComment | UpdateComment):
                click.echo(change.body)
    for url in bot.finish(changes, reports=[r.number for r in reports]):
        click.echo(url)
    return EXIT_OK


def _event_issue(bot: BotRun) -> int | None:
    """The issue of an `issues` event, checked before any request: a stranger's report, or
    an issue without the stuck label, costs nothing (the workflow's `if:` checks it too)."""
    path = bot.settings.event_path
    if bot.settings.event_name != "issues" or path is None or not path.is_file():
        return None
    found = stuck.event_report(read_event(path.read_text(encoding="utf-8")))
    if found is None or not stuck.is_stuck_report(found[0]):
        raise Skip("not-a-stuck-report")
    report, learner = found
    if not stuck.is_learners(report, learner):
        raise Skip("stranger")
    return report.number


def _reports(bot: BotRun, wanted: int | None) -> list[Issue]:
    """The reports to answer, as GitHub has them now: `wanted`, else every open one."""
    assert bot.repo is not None
    learner = bot.repo.learner
    if wanted is None:
        return stuck.open_reports(bot.issues.all, learner)
    found = next((i for i in bot.issues.all if i.number == wanted), None)
    if found is None or not stuck.is_stuck_report(found):
        raise Skip("not-a-stuck-report")
    if not stuck.is_learners(found, learner):
        raise Skip("stranger")
    return [found]


def _plan(bot: BotRun, reports: list[Issue]) -> list[Change]:
    roadmap = bot.workspace.roadmap
    tasks = progress.tasks_of(bot.desired, bot.issues, bot.workspace.config.zone)
    phases = progress.phase_progress(roadmap, bot.desired, tasks, bot.today)
    current = progress.current_phase(phases, bot.today)
    changes: list[Change] = []
    for report in reports:
        view = stuck.stuck_view(
            issue=report,
            phases=roadmap.phases,
            progress=phases,
            current=current,
            tasks=tasks,
            guide=roadmap.guide,
            today=bot.today,
        )
        body = bot.render(
            "stuck-reply.md.j2", view=view, marker=stuck.marker(report.number), guide=roadmap.guide
        )
        comments = bot.github.read_comments(report.number)
        bot.ignored_comments += lookalike_comments(comments, stuck.comment_key(report.number), bot.authors)
        changes += stuck.plan_reply(report.number, comments, bot.authors, body)
    return changes
