"""`roadmap check`: run the deliverables' contracts and report what failed and how to fix it.

This is the shell around `llm_roadmap.deliverables`: it reads the environment (through
`Settings`), finds tools on PATH, picks the contracts, runs them, prints the report and,
with `--publish`, posts it to each deliverable's issue.
"""

from __future__ import annotations

import dataclasses
import secrets
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from llm_roadmap.adapter.rest import open_repository
from llm_roadmap.deliverables import discover, integrity, publish, redact, runner, sandbox
from llm_roadmap.deliverables.contract import KINDS, load_contracts
from llm_roadmap.deliverables.render import ReportRenderer
from llm_roadmap.deliverables.report import Report, load_report
from llm_roadmap.errors import EXIT_OK, UsageError
from llm_roadmap.model.load import load_all, load_roadmap
from llm_roadmap.ownership import OWNERSHIP_LABEL, key_marker, trusted_authors
from llm_roadmap.render import Renderer
from llm_roadmap.snapshot import find_issue

if TYPE_CHECKING:
    from llm_roadmap.deliverables.contract import Contract
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.model.schema import Language, Text
    from llm_roadmap.settings import Settings

_TABLE_WIDTH = 120  # CI logs are no terminal; rich would squeeze the table into 80 columns


def run(
    settings: Settings,
    *,
    paths: tuple[Path, ...],
    as_json: bool,
    markdown: bool,
    summary: Path | None,
    save: Path | None,
    from_report: Path | None,
    publish_results: bool,
    repo: str | None,
    changed_since: str | None,
    kinds: tuple[str, ...],
    python: str | None,
    install: bool,
    gpu: bool,
    docker: bool,
    language: Language | None,
) -> int:
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise UsageError(f"--kind: unknown kind {unknown[0]!r}\n  hint: use one of {', '.join(KINDS)}")
    # Every path is made absolute once, here: checks run in each deliverable's folder, where a
    # path relative to the caller's working directory would name something else (issue #9).
    settings = dataclasses.replace(
        settings, root=settings.root.resolve(), config_path=settings.config_path.resolve()
    )
    paths = tuple(path.resolve() for path in paths)
    roadmap, configured = _roadmap(settings)
    renderer = ReportRenderer(Renderer(settings.root / "templates", language or configured))
    if from_report is not None:
        report = _saved_report(from_report, renderer)
    else:
        options = _options(settings, python=python, install=install, gpu=gpu, docker=docker, kinds=kinds)
        contracts = _contracts(settings, roadmap, paths, changed_since)
        titles = {d.id: d.title for _, d in roadmap.deliverables()}
        report = _check(settings, contracts, options, titles, renderer)
    # Whatever learner code printed, no token or API key of this environment is shown or saved.
    report = redact.redact(report, redact.secret_values(settings.env))
    run_url = _run_url(settings)
    _print(report, renderer, as_json=as_json, markdown=markdown, run_url=run_url)
    if summary is not None:
        with summary.open("a", encoding="utf-8") as sink:
            sink.write(renderer.markdown(report, run_url))
    if save is not None:
        save.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    if publish_results:
        _publish(settings, report, renderer, repo, run_url)
    # A saved report was already judged by the run that made it; rendering it again succeeds.
    return EXIT_OK if from_report is not None else report.exit_code


def _saved_report(path: Path, renderer: ReportRenderer) -> Report:
    """A report saved by `--save`, or a clear exit-2 message when the file is not one.

    The GPU workflow renders a report that another job uploaded, so the file is input
    like any other: unreadable, broken or unknown content is refused, never a traceback.
    """
    hint = "  hint: pass a file written by `roadmap check --save` (or `--json`) of this version"
    try:
        report = load_report(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        # json.JSONDecodeError and pydantic's ValidationError are both ValueErrors.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UsageError(f"{path}: not a saved check report: {reason}\n{hint}") from None
    known = renderer.catalogue.messages
    for deliverable in report.deliverables:
        for result in deliverable.results:
            for finding in result.findings:
                if finding.code not in known:
                    raise UsageError(f"{path}: unknown finding code {finding.code!r}\n{hint}")
    return report


def _check(
    settings: Settings,
    contracts: list[Contract],
    options: runner.RunOptions,
    titles: dict[str, Text],
    renderer: ReportRenderer,
) -> Report:
    """Run the contracts in the jail; judge their files only once every learner process ended."""
    jail = sandbox.find_jail(lambda name: shutil.which(name, path=settings.env.get("PATH")))
    names = redact.secret_names(settings.env)
    if names and not jail.isolated:
        click.echo(renderer.note("secrets-visible", names=names), err=True)
    base = integrity.baseline([c.path for c in contracts])
    # Learner code may write its own folder, the venv and caches: not the repository, the
    # roadmap, this tool, nor what later steps of a CI job run.
    read_only, writable = sandbox.jail_folders(
        settings.env, root=settings.root, temp=Path(tempfile.gettempdir()), gpu=options.gpu
    )
    if options.python:
        writable.append(Path(options.python).parent.parent)
    if jail.isolated:
        _make_caches(writable, settings.env.get("HOME"), docker=options.docker is not None)
    jail = jail.protecting(read_only, writable)
    with sandbox.confined(jail):
        report = runner.check_all(contracts, options, titles)
    verdicts = integrity.verify(base)
    paths = {c.deliverable: c.path for c in contracts}
    ran = [paths[d.deliverable] for d in report.deliverables if d.started]
    _say_unverified(settings, renderer, {path: verdicts[path] for path in ran})
    return integrity.apply(report, verdicts, paths)


def _say_unverified(
    settings: Settings, renderer: ReportRenderer, verdicts: dict[Path, integrity.Verdict]
) -> None:
    """Where learner code ran but its contract cannot be compared with a commit, say so."""
    if integrity.Verdict.NOT_GIT in verdicts.values():
        click.echo(renderer.note("contracts-not-in-git"), err=True)
    untracked = sorted(
        _shown(path, settings.root) for path, v in verdicts.items() if v is integrity.Verdict.UNTRACKED
    )
    if untracked:
        click.echo(renderer.note("contracts-untracked", paths=untracked), err=True)


def _make_caches(writable: list[Path], home: str | None, *, docker: bool) -> None:
    """Create the cache folders a first run needs: only an existing folder can stay writable."""
    if home is None:
        return
    wanted = [Path(home) / ".cache"] + ([Path(home) / ".docker"] if docker else [])
    for folder in wanted:
        if folder in writable:
            folder.mkdir(parents=True, exist_ok=True)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _roadmap(settings: Settings) -> tuple[Roadmap, Language]:
    """The roadmap, and the learner's language when roadmap/config.yaml exists."""
    if settings.config_path.is_file():
        roadmap, config = load_all(settings.root, settings.config_path)
        return roadmap, config.language
    return load_roadmap(settings.root), "ja"


def _options(
    settings: Settings, *, python: str | None, install: bool, gpu: bool, docker: bool, kinds: tuple[str, ...]
) -> runner.RunOptions:
    path = settings.env.get("PATH")
    docker_path = shutil.which("docker", path=path) if docker else None
    if docker and docker_path is None:
        raise UsageError(
            "--docker: the docker command is not on PATH\n  hint: install Docker or leave out --docker"
        )
    return runner.RunOptions(
        root=settings.root,
        fallback_python=sys.executable,
        base_env=sandbox.safe_environment(settings.env, gpu=gpu),
        install_env=sandbox.install_environment(settings.env),
        python=_interpreter(python, path),
        ruff=_ruff(path),
        docker=docker_path,
        uv=shutil.which("uv", path=path),
        gpu=gpu,
        install=install,
        kinds=frozenset(kinds) or None,
        # A fresh nonce per run: a program passes only by relaying this run's replies.
        nonce=secrets.token_hex(3),
    )


def _interpreter(python: str | None, path: str | None) -> str | None:
    """--python as an absolute path: a path from the working directory, or a name on PATH."""
    if python is None:
        return None
    if "/" in python:
        return str(Path(python).absolute())
    found = shutil.which(python, path=path)
    if found is None:
        raise UsageError(f"--python: {python} is not on PATH\n  hint: give the interpreter's path")
    return found


def _ruff(path: str | None) -> str | None:
    """ruff from PATH, else the one installed beside this Python (uv's project venv)."""
    found = shutil.which("ruff", path=path)
    if found:
        return found
    beside = Path(sys.executable).parent / "ruff"
    return str(beside) if beside.exists() else None


def _contracts(
    settings: Settings, roadmap: Roadmap, paths: tuple[Path, ...], changed_since: str | None
) -> list[Contract]:
    targets = list(paths) or [settings.root / discover.DEFAULT_TARGET]
    found = discover.contract_paths(targets)
    if changed_since is not None:
        changed = discover.changed_files(settings.root, changed_since)
        if changed is not None:
            found = discover.only_changed(found, settings.root, changed)
    known = frozenset(d.id for _, d in roadmap.deliverables())
    return load_contracts(found, known_ids=known, root=settings.root)


def _print(
    report: Report, renderer: ReportRenderer, *, as_json: bool, markdown: bool, run_url: str | None
) -> None:
    if as_json:
        click.echo(renderer.json(report))
    elif markdown:
        click.echo(renderer.markdown(report, run_url), nl=False)
    else:
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=_TABLE_WIDTH)
        console.print(renderer.table(report))


def _publish(
    settings: Settings, report: Report, renderer: ReportRenderer, repo: str | None, run_url: str | None
) -> None:
    name = repo or settings.repository
    if not name:
        raise UsageError(
            "--publish needs the repository\n  hint: pass --repo owner/name (Actions sets GITHUB_REPOSITORY)"
        )
    if not settings.token:
        raise UsageError(
            "--publish needs a token\n"
            "  hint: set GITHUB_TOKEN (in Actions: env: GITHUB_TOKEN: ${{ github.token }})"
        )
    github = open_repository(settings, name)
    learner = github.read_repo().learner
    me, _ = github.whoami()
    authors = trusted_authors(me, learner)
    issues = github.read_issues(label=OWNERSHIP_LABEL)
    for deliverable in report.deliverables:
        if not deliverable.started:
            continue  # nothing to say about a deliverable that has not begun
        marker = key_marker(deliverable.deliverable)
        issue = find_issue(issues, marker, authors)
        if issue is None:
            note = renderer.note("no-issue", deliverable=deliverable.deliverable, marker=marker)
        else:
            comment = renderer.comment(deliverable, run_url, report.mode)
            comments = github.read_comments(issue.number)
            changes, done = publish.plan(deliverable, comment, issue, comments, authors, report.mode)
            github.apply(changes)
            note = renderer.note("published", **dataclasses.asdict(done))
        click.echo(note, err=True)


def _run_url(settings: Settings) -> str | None:
    """The Actions run that made this report, for the comment's link (None outside Actions)."""
    run_id = settings.env.get("GITHUB_RUN_ID")
    if not (run_id and settings.repository):
        return None
    return f"{settings.server_url}/{settings.repository}/actions/runs/{run_id}"
