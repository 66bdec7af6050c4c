"""`roadmap doctor`: tell the learner what is missing for the bots, and how to fix it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import click

from llm_roadmap.adapter.rest import open_repository
from llm_roadmap.bots.doctor import PROJECT_SECRET, WORKFLOWS, Facts, diagnose, schedule_zones, worst
from llm_roadmap.errors import EXIT_FAILURE, EXIT_OK, GitHubError
from llm_roadmap.ownership import trusted_authors
from llm_roadmap.repository import resolve_repo
from llm_roadmap.snapshot import Issues
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings

TokenKind = Literal["classic", "fine-grained", "actions", "unknown"]


def run(settings: Settings, *, repo: str | None) -> int:
    """Exit 1 when any check is an error, 0 otherwise (warnings included)."""
    workspace = Workspace.load(settings)
    repo_name = resolve_repo(repo or settings.repository, workspace.config.repo, settings.root)
    facts = gather(settings, workspace, repo_name)
    findings = diagnose(facts)
    text = workspace.renderer.render(
        "bots/doctor.md.j2", findings=findings, facts=facts, secret=PROJECT_SECRET
    )
    click.echo(text, nl=False)
    if settings.step_summary is not None:
        with settings.step_summary.open("a", encoding="utf-8") as handle:
            handle.write(text)
    return EXIT_FAILURE if worst(findings) == "error" else EXIT_OK


def token_kind(token: str) -> TokenKind:
    """Which kind of token, from its documented prefix (docs: "About authentication to GitHub")."""
    if token.startswith("ghp_"):
        return "classic"
    if token.startswith("github_pat_"):
        return "fine-grained"
    if token.startswith("ghs_"):
        return "actions"
    return "unknown"


def gather(settings: Settings, workspace: Workspace, repo: str | None) -> Facts:
    """Everything doctor checks, read from the working tree and (read-only) from GitHub."""
    zones = {}
    for path in WORKFLOWS:
        file = settings.root / path
        if file.is_file():
            zones[path] = schedule_zones(file.read_text(encoding="utf-8"))
    local = Facts(
        repo=repo, token=bool(settings.token), config_zone=workspace.config.timezone, workflow_zones=zones
    )
    if repo is None or not settings.token:
        return local
    io = open_repository(settings, repo)
    try:
        snapshot = io.read_repo()
    except GitHubError as exc:
        if exc.status in (401, 403, 404):
            return replace(local, token_kind=token_kind(settings.token), repo_found=False)
        raise
    me, scopes = io.whoami()
    learner = snapshot.learner
    keys = frozenset(Issues.of(io.read_issues(), authors=trusted_authors(me, learner)).by_key)
    secret = True if settings.env.get(PROJECT_SECRET) else io.has_secret(PROJECT_SECRET)
    return replace(
        local,
        token_kind=token_kind(settings.token),
        scopes=scopes,
        repo_found=True,
        can_write=snapshot.can_write,
        is_template=snapshot.is_template,
        has_issues=snapshot.has_issues,
        private=snapshot.private,
        keys_found=keys,
        keys_expected=frozenset(i.key for i in workspace.desired(settings.repo_url(repo)).issues),
        labels=io.read_labels(),
        workflows=io.workflows(),
        project_secret=secret,
        self_hosted_runners=None if snapshot.private else io.self_hosted_runners(),
        organization=snapshot.owner_type == "Organization",
        fork_pr_approval=None if snapshot.private else io.fork_pr_approval(),
    )
