"""The `roadmap` command line: parses options and dispatches, nothing more.

Each command lives in `llm_roadmap.commands.<name>` as a `run(...) -> int` function and
is imported only when called, so `roadmap --help` stays fast.
"""

from __future__ import annotations

import importlib
import math
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from llm_roadmap import __version__
from llm_roadmap.errors import EXIT_CODES, EXIT_INTERRUPTED, RoadmapError
from llm_roadmap.pacing import Pacing
from llm_roadmap.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable


def _exit_codes_help() -> str:
    """The exit codes for `--help`, from the one table README.md and docs/cli.md show too."""
    lines = ["\b", "Exit codes:"]
    for row in EXIT_CODES:
        start = f"  {row.code:>3}  "
        lines += textwrap.wrap(
            row.en.replace("`", ""), 79, initial_indent=start, subsequent_indent=" " * len(start)
        )
    return "\n".join(lines) + "\n"


EXIT_CODES_HELP = _exit_codes_help()


def _dispatch(command: str, settings: Settings, entry: str = "run", **kwargs: Any) -> None:
    """Import `commands.<command>`, run its `entry`, and turn our errors into one clear message."""
    module = importlib.import_module(f"llm_roadmap.commands.{command}")
    try:
        code = getattr(module, entry)(settings, **kwargs)
    except RoadmapError as exc:
        click.echo(f"error: {exc.render()}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted; run the same command again to finish the job", err=True)
        code = EXIT_INTERRUPTED
    except Exception as exc:  # the edge of the program: log the traceback, show one line
        code = _unexpected(settings, exc)
    sys.exit(code)


def _unexpected(settings: Settings, exc: Exception) -> int:
    import traceback

    log = settings.root / ".roadmap" / "error.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    click.echo(
        f"error: unexpected {type(exc).__name__}: {exc}\n"
        f"  the traceback is in {log}; please report it with that file",
        err=True,
    )
    return 1


pass_settings = click.make_pass_decorator(Settings)
ROOT_MARKER = Path("roadmap/config.yaml")


def find_root(start: Path) -> Path:
    """The nearest of `start` and its parents holding roadmap/config.yaml, else `.`.

    So `roadmap check .` works from inside a deliverable's folder; outside a copy of the
    template, `.` keeps the plain "roadmap/...: file not found" message.
    """
    for folder in (start, *start.parents):
        if (folder / ROOT_MARKER).is_file():
            return Path() if folder == start else folder
    return Path()


def _not_nan(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """FloatRange lets "nan" through (it compares false with both bounds)."""
    if value is not None and math.isnan(value):
        raise click.BadParameter("nan is not a number of seconds from 0 to 3600", ctx, param)
    return value


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roadmap")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Repository root holding roadmap/ and templates/ "
    "(default: the nearest folder from here upward that has roadmap/config.yaml, else .).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Learner config (default: roadmap/config.yaml under the root).",
)
@click.pass_context
def main(ctx: click.Context, root: Path | None, config_path: Path | None) -> None:
    """Your 12-month LLM roadmap on GitHub: plan, bootstrap, bots and checks."""
    try:
        ctx.obj = Settings.from_environment(root=root or find_root(Path.cwd()), config_path=config_path)
    except RoadmapError as exc:  # a bad environment variable: the same clean edge as a command
        click.echo(f"error: {exc.render()}", err=True)
        ctx.exit(exc.exit_code)


def _options(*options: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """One decorator for several click options, listed in the order `--help` shows them."""

    def decorate(function: Any) -> Any:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


# The options that decide the diff, shared by `bootstrap` and `plan` so both mean the same.
_diff_options = _options(
    click.option("--repo", default=None, help="owner/name (default: config repo, then the origin remote)."),
    click.option(
        "--no-project", is_flag=True, help="Leave the Projects board alone (not created or updated)."
    ),
    click.option(
        "--close-removed",
        is_flag=True,
        help="Close (as not planned) issues whose items were removed from the roadmap.",
    ),
    click.option(
        "--max-close",
        type=click.IntRange(0),
        default=5,
        show_default=True,
        help="Safety brake: with --close-removed, refuse (exit 4) to close more issues than this.",
    ),
)


@main.command()
@pass_settings
def validate(settings: Settings) -> None:
    """Check the roadmap and config files offline; report every problem with path:line:col."""
    _dispatch("validate", settings)


@main.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the desired inventory, not a diff (no token needed; `roadmap plan` shows the diff).",
)
@click.option("--json", "as_json", is_flag=True, help="With --dry-run: the plan as one JSON document.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@_diff_options
@click.option(
    "--write-interval",
    type=click.FloatRange(0, 3600),
    default=None,
    callback=_not_nan,
    metavar="SECONDS",
    help=(
        "Seconds between writes (default: $ROADMAP_WRITE_INTERVAL, else"
        f" {Pacing().seconds_between_writes:g}). GitHub asks for serial writes at least 1 second"
        " apart and at most 80 a minute; values under 1 are for tests and GitHub Enterprise"
        " Server only."
    ),
)
@pass_settings
def bootstrap(settings: Settings, /, write_interval: float | None, **options: Any) -> None:
    """Create or update your year on GitHub: labels, milestones, issues, board."""
    if write_interval is not None:
        settings = settings.with_write_interval(write_interval)
    _dispatch("bootstrap", settings, **options)


@main.command(epilog=EXIT_CODES_HELP)
@click.option("--json", "as_json", is_flag=True, help="The changes as one JSON document.")
@click.option("--markdown", is_flag=True, help="The plan in Markdown (for a pull request or job summary).")
@_diff_options
@pass_settings
def plan(settings: Settings, /, **options: Any) -> None:
    """Show what bootstrap would change on GitHub; send nothing (exit 6 when changes are pending)."""
    _dispatch("plan", settings, **options)


@main.command()
@click.option("--check", is_flag=True, help="Fail if README.md or docs/*.md is not up to date.")
@pass_settings
def readme(settings: Settings, check: bool) -> None:
    """Regenerate the generated sections of README.md and docs/*.md from the YAML and the code."""
    _dispatch("readme", settings, check=check)


@main.command()
@click.option("--check", is_flag=True, help="Fail if projects/kits.lock.json is not up to date.")
@pass_settings
def kits(settings: Settings, check: bool) -> None:
    """Regenerate projects/kits.lock.json, the files each kit ships (template maintainers)."""
    _dispatch("kits", settings, check=check)


@main.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--template", default=None, metavar="OWNER/NAME", help="The template (default: config, then GitHub)."
)
@click.option(
    "--from", "source_url", default=None, metavar="URL", help="Git URL of the template (default: on GitHub)."
)
@click.option("--ref", default=None, help="Template branch or tag (default: its default branch).")
@click.option(
    "--base", default=None, metavar="SHA", help="Template commit this copy was made from (when unknown)."
)
@click.option("--push", is_flag=True, help="Commit on --branch, push it and open or edit the pull request.")
@click.option("--remote", default="origin", show_default=True, help="Where to push the branch.")
@click.option("--branch", default="roadmap/upgrade", show_default=True, help="The upgrade branch.")
@click.option(
    "--skip-workflows", is_flag=True, help="Leave .github/workflows/ out (the Actions token may not push it)."
)
@click.option(
    "--repo", default=None, help="owner/name (default: $GITHUB_REPOSITORY, the config's repo, then origin)."
)
@pass_settings
def upgrade(settings: Settings, /, **options: Any) -> None:
    """Bring the template's newer files into your copy, as one pull request (docs/upgrade.md)."""
    _dispatch("upgrade", settings, **options)


# -- the bots (docs/bots.md): run by the workflows in .github/workflows, or by hand --------
_BOT_REPO = click.option(
    "--repo", default=None, help="owner/name (default: $GITHUB_REPOSITORY, the config's repo, then origin)."
)
_BOT_NOW = click.option(
    "--now", default=None, metavar="ISO", help="Pretend it is this instant, e.g. 2027-01-18T07:00:00+09:00."
)
_BOT_DRY_RUN = click.option("--dry-run", is_flag=True, help="Print what would be written; send nothing.")
_BOT_HISTORY = click.option(
    "--history-days",
    type=click.IntRange(1, 3660),
    default=400,
    show_default=True,
    help="Read commits from at most this many days back (never before the start date).",
)


@main.command(epilog=EXIT_CODES_HELP)
@_BOT_REPO
@_BOT_NOW
@_BOT_DRY_RUN
@_BOT_HISTORY
@pass_settings
def daily(settings: Settings, /, **options: Any) -> None:
    """Update the streak on the dashboard; open, refresh or close the streak reminder."""
    _dispatch("daily", settings, **options)


@main.command(epilog=EXIT_CODES_HELP)
@_BOT_REPO
@_BOT_NOW
@_BOT_DRY_RUN
@_BOT_HISTORY
@click.option(
    "--week", default=None, metavar="YYYY-Www", help="ISO week to report (default: yesterday's week)."
)
@pass_settings
def weekly(settings: Settings, /, **options: Any) -> None:
    """Post (or edit) this week's summary comment on the dashboard."""
    _dispatch("weekly", settings, **options)


@main.command(epilog=EXIT_CODES_HELP)
@_BOT_REPO
@_BOT_NOW
@_BOT_DRY_RUN
@click.option("--phase", default=None, help="Only this phase id, e.g. p1 (default: the event's, else all).")
@pass_settings
def graduate(settings: Settings, /, **options: Any) -> None:
    """Close a finished phase's milestones and celebrate it on its epic."""
    _dispatch("graduate", settings, **options)


@main.command(epilog=EXIT_CODES_HELP)
@_BOT_REPO
@_BOT_NOW
@_BOT_DRY_RUN
@click.option(
    "--issue",
    type=click.IntRange(1),
    default=None,
    help="Only this stuck report (default: the event's issue, else every open one).",
)
@pass_settings
def stuck(settings: Settings, /, **options: Any) -> None:
    """Answer your stuck reports once, with the roadmap's advice for your phase (edited on re-runs)."""
    _dispatch("stuck", settings, **options)


@main.command(epilog="Exit codes: 0 nothing is broken (warnings may remain), 1 something must be fixed.")
@_BOT_REPO
@pass_settings
def doctor(settings: Settings, /, **options: Any) -> None:
    """Check what the bots need (token, repository, bootstrap, workflows, secrets) and say how to fix it."""
    _dispatch("doctor", settings, **options)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--markdown", is_flag=True, help="Print the report as Markdown (for $GITHUB_STEP_SUMMARY).")
@click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also append the Markdown report to this file.",
)
@click.option(
    "--save",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as JSON (for --from-report).",
)
@click.option(
    "--from-report",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Show or publish a saved report; run nothing.",
)
@click.option(
    "--publish",
    "publish_results",
    is_flag=True,
    help="Update each deliverable's issue: one sticky comment, its checklist ticked.",
)
@click.option("--repo", default=None, help="owner/name for --publish (default: $GITHUB_REPOSITORY).")
@click.option(
    "--changed-since",
    metavar="REF",
    default=None,
    help="Only deliverables with files changed since this commit.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Only checks of this kind (repeatable), e.g. finetune.",
)
@click.option(
    "--python",
    default=None,
    metavar="PATH",
    help="Interpreter for the learner's code (default: the deliverable's .venv, projects/.venv, this one).",
)
@click.option(
    "--install",
    is_flag=True,
    help="First install each deliverable's requirements.txt with uv (into projects/.venv unless --python).",
)
@click.option(
    "--gpu",
    is_flag=True,
    help="Run the real training command of fine-tuning checks (self-hosted GPU runner).",
)
@click.option(
    "--docker", is_flag=True, help="Run docker-build checks (needs a Docker engine, as on GitHub Actions)."
)
@click.option(
    "--language",
    type=click.Choice(["ja", "en"]),
    default=None,
    help="Report language (default: language in roadmap/config.yaml).",
)
@pass_settings
def check(settings: Settings, /, **options: Any) -> None:
    """Check your deliverables in projects/: files, lint, tests, and behaviour against a fake LLM."""
    _dispatch("check", settings, **options)


# -- for mentors (docs/cohort.md): many learners side by side ------------------------------
_cohort_output = _options(
    click.option("--publish", "publish_issue", is_flag=True, help="Edit (or open once) the cohort issue."),
    click.option(
        "--repo", default=None, help="The mentor's owner/name for --publish (default: $GITHUB_REPOSITORY)."
    ),
    click.option(
        "--html",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Also write a static page with a chart (for GitHub Pages: it is public).",
    ),
    click.option(
        "--include-private",
        is_flag=True,
        help="Show private repositories on the page too (only if those learners agreed).",
    ),
    _BOT_NOW,
)


@main.group(invoke_without_command=True, epilog=EXIT_CODES_HELP)
@click.option(
    "--learners",
    "learners_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The cohort file: `learners: [owner/name, ...]`.",
)
@click.option(
    "--search",
    default=None,
    metavar="QUERY",
    help="Find the learners by a GitHub search, e.g. topic:llm-roadmap.",
)
@click.option(
    "--shard", default=None, metavar="I/N", help="Read only slice I of N (a matrix job); needs --save."
)
@click.option(
    "--save",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the rows as a JSON shard.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100),
    default=50,
    show_default=True,
    help="Repositories per GraphQL query.",
)
@_cohort_output
@click.pass_context
def cohort(ctx: click.Context, /, **options: Any) -> None:
    """For a mentor: every learner's progress in one table, one issue and one page."""
    if ctx.invoked_subcommand is None:
        _dispatch("cohort", ctx.ensure_object(Settings), **options)


@cohort.command("merge", epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_cohort_output
@pass_settings
def cohort_merge(settings: Settings, /, **options: Any) -> None:
    """Combine the shard files of a matrix run into one report."""
    _dispatch("cohort", settings, "merge", **options)
