"""What every bot command does around its own logic: the shell, not the core.

Open a run (workspace, repository, clock, token, guards), then finish it: apply the
changes or print them (`--dry-run`), and explain the outcome in the job summary
(`$GITHUB_STEP_SUMMARY`) so a learner reading the Actions run knows what happened and
what to do, including when the bot did nothing on purpose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from llm_roadmap.adapter.rest import GitHubRepo, open_repository
from llm_roadmap.bots.limits import MAX_LIST
from llm_roadmap.errors import EXIT_INVALID_INPUT, EXIT_OK, UsageError
from llm_roadmap.ownership import forms_applying_label, trusted_authors
from llm_roadmap.plan.desired import DASHBOARD_KEY
from llm_roadmap.repository import resolve_repo
from llm_roadmap.snapshot import Issues
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from llm_roadmap.changes import Change
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.settings import Settings
    from llm_roadmap.snapshot import Comment, Issue, Repo


class Skip(Exception):
    """The bot has nothing to do here, on purpose; `reason` names why (see job-summary.md.j2)."""

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details

    @property
    def exit_code(self) -> int:
        """A missing token is a setup mistake to fix; the other reasons are normal states."""
        return EXIT_INVALID_INPUT if self.reason == "token-missing" else EXIT_OK


def parse_now(text: str | None) -> dt.datetime:
    """`--now` (ISO 8601 with an offset), or the real clock: the one place a bot reads it."""
    if text is None:
        return dt.datetime.now(dt.UTC)
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"invalid --now {text!r}\n  hint: write it as 2027-01-18T07:00:00+09:00") from None
    if value.tzinfo is None:
        raise UsageError(f"--now {text!r} has no UTC offset\n  hint: add one, e.g. 2027-01-18T07:00:00+09:00")
    return value


@dataclass
class BotRun:
    """One bot run against one repository."""

    bot: str
    settings: Settings
    workspace: Workspace
    now: dt.datetime
    dry_run: bool
    repo_name: str | None = None
    io: GitHubRepo | None = None
    repo: Repo | None = None
    me: str | None = None
    issues: Issues = field(default_factory=Issues)
    ignored_comments: list[Comment] = field(default_factory=list)  # marked, not ours
    label_evidence: bool = True  # false while an issue form applies the `roadmap` label
    _desired: Desired | None = None

    @property
    def github(self) -> GitHubRepo:
        assert self.io is not None, "open() first"
        return self.io

    @property
    def authors(self) -> frozenset[str]:
        """Who may have written the bots' comments and issues: this run's identity, the
        Actions bot, and the learner (a bot run by hand with their own token)."""
        learner = self.repo.learner if self.repo else None
        return trusted_authors(self.me, learner, label=self.label_evidence)

    @property
    def desired(self) -> Desired:
        if self._desired is None:
            self._desired = self.workspace.desired(self.settings.repo_url(self.repo_name))
        return self._desired

    @property
    def zone(self) -> Any:
        return self.workspace.config.zone

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.zone).date()

    @classmethod
    def start(
        cls, bot: str, settings: Settings, *, repo: str | None, now: str | None, dry_run: bool
    ) -> BotRun:
        workspace = Workspace.load(settings)
        run = cls(bot, settings, workspace, parse_now(now), dry_run)
        run.repo_name = resolve_repo(repo or settings.repository, workspace.config.repo, settings.root)
        return run

    def open(self) -> None:
        """Connect, then check the guards every bot shares (raises `Skip` or `UsageError`)."""
        if self.repo_name is None:
            raise UsageError(
                "no repository to work on\n"
                "  hint: pass --repo owner/name, or set repo: in roadmap/config.yaml"
            )
        if not self.settings.token and not self.dry_run:
            raise Skip("token-missing")
        self.io = open_repository(self.settings, self.repo_name)
        self.repo = self.io.read_repo()
        if self.repo.is_template:
            raise Skip("template", repo=self.repo.full_name)
        if self.settings.token:
            self.me, _ = self.io.whoami()
        self.label_evidence = not forms_applying_label(self.settings.root)
        self.issues = Issues.of(self.io.read_issues(), authors=self.authors)
        if DASHBOARD_KEY not in self.issues.by_key:
            raise Skip("bootstrap-not-run", repo=self.repo.full_name)

    @property
    def dashboard(self) -> Issue:
        return self.issues.by_key[DASHBOARD_KEY]

    def render(self, template: str, **context: Any) -> str:
        return self.workspace.renderer.render(f"bots/{template}", **context)

    def finish(self, changes: Sequence[Change], **details: Any) -> list[str]:
        """Apply (or, with --dry-run, only list) `changes`; write the job summary."""
        results = [] if self.dry_run else self.github.apply(changes)
        self.summary(changes=changes, results=results, reason=None, **details)
        return results

    def summary(
        self,
        *,
        changes: Sequence[Change] = (),
        results: Sequence[str] = (),
        reason: str | None = None,
        **details: Any,
    ) -> str:
        """The run explained in Markdown; appended to $GITHUB_STEP_SUMMARY when set."""
        text = self.render(
            "job-summary.md.j2",
            bot=self.bot,
            repo=self.repo_name,
            reason=reason,
            dry_run=self.dry_run,
            changes=changes,
            results=results,
            counter=self.io.counter if self.io else None,
            today=self.today,
            zone=self.workspace.config.timezone,
            details=details,
            ignored=self.issues.ignored,
            ignored_comments=self.ignored_comments,
            max_list=MAX_LIST,  # a stranger may open any number of look-alikes
        )
        path = self.settings.step_summary
        if path is not None:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(text)
        return text

    def changes_text(self, changes: Sequence[Change]) -> str:
        return self.render("changes.txt.j2", bot=self.bot, repo=self.repo_name, changes=changes)
