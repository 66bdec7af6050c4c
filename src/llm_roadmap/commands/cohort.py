"""`roadmap cohort`: many learners side by side, for a mentor (docs/cohort.md).

Reads each learner's repository with the mentor's token in batched GraphQL, then shows one
Markdown table (stdout, and with `--publish` one issue of the mentor's repository), and
with `--html` a static page for GitHub Pages. `--shard i/n --save FILE` reads one slice
for a matrix job; `roadmap cohort merge FILE...` combines the slices.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from llm_roadmap.adapter.cohort import read_cohort, read_search
from llm_roadmap.adapter.rest import open_repository
from llm_roadmap.bots.limits import MAX_BODY
from llm_roadmap.cohort import publish, query, report, shards
from llm_roadmap.cohort.progress import HISTORY_DAYS, LearnerRow, learner_row, unreadable
from llm_roadmap.cohort.publish import MARKER, CohortIssueOutcome
from llm_roadmap.cohort.roster import Learner, Shard, load_roster
from llm_roadmap.errors import EXIT_OK, GitHubError, UsageError
from llm_roadmap.model.load import load_all
from llm_roadmap.render import Renderer
from llm_roadmap.snapshot import find_issue

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from llm_roadmap.adapter.rest import GitHubRepo
    from llm_roadmap.settings import Settings

TOKEN_HINT = (
    "  hint: give a token that can read the learners' repositories in GITHUB_TOKEN: "  # noqa: S105
    "a fine-grained token reads public repositories and the private ones of its one owner (e.g. the "
    "cohort's organisation); a learner's own private repository needs a classic token (scope repo) of a "
    "collaborator, or a GitHub App installed on it. A workflow's own GITHUB_TOKEN cannot read other "
    "repositories, so the workflow uses the secret COHORT_TOKEN"
)
PAGES_WARNING = (
    "warning: a GitHub Pages site is public; {hidden} learner(s) with a private repository are left out "
    "of the page. Pass --include-private only if they agreed to be shown."
)


def run(
    settings: Settings,
    *,
    learners_file: Path | None,
    search: str | None,
    shard: str | None,
    save: Path | None,
    publish_issue: bool,
    repo: str | None,
    html: Path | None,
    include_private: bool,
    batch_size: int,
    now: str | None,
) -> int:
    """Read the cohort, then save a shard or show/publish the report."""
    parts = Shard.parse(shard) if shard else None
    if parts is not None and (save is None or publish_issue or html is not None):
        raise UsageError(
            "--shard reads one slice: save it with --save FILE and combine the slices with "
            "`roadmap cohort merge`\n  hint: drop --publish/--html from the matrix job and give --save"
        )
    if (learners_file is None) == (search is None):
        raise UsageError(
            "say whose repositories to read\n  hint: give --learners cohort.yaml or --search QUERY"
        )
    instant = _now(now)
    language, zone = _config(settings)
    github = _client(settings)
    spend = query.Spend()
    learners = _learners(settings, learners_file, search, github, spend)
    if parts is not None:
        learners = parts.take(learners)
    since = instant - dt.timedelta(days=HISTORY_DAYS + 1)
    with _ProgressBar(len(learners)) as advance:
        found = read_cohort(github, learners, since, batch=batch_size, on_batch=advance)
    found.spend.queries += spend.queries
    found.spend.points += spend.points
    rows = [learner_row(f, instant, zone) for f in found.facts] + [
        _unreadable(settings, x) for x in found.unreadable
    ]
    _warn_unreadable(found.unreadable, len(learners))
    _echo_spend(found.spend, len(learners))
    if save is not None:
        write_whole(save, shards.dump(str(parts or Shard(1, 1)), rows, found.spend))
        click.echo(f"saved {len(rows)} learner(s) to {save}", err=True)
        return EXIT_OK
    out = _Output(settings, language, zone, instant, found.spend, include_private)
    return out.show(rows, publish_issue=publish_issue, repo=repo, html=html)


def merge(
    settings: Settings,
    *,
    files: tuple[Path, ...],
    publish_issue: bool,
    repo: str | None,
    html: Path | None,
    include_private: bool,
    now: str | None,
) -> int:
    """Combine shard files into one report."""
    if not files:
        raise UsageError("no shard files given\n  hint: roadmap cohort merge shards/*.json")
    rows, spend = shards.merge([shards.load(path) for path in files])
    language, zone = _config(settings)
    out = _Output(settings, language, zone, _now(now), spend, include_private)
    return out.show(rows, publish_issue=publish_issue, repo=repo, html=html)


class _Output:
    """Rendering and writing the report (stdout, the issue, the page)."""

    def __init__(
        self,
        settings: Settings,
        language: str,
        zone: ZoneInfo,
        now: dt.datetime,
        spend: query.Spend,
        include_private: bool,
    ) -> None:
        self.settings = settings
        self.renderer = Renderer(settings.root / "templates", "en" if language == "en" else "ja")
        self.generated = now.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
        self.spend = spend
        self.include_private = include_private

    def view(
        self, rows: list[LearnerRow], *, include_private: bool, limit: int | None = None
    ) -> report.CohortView:
        return report.view(
            rows, generated=self.generated, spend=self.spend, include_private=include_private, limit=limit
        )

    def markdown(self, rows: list[LearnerRow], *, include_private: bool) -> str:
        """The table, cut to fit an issue body (65,536 characters) when needed."""
        limit: int | None = None
        while True:
            text = self.renderer.render(
                "cohort/table.md.j2",
                view=self.view(rows, include_private=include_private, limit=limit),
                marker=MARKER,
            )
            if len(text) <= MAX_BODY:
                return text
            limit = int((limit or len(rows)) * MAX_BODY / len(text) * 0.95)

    def show(
        self,
        rows: list[LearnerRow],
        *,
        publish_issue: bool,
        repo: str | None,
        html: Path | None,
    ) -> int:
        # Workflow logs of a public repository are public too: stdout follows the page's rule.
        click.echo(self.markdown(rows, include_private=self.include_private), nl=False)
        if publish_issue:
            self._publish(rows, repo)
        if html is not None:
            page = self.view(rows, include_private=self.include_private)
            write_whole(html, self.renderer.render("cohort/page.html.j2", view=page))
            click.echo(f"wrote {html}", err=True)
            if page.hidden_private:
                click.echo(PAGES_WARNING.format(hidden=page.hidden_private), err=True)
        return EXIT_OK

    def _publish(self, rows: list[LearnerRow], repo: str | None) -> None:
        name = repo or self.settings.repository
        if not name:
            raise UsageError("--publish needs the mentor's repository\n  hint: give --repo owner/name")
        github = _client(self.settings, name)
        try:
            target = github.read_repo()
        except GitHubError as exc:
            raise GitHubError(
                f"cannot open {name} to publish the cohort table: {exc}\n{TOKEN_HINT}", exc.status
            ) from exc
        # A public mentor repository shows its issues to everyone: private learners stay out.
        body = self.markdown(rows, include_private=self.include_private or target.private)
        title = self.renderer.render("cohort/title.txt.j2").strip()
        done = publish_issue(github, title, body)
        click.echo(f"{done.action} {done.url}", err=True)


def publish_issue(github: GitHubRepo, title: str, body: str) -> CohortIssueOutcome:
    """Bring our one cohort issue of the mentor's repository to `title` and `body`."""
    me, _ = github.whoami()
    try:
        trusted = publish.authors(me)
        issues = [i for creator in sorted(trusted) for i in github.read_issues(creator=creator)]
        issue = find_issue(issues, MARKER, trusted)
        changes, action = publish.plan(issue, title, body)
        urls = github.apply(changes)
    except GitHubError as exc:
        raise GitHubError(
            f"could not write the cohort issue in {github.repo} ({exc.status})\n"
            "  hint: the token needs Issues: write on the mentor's repository",
            exc.status,
        ) from exc
    return CohortIssueOutcome(action, urls[0] if urls else issue.url if issue else "")


# -- the edges: files, clock, config, token, learners, progress -------------------------
def write_whole(path: Path, text: str) -> None:
    """Write `path` all at once: a reader never sees half a page or half a shard."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _now(text: str | None) -> dt.datetime:
    if text is None:
        return dt.datetime.now(dt.UTC)
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise UsageError(
            f"invalid --now {text!r}\n"
            "  hint: write an instant with its offset, e.g. 2027-03-01T09:00:00+09:00"
        )
    return value


def _config(settings: Settings) -> tuple[str, ZoneInfo]:
    _, config = load_all(settings.root, settings.config_path)
    return config.language, config.zone


def _client(settings: Settings, repo: str = "") -> GitHubRepo:
    if not settings.token:
        raise UsageError("no token to read the learners' repositories\n" + TOKEN_HINT)
    return open_repository(settings, repo)


def _learners(
    settings: Settings,
    path: Path | None,
    search: str | None,
    github: GitHubRepo,
    spend: query.Spend,
) -> list[Learner]:
    if path is not None:
        shown = path.relative_to(settings.root) if path.is_relative_to(settings.root) else path
        return load_roster(path, shown)
    assert search is not None
    found = read_search(github, search, spend)
    if found.total > len(found.learners):
        click.echo(
            f"warning: the search matched {found.total} repositories; GitHub's search lists at most "
            f"{query.SEARCH_MAX}\n  hint: split it (e.g. add created:<2027-01-01 / created:>=2027-01-01) "
            "or list the repositories in a cohort file",
            err=True,
        )
    return found.learners


def _unreadable(settings: Settings, learner: Learner) -> LearnerRow:
    return unreadable(learner.repo, f"{settings.server_url}/{learner.repo}")


def _warn_unreadable(missing: list[Learner], total: int) -> None:
    if not missing:
        return
    names = ", ".join(x.repo for x in missing[:10]) + (
        f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    )
    message = f"cannot read {len(missing)} of {total} learner repositories: {names}\n{TOKEN_HINT}"
    if len(missing) == total:
        raise GitHubError(message)
    click.echo(f"warning: {message}", err=True)


def _echo_spend(spend: query.Spend, learners: int) -> None:
    budget = f"{spend.limit} points an hour" if spend.limit else "unknown"
    click.echo(
        f"read {learners} repositories: GraphQL queries {spend.queries}, points {spend.points} "
        f"(token budget {budget}, {spend.remaining} left, resets at {spend.reset_at})",
        err=True,
    )


class _ProgressBar:
    """A progress bar on stderr while batches are read (silent when stderr is not a terminal)."""

    def __init__(self, total: int) -> None:
        console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("reading repositories"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.bar.add_task("read", total=total)

    def __enter__(self) -> Callable[[int], None]:
        self.bar.start()
        return lambda n: self.bar.advance(self.task, n)

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()
