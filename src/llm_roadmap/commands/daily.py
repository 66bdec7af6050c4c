"""`roadmap daily`: the streak on the dashboard, and the reminder issue when the learner stalls."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from llm_roadmap.bots import daily, progress
from llm_roadmap.bots.session import BotRun, Skip
from llm_roadmap.bots.streak import compute_streak, history_since
from llm_roadmap.errors import EXIT_OK

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings


def run(settings: Settings, *, repo: str | None, now: str | None, dry_run: bool, history_days: int) -> int:
    bot = BotRun.start("daily", settings, repo=repo, now=now, dry_run=dry_run)
    try:
        bot.open()
    except Skip as skip:
        click.echo(bot.summary(reason=skip.reason, **skip.details), err=True, nl=False)
        return skip.exit_code
    config = bot.workspace.config
    since = history_since(config.start_date, config.zone, bot.now, history_days)
    commits = bot.github.read_commits(since)
    assert bot.repo is not None
    streak = compute_streak(commits, config.zone, bot.now, start=config.start_date, learner=bot.repo.learner)
    tasks = progress.tasks_of(bot.desired, bot.issues, config.zone)
    phases = progress.phase_progress(bot.workspace.roadmap, bot.desired, tasks, streak.today)
    reminder = daily.find_reminder(bot.issues.all, bot.authors)
    policy = daily.ReminderPolicy(config.reminder_after_days, config.zone)
    step = daily.reminder_step(streak, reminder, policy)
    stalled = daily.is_stalled(streak, policy.after_days)
    guide = bot.workspace.roadmap.guide
    view = daily.status_view(streak, phases, reminder_open=step in daily.OPEN_STEPS)
    section = bot.render("dashboard-status.md.j2", view=view, guide=guide)
    title = bot.render("reminder-title.txt.j2", streak=streak).strip()
    body = bot.render(
        "reminder.md.j2", streak=streak, stalled=stalled, policy=policy, guide=guide, dashboard=bot.dashboard
    )
    changes = daily.plan_dashboard(bot.dashboard, section) + daily.plan_reminder(step, reminder, title, body)
    if dry_run:
        click.echo(bot.changes_text(changes), nl=False)
    results = bot.finish(
        changes, streak=streak, commits=len(commits), reminder=step, quiet_days=policy.quiet_days
    )
    for url in results:
        click.echo(url)
    return EXIT_OK
