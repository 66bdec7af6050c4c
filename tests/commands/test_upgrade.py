"""`roadmap upgrade` end to end: template v1 → v2 into a learner's copy with edits, the pull
request on the fake GitHub server, and the runs after it (nothing new, merged)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from llm_roadmap.upgrade.owned import Ownership
from testing.gitcopy import KIT, LEARNER, TEMPLATE, Repos, files_at, git, template_and_copy
from testing.repo import invoke, snapshot

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from click.testing import Result

    from testing.fake_github import FakeGitHub

BRANCH = "roadmap/upgrade"
TOKEN = "ghp_learner"


@pytest.fixture
def repos(tmp_path: Path) -> Repos:
    return template_and_copy(tmp_path)


@pytest.fixture
def gh(fake_github: FakeGitHub, repos: Repos) -> FakeGitHub:
    fake_github.add_user("octocat", TOKEN)
    fake_github.add_user("tmpl-owner")
    fake_github.add_repo(TEMPLATE, is_template=True)
    fake_github.add_repo(LEARNER)
    fake_github.set_template(LEARNER, TEMPLATE)
    fake_github.link_git(LEARNER, str(repos.origin))
    return fake_github


def upgrade(repos: Repos, gh: FakeGitHub, *args: str, token: str = TOKEN) -> Result:
    env = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_SERVER_URL": repos.server_url,
        "GITHUB_TOKEN": token,
        "ROADMAP_WRITE_INTERVAL": "0",
    }
    return invoke(repos.copy, "upgrade", *args, env=env)


def work_tree(repos: Repos) -> dict[str, bytes]:
    """The learner's files (the fetch adds objects under .git, never a file of theirs)."""
    return {p: b for p, b in snapshot(repos.copy).items() if not p.startswith(".git/")}


def replace_all(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def pushed(repos: Repos) -> str:
    return git(repos.origin, "rev-parse", f"refs/heads/{BRANCH}").strip()


def test_dry_run_shows_the_plan_and_writes_nothing(repos: Repos, gh: FakeGitHub) -> None:
    before = work_tree(repos)
    result = upgrade(repos, gh)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"テンプレート: {TEMPLATE} ({repos.v1[:12]} → {repos.v2[:12]})"
    assert "  C scripts/tool  (1 conflicting hunk(s))" in lines
    assert "  M src/pkg/mod.py" in lines
    assert "  + src/pkg/new.py" in lines
    assert "  - src/pkg/old.py" in lines
    assert f"  ~ {KIT}/README.md" in lines
    assert "  ~ projects/kits.lock.json" in lines
    assert "  ~ .github/workflows/daily.yml" in lines
    files = {
        line[4:].split("  ")[0] for line in lines if line[:4] in ("  C ", "  M ", "  + ", "  ~ ", "  - ")
    }
    assert files.isdisjoint({"docs/mine.md", "roadmap/config.yaml", f"{KIT}/simple_chat.py", "README.md"})
    assert "  ~ issue [P1] LLM API の基本（v2）: text changed" in lines
    assert work_tree(repos) == before
    assert gh.writes == []
    assert git(repos.origin, "branch", "--list", BRANCH) == ""


def test_upgrade_keeps_every_learner_byte_and_reports_conflicts(
    repos: Repos, gh: FakeGitHub, golden: Callable[[str, str], None]
) -> None:
    head = git(repos.copy, "rev-parse", "HEAD").strip()
    result = upgrade(repos, gh, "--push")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("pull request #1 opened: https://github.com/")
    after, mine, template = (
        files_at(repos.copy, pushed(repos)),
        files_at(repos.copy, head),
        files_at(repos.template, repos.v2),
    )
    owned = Ownership.build(["docs/mine.md"])
    # 0 bytes changed in learner-owned files, and none added or removed.
    learner = {p: b for p, b in mine.items() if not owned.template_owns(p)}
    assert {
        p: b for p, b in after.items() if not owned.template_owns(p) and p != "roadmap/upgrade.yaml"
    } == learner
    # the template's changes are in; the learner's edits kept or marked as a conflict.
    assert after["src/pkg/mod.py"].decode().splitlines()[1:18:16] == ["line 2 (template)", "line 18 (my fix)"]
    assert (
        b"<<<<<<< yours (your copy)\necho MY TWO\n=======\necho TEMPLATE TWO\n>>>>>>> template (new)"
        in after["scripts/tool"]
    )
    assert "src/pkg/old.py" not in after
    for path in (
        "src/pkg/new.py",
        f"{KIT}/README.md",
        "projects/kits.lock.json",
        ".github/workflows/daily.yml",
    ):
        assert after[path] == template[path], path
    assert git(repos.copy, "ls-tree", pushed(repos), "scripts/tool").startswith("100755")
    assert after["roadmap/upgrade.yaml"].decode().endswith(f"template_commit: {repos.v2}\n")
    # the learner's checkout did not move
    assert git(repos.copy, "rev-parse", "HEAD").strip() == head
    assert git(repos.copy, "status", "--porcelain") == ""
    [write] = gh.writes
    assert (write.method, write.path) == ("POST", "/repos/octocat/llm-year/pulls")
    assert {k: write.json[k] for k in ("head", "base", "draft")} == {
        "head": BRANCH,
        "base": "main",
        "draft": True,
    }
    pulls = gh.state.repo("octocat", "llm-year").pulls  # type: ignore[union-attr]
    assert len(pulls) == 1
    assert pulls[0].draft is True
    assert pulls[0].head == BRANCH
    assert "`scripts/tool`: 1 conflicting hunk(s)" in (pulls[0].body or "")
    # commit ids follow every file of the template (templates/ included): not part of the golden
    ids = {repos.v1[:12]: "<v1>", repos.v2[:12]: "<v2>"}
    golden("upgrade/pull-request.md", replace_all(pulls[0].body or "", ids))
    golden("upgrade/plan.txt", replace_all(result.output, ids))


def test_the_job_summary_shows_the_pull_request_body(repos: Repos, gh: FakeGitHub, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_SERVER_URL": repos.server_url,
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    assert invoke(repos.copy, "upgrade", env=env).exit_code == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## roadmap upgrade\n\n<!-- roadmap:upgrade -->\n")
    assert "- `scripts/tool`: 1 conflicting hunk(s)" in text


def test_a_second_run_with_nothing_new_does_nothing(repos: Repos, gh: FakeGitHub) -> None:
    assert upgrade(repos, gh, "--push").exit_code == 0
    branch, writes = pushed(repos), len(gh.writes)
    result = upgrade(repos, gh, "--push")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("pull request #1 unchanged:")
    assert pushed(repos) == branch
    assert len(gh.writes) == writes


def test_after_merging_the_pull_request_it_is_up_to_date(repos: Repos, gh: FakeGitHub) -> None:
    assert upgrade(repos, gh, "--push").exit_code == 0
    git(repos.copy, "fetch", "-q", "origin", BRANCH)
    git(repos.copy, "merge", "-q", "--ff-only", "FETCH_HEAD")
    writes = len(gh.writes)
    result = upgrade(repos, gh, "--push")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "最新です。取り込む変更はありません。"
    assert len(gh.writes) == writes


def test_a_newer_template_edits_the_same_pull_request(repos: Repos, gh: FakeGitHub) -> None:
    assert upgrade(repos, gh, "--push").exit_code == 0
    (repos.template / "src/pkg/newer.py").write_text("N = 3\n", encoding="utf-8")
    git(repos.template, "add", "-A")
    git(repos.template, "commit", "-q", "-m", "v3")
    result = upgrade(repos, gh, "--push")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("pull request #1 edited:")
    assert "src/pkg/newer.py" in files_at(repos.copy, pushed(repos))
    assert len(gh.state.repo("octocat", "llm-year").pulls) == 1  # type: ignore[union-attr]


def test_skip_workflows_holds_them_back_and_says_why(repos: Repos, gh: FakeGitHub) -> None:
    result = upgrade(repos, gh, "--push", "--skip-workflows")
    assert result.exit_code == 0, result.output
    assert "  ! .github/workflows/daily.yml" in result.output
    assert files_at(repos.copy, pushed(repos))[".github/workflows/daily.yml"] == b"name: daily\n"
    body = gh.state.repo("octocat", "llm-year").pulls[0].body or ""  # type: ignore[union-attr]
    assert "`.github/workflows/daily.yml` (updated)" in body
    assert "ROADMAP_UPGRADE_TOKEN" in body


def test_the_actions_token_may_not_open_pull_requests_by_default(repos: Repos, gh: FakeGitHub) -> None:
    gh.add_actions_token("ghs_actions", LEARNER)
    result = upgrade(repos, gh, "--push", "--skip-workflows", token="ghs_actions")
    assert result.exit_code == 3
    assert "error: GitHub Actions may not open pull requests in this repository" in result.output
    assert "Allow GitHub Actions to create and approve pull requests" in result.output
    assert f"compare/main...{BRANCH}" in result.output
    gh.allow_actions_pull_requests(LEARNER)
    assert upgrade(repos, gh, "--push", "--skip-workflows", token="ghs_actions").exit_code == 0
    assert gh.state.repo("octocat", "llm-year").pulls[0].user.login == "github-actions[bot]"  # type: ignore[union-attr]


def test_a_strangers_pull_request_from_the_branch_is_left_alone(repos: Repos, gh: FakeGitHub) -> None:
    assert upgrade(repos, gh, "--push").exit_code == 0
    pull = gh.state.repo("octocat", "llm-year").pulls[0]  # type: ignore[union-attr]
    pull.user = gh.add_user("mallory")
    result = upgrade(repos, gh, "--push")
    assert result.exit_code == 3
    assert "was not opened by roadmap upgrade; it was left alone" in result.output
    assert pull.user.login == "mallory"


def test_an_unknown_base_stops_with_exit_2(repos: Repos, gh: FakeGitHub) -> None:
    # A copy whose only root commit is not a template tree (history rewritten, say).
    (repos.copy / "src/pkg/old.py").write_text("changed before the first commit\n", encoding="utf-8")
    git(repos.copy, "checkout", "-q", "--orphan", "other")
    git(repos.copy, "add", "-A")
    git(repos.copy, "commit", "-q", "-m", "a root commit of my own")
    result = upgrade(repos, gh)
    assert result.exit_code == 2
    assert result.output.startswith(
        "error: no template commit has the same files as your copy's first commit"
    )
    assert "hint: find the template commit your copy was made from" in result.output
    result = upgrade(repos, gh, "--base", repos.v1[:10])
    assert result.exit_code == 0, result.output
    result = upgrade(repos, gh, "--base", "0123456789")
    assert result.exit_code == 2
    assert "error: --base 0123456789: not a commit of the template's history" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--from", "--upload-pack=touch /tmp/x"),
            "error: --from '--upload-pack=touch /tmp/x': not a usable value",
        ),
        (("--branch", "-f"), "error: --branch '-f': not a usable value"),
        (("--ref", " "), "error: --ref ' ': not a usable value"),
        (("--push", "--remote", "origin"), "error: --push needs a GitHub token to open the pull request"),
    ],
)
def test_bad_options_stop_before_git_or_github_is_asked(
    repos: Repos, gh: FakeGitHub, args: tuple[str, ...], expected: str
) -> None:
    result = upgrade(repos, gh, *args, token="")
    assert result.exit_code == 2
    assert result.output.startswith(expected + "\n  hint: ")
    assert gh.requests == []


def test_a_broken_roadmap_in_the_copy_does_not_stop_the_upgrade(repos: Repos, gh: FakeGitHub) -> None:
    (repos.copy / "roadmap/guide.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    git(repos.copy, "commit", "-q", "-am", "oops")
    result = upgrade(repos, gh)
    assert result.exit_code == 0, result.output
    assert (
        "  your current roadmap does not load, so there is nothing to compare: roadmap/guide.yaml:"
        in result.output
    )
    assert "  + src/pkg/new.py" in result.output


# GitHub's answer when the Actions token pushes a change under .github/workflows/.
REFUSE_WORKFLOWS = """#!/bin/sh
while read old new ref; do
  base=$(git merge-base "$new" refs/heads/main)
  if git diff --name-only "$base" "$new" | grep -q '^.github/workflows/'; then
    echo "refusing to allow a GitHub App to create or update workflow" \
      ".github/workflows/daily.yml without workflows permission" >&2
    exit 1
  fi
done
"""


def test_a_refused_workflow_push_says_what_to_do(repos: Repos, gh: FakeGitHub) -> None:
    hook = repos.origin / "hooks/pre-receive"
    hook.write_text(REFUSE_WORKFLOWS, encoding="utf-8")
    hook.chmod(0o755)
    gh.add_actions_token("ghs_actions", LEARNER)
    gh.allow_actions_pull_requests(LEARNER)
    result = upgrade(repos, gh, "--push", token="ghs_actions")
    assert result.exit_code == 3
    assert result.output.splitlines()[-2] == (
        "error: GitHub refused to let this token change .github/workflows/ (refusing to allow a GitHub"
        " App to create or update workflow .github/workflows/daily.yml without workflows permission)"
    )
    assert (
        "  hint: run `roadmap upgrade --push --skip-workflows`, or use a token with the Workflows"
        in result.output
    )
    assert gh.writes == []
    assert upgrade(repos, gh, "--push", "--skip-workflows", token="ghs_actions").exit_code == 0


def test_without_a_known_template_it_says_how_to_name_it(repos: Repos, gh: FakeGitHub) -> None:
    gh.state.repo("octocat", "llm-year").template_repository = None  # type: ignore[union-attr]
    result = upgrade(repos, gh)
    assert result.exit_code == 2
    assert result.output == (
        "error: GitHub does not know which template octocat/llm-year was made from\n"
        "  hint: add `template: owner/name` to roadmap/config.yaml, or pass --template owner/name\n"
    )
    [request] = gh.requests
    assert (request.method, request.path) == ("GET", "/repos/octocat/llm-year")
    gh.requests.clear()
    assert upgrade(repos, gh, "--template", TEMPLATE).exit_code == 0
    assert gh.requests == []  # a named template needs no API call for a plan


def test_a_pull_request_the_learner_closed_is_not_offered_again(repos: Repos, gh: FakeGitHub) -> None:
    assert upgrade(repos, gh, "--push").exit_code == 0
    gh.client(TOKEN).get_repo(LEARNER).get_pull(1).edit(state="closed")
    writes = len(gh.writes)
    result = upgrade(repos, gh, "--push")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("pull request #1 closed by you, not offered again:")
    assert len(gh.writes) == writes
    (repos.template / "src/pkg/newer.py").write_text("N = 3\n", encoding="utf-8")
    git(repos.template, "add", "-A")
    git(repos.template, "commit", "-q", "-m", "v3")
    assert upgrade(repos, gh, "--push").output.splitlines()[-1].startswith("pull request #2 opened:")
