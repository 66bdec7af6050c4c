"""`roadmap upgrade`: bring the template's newer files into this copy (docs/upgrade.md).

Without `--push` it only shows the plan. With `--push` it commits the merge on a branch of
its own (never the checked-out one), force-updates that branch and opens, or edits, one
pull request. Nothing is applied to GitHub's issues or board: the roadmap's changes are
shown for the learner to apply with `scripts/bootstrap`.
"""

from __future__ import annotations

import base64
from collections import Counter
from typing import TYPE_CHECKING, Any

import click

from llm_roadmap.adapter.rest import open_repository
from llm_roadmap.errors import EXIT_OK, GitFailed, GitHubError, InvalidInput, UsageError
from llm_roadmap.model.config import Config
from llm_roadmap.model.validation import validate
from llm_roadmap.model.yamlsource import YamlProblems, read_yaml
from llm_roadmap.ownership import trusted_authors
from llm_roadmap.render import Renderer
from llm_roadmap.repository import resolve_repo
from llm_roadmap.upgrade.git import Git
from llm_roadmap.upgrade.plan import Source, UpgradePlan, build_commit, plan_upgrade
from llm_roadmap.upgrade.pull import PullRequestText, open_or_update
from llm_roadmap.upgrade.roadmap_diff import roadmap_changes

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings

SIGNS = {"added": "+", "updated": "~", "deleted": "-", "merged": "M", "conflict": "C"}
# Rows per list in the pull request body: GitHub takes at most 65,536 characters.
MAX_ROWS = 300
OPTION_HINTS = {
    "source_url": "give a git URL such as https://github.com/owner/name.git",
    "ref": "give a branch or tag name of the template",
    "base": "give a template commit id",
    "remote": "give a remote name such as origin",
    "branch": "give a branch name such as roadmap/upgrade",
}
NO_TEMPLATE_HINT = "add `template: owner/name` to roadmap/config.yaml, or pass --template owner/name"


def run(settings: Settings, **options: Any) -> int:
    _check_options(options)
    if options["push"] and not settings.token:
        raise UsageError(
            "--push needs a GitHub token to open the pull request\n"
            "  hint: GITHUB_TOKEN=$(gh auth token) uv run roadmap upgrade --push (docs/upgrade.md)"
        )
    config = _config(settings)
    renderer = Renderer(settings.root / "templates", config.language)
    git = Git(settings.root)
    source = _source(settings, config, options)
    plan = plan_upgrade(git, source, base_option=options["base"], skip_workflows=options["skip_workflows"])
    view = _view(git, plan)
    click.echo(renderer.render("upgrade/plan.txt.j2", **view), nl=False)
    _job_summary(settings, renderer, view, plan)
    if plan.up_to_date or not options["push"]:
        return EXIT_OK
    repo_name = _repo_name(settings, config, options)
    commit = build_commit(git, plan, renderer.render("upgrade/commit-message.txt.j2", **view))
    _push(_authenticated(settings, git, options["remote"]), options["remote"], commit, options["branch"])
    return _publish(settings, repo_name, (options["branch"], commit), _pull_text(renderer, view, plan))


def _pull_text(renderer: Renderer, view: dict[str, Any], plan: UpgradePlan) -> PullRequestText:
    return PullRequestText(
        title=renderer.render("upgrade/pull-request-title.txt.j2", **view).strip(),
        body=renderer.render("upgrade/pull-request.md.j2", **view),
        draft=bool(plan.conflicts),
    )


def _publish(settings: Settings, repo_name: str, head: tuple[str, str], text: PullRequestText) -> int:
    """Open or edit the one upgrade pull request from `head` (branch, commit)."""
    github = open_repository(settings, repo_name)
    repo = github.read_repo()
    # The learner (by hand) and the token's own login: `whoami` names the Actions bot for
    # the Actions token, which `trusted_authors` trusts anyway.
    me, _ = github.whoami()
    trusted = trusted_authors(repo.learner, me, label=False)
    outcome = open_or_update(github, repo, *head, text=text, trusted=trusted)
    click.echo(f"pull request #{outcome.number} {outcome.done}: {outcome.url}")
    return EXIT_OK


def _config(settings: Settings) -> Config:
    """Only the learner's config: a broken roadmap must not stop the upgrade that may fix it."""
    shown = settings.config_path
    if shown.is_relative_to(settings.root):
        shown = shown.relative_to(settings.root)
    try:
        return validate(read_yaml(settings.config_path, shown), Config)
    except YamlProblems as exc:
        raise InvalidInput(exc.problems) from None


def _check_options(options: dict[str, Any]) -> None:
    """Values handed to git: one starting with '-' would be read as a git option."""
    for name in ("source_url", "ref", "base", "remote", "branch"):
        value = options[name]
        if value is not None and (not value.strip() or value.startswith("-")):
            flag = "--from" if name == "source_url" else f"--{name}"
            raise UsageError(f"{flag} {value!r}: not a usable value\n  hint: {OPTION_HINTS[name]}")


def _source(settings: Settings, config: Config, options: dict[str, Any]) -> Source:
    name = options["template"] or config.template or _template_of(settings, config, options)
    url = options["source_url"] or f"{settings.server_url}/{name}.git"
    return Source(name=name, url=url, ref=options["ref"] or "HEAD")


def _template_of(settings: Settings, config: Config, options: dict[str, Any]) -> str:
    """GitHub's `template_repository` of this repository (docs: REST "Get a repository")."""
    repo_name = _repo_name(settings, config, options)
    template = open_repository(settings, repo_name).read_repo().template
    if template is None:
        raise UsageError(
            f"GitHub does not know which template {repo_name} was made from\n  hint: {NO_TEMPLATE_HINT}"
        )
    return template


def _repo_name(settings: Settings, config: Config, options: dict[str, Any]) -> str:
    name = resolve_repo(options["repo"] or settings.repository, config.repo, settings.root)
    if name is None:
        raise UsageError(
            "which GitHub repository is this?\n"
            "  hint: pass --repo owner/name or set repo: in roadmap/config.yaml"
        )
    return name


def _authenticated(settings: Settings, git: Git, remote: str) -> Git:
    """git that sends the token to an https remote of this GitHub (as actions/checkout does),
    through the environment, so it never shows in a process list or .git/config."""
    url = git.run("remote", "get-url", remote).strip()
    if not settings.token or not url.startswith(settings.server_url + "/"):
        return git
    secret = base64.b64encode(f"x-access-token:{settings.token}".encode()).decode()
    return Git(
        git.root,
        {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"http.{settings.server_url}/.extraheader",
            "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {secret}",
        },
    )


def _push(git: Git, remote: str, commit: str, branch: str) -> None:
    if git.remote_head(remote, branch) == commit:
        return  # a re-run with nothing new: the branch already holds this very commit
    try:
        git.push(remote, commit, branch)
    except GitFailed as exc:
        said = next((line.strip() for line in str(exc).splitlines() if "workflow" in line), None)
        if said is None:
            raise
        raise GitHubError(
            f"GitHub refused to let this token change .github/workflows/ ({said.rpartition('remote: ')[2]})\n"
            "  hint: run `roadmap upgrade --push --skip-workflows`, or use a token with the Workflows"
            " permission (the secret ROADMAP_UPGRADE_TOKEN; docs/upgrade.md)"
        ) from None


def _job_summary(settings: Settings, renderer: Renderer, view: dict[str, Any], plan: UpgradePlan) -> None:
    """On Actions, the run's page shows what the pull request shows (or that all is current)."""
    if settings.step_summary is None:
        return
    text = "up to date\n" if plan.up_to_date else renderer.render("upgrade/pull-request.md.j2", **view)
    with settings.step_summary.open("a", encoding="utf-8") as handle:
        handle.write(f"## roadmap upgrade\n\n{text}\n")


def _view(git: Git, plan: UpgradePlan) -> dict[str, Any]:
    counts = Counter(c.action for c in plan.changes)
    return {
        "source": plan.source.name,
        "base": plan.base,
        "theirs": plan.theirs,
        "changes": plan.changes,
        "conflicts": plan.conflicts,
        "held_back": plan.held_back,
        "signs": SIGNS,
        "max_rows": MAX_ROWS,
        "counts": ", ".join(f"{n} {action}" for action, n in sorted(counts.items())),
        "roadmap_changes": roadmap_changes(git, plan),
    }
