"""`roadmap weekly`: the week's summary as one comment on the dashboard, edited on re-runs."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import click

from llm_roadmap.bots import progress, summary
from llm_roadmap.bots.deliverable_status import expected_files, statuses
from llm_roadmap.bots.learning_log import parse_logs
from llm_roadmap.bots.limits import MAX_LIST, fit
from llm_roadmap.bots.markers import lookalike_comments
from llm_roadmap.bots.session import BotRun, Skip
from llm_roadmap.bots.streak import compute_streak, history_since
from llm_roadmap.bots.stuck import open_reports
from llm_roadmap.deliverables import manifest
from llm_roadmap.errors import EXIT_OK, UsageError

# `author_association` values of people with a say in the repository (REST "issue" schema).
COLLABORATORS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.settings import Settings
    from llm_roadmap.snapshot import Issue, Issues


def run(
    settings: Settings,
    *,
    repo: str | None,
    now: str | None,
    dry_run: bool,
    week: str | None,
    history_days: int,
) -> int:
    bot = BotRun.start("weekly", settings, repo=repo, now=now, dry_run=dry_run)
    iso_week = _week(week) if week else summary.report_week(bot.today)
    try:
        bot.open()
        if iso_week.dates.end < bot.workspace.config.start_date:
            raise Skip("before-start", start=bot.workspace.config.start_date, week=iso_week.key)
    except Skip as skip:
        click.echo(bot.summary(reason=skip.reason, **skip.details), err=True, nl=False)
        return skip.exit_code
    body = _body(bot, iso_week, history_days)
    comments = bot.github.read_comments(bot.dashboard.number)
    bot.ignored_comments += lookalike_comments(comments, summary.comment_key(iso_week), bot.authors)
    changes = summary.plan_weekly(bot.dashboard.number, comments, bot.authors, iso_week, body)
    if dry_run:
        click.echo(bot.changes_text(changes), nl=False)
        click.echo(body)
    for url in bot.finish(changes, week=iso_week.key):
        click.echo(url)
    return EXIT_OK


def _week(text: str) -> summary.IsoWeek:
    try:
        return summary.IsoWeek.parse(text)
    except ValueError:
        raise UsageError(f"invalid --week {text!r}\n  hint: write an ISO week such as 2027-W03") from None


def _body(bot: BotRun, week: summary.IsoWeek, history_days: int) -> str:
    workspace, config = bot.workspace, bot.workspace.config
    assert bot.repo is not None
    commits = bot.github.read_commits(history_since(config.start_date, config.zone, bot.now, history_days))
    streak = compute_streak(commits, config.zone, bot.now, start=config.start_date, learner=bot.repo.learner)
    tasks = progress.tasks_of(bot.desired, bot.issues, config.zone)
    present = present_paths(bot.settings.root, workspace.roadmap, manifest.load(bot.settings.root))
    view = summary.weekly_view(
        roadmap=workspace.roadmap,
        config=config,
        tasks=tasks,
        phases=progress.phase_progress(workspace.roadmap, bot.desired, tasks, bot.today),
        streak=streak,
        logs=parse_logs(_learners(bot.issues.all, bot.repo.learner), config.zone),
        deliverables=statuses(workspace.roadmap, tasks, present, _theirs(bot)),
        week=week,
        today=bot.today,
        dashboard_url=bot.dashboard.url,
        stuck=open_reports(bot.issues.all, bot.repo.learner),
    )
    body = bot.render(
        "weekly.md.j2",
        view=view,
        marker=summary.marker(week),
        guide=workspace.roadmap.guide,
        max_list=MAX_LIST,
    )
    return fit(body, bot.render("truncated.md.j2").strip())


def _theirs(bot: BotRun) -> Issues:
    """The issues whose submissions count: the learner's own (see `_learners`)."""
    assert bot.repo is not None
    return replace(bot.issues, all=tuple(_learners(bot.issues.all, bot.repo.learner)))


def _learners(issues: Iterable[Issue], learner: str | None) -> list[Issue]:
    """Whose logs count: the learner's own in a personal repository (a stranger's log in a
    public repository spends nothing); in an organisation's, the issues of those GitHub
    reports as its owners, members or collaborators (issue #10), never anyone else's."""
    if learner is None:
        return [i for i in issues if i.association in COLLABORATORS]
    return [i for i in issues if (i.author or "").casefold() == learner.casefold()]


def present_paths(root: Path, roadmap: Roadmap, shipped: manifest.Manifest) -> frozenset[str]:
    """The deliverables' expected paths that hold the learner's work in the working tree.

    A named file counts when it exists and is not the file its kit shipped (a starter
    script as shipped is not work); a deliverable without named files counts once its
    folder holds a file that its kit did not ship, or one changed since (issue #9: every
    kit ships check.yaml and requirements.txt, so "anything besides a README" was always
    true). `shipped` is `projects/kits.lock.json`: the weekly job sees one commit, no history.
    """
    found = set()
    for _, deliverable in roadmap.deliverables():
        for path in expected_files(deliverable.folder, deliverable.files):
            if path == deliverable.folder:
                if manifest.changed_files(root, path, shipped):
                    found.add(path)
            elif manifest.is_learner_file(root, path, shipped):
                found.add(path)
    return frozenset(found)
