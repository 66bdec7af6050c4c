"""`roadmap weekly` and the learning logs that anyone can open (issue #10), end to end.

Against the fake GitHub server with the real PyGithub client: a log with absurd numbers
is reported and counts nothing, and never stops the run; in an organisation's repository
only the logs of those GitHub reports as owners, members or collaborators count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bots.conftest import REPO, seed_bootstrapped
from testing.repo import invoke

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

    from llm_roadmap.plan.desired import Desired
    from testing.fake_github import FakeGitHub

ORG_REPO = "llm-team/llm-year"
NOW = "2027-01-18T07:00:00+09:00"  # Monday: reports 2027-W02 (Jan 11-17)
LOG = (
    "### 日付 / Date\n\n{date}\n\n### 学習時間（時間） / Hours studied\n\n{hours}\n\n"
    "### API費用（ドル） / API cost (USD)\n\n{cost}\n"
)


def _log(
    gh: FakeGitHub, repo: str, author: str, hours: str, cost: str = "0", date: str = "2027/01/12"
) -> int:
    body = LOG.format(date=date, hours=hours, cost=cost)
    return gh.add_issue(repo, "📝 log", body=body, author=author, labels=["learning-log"]).number


def _weekly(gh: FakeGitHub, root: Path, token: str, repo: str) -> Result:
    env: dict[str, str | None] = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_TOKEN": token,
        "ROADMAP_WRITE_INTERVAL": "0",
        "GITHUB_STEP_SUMMARY": str(root / "summary.md"),
        "GITHUB_REPOSITORY": repo,
    }
    return invoke(root, "weekly", "--repo", repo, "--now", NOW, env=env)  # type: ignore[arg-type]


def _posted(gh: FakeGitHub, repo: str) -> str:
    owner, name = repo.split("/")
    found = gh.state.repo(owner, name)
    assert found is not None
    dashboard = found.issue(1)
    assert dashboard is not None
    return dashboard.comments[-1].body


def _hours_row(body: str) -> str:
    [row] = [line for line in body.splitlines() if line.startswith("| 学習時間 (")]
    return row


def test_absurd_logs_are_reported_and_count_nothing(
    fake_github: FakeGitHub, desired: Desired, root: Path
) -> None:
    gh = fake_github
    gh.add_user("octocat", token="ghp_learner")
    gh.add_repo(REPO)
    gh.add_actions_token("ghs_actions", REPO)
    seed_bootstrapped(gh, desired)
    _log(gh, REPO, "octocat", "1.5", "$0.40")
    huge = _log(gh, REPO, "octocat", "9999999999999999999999999999")
    million = _log(gh, REPO, "octocat", "1000000")
    inf = _log(gh, REPO, "octocat", "1", "9" * 5000)

    result = _weekly(gh, root, "ghs_actions", REPO)
    assert result.exit_code == 0, result.output
    body = _posted(gh, REPO)
    # 1.5 + 1 hours; $0.40 (the 5,000-digit cost counts nothing, its log's hour does)
    assert _hours_row(body).startswith("| 学習時間 (4 件のログ) | 2.5時間 |")
    assert "| API費用 | $0.40 | — |" in body
    assert "inf" not in body
    assert "9" * 41 not in body
    for number in (huge, million, inf):
        [line] = [line for line in body.splitlines() if line.startswith(f"- ⚠️ #{number}: ")]
        assert line.endswith(
            "範囲外のため数えていません（1件のログは0時間より多く24時間以下、API費用は$1,000以下）"
        )


def test_in_an_organisation_only_collaborators_logs_count(
    fake_github: FakeGitHub, desired: Desired, root: Path
) -> None:
    gh = fake_github
    gh.add_user("alice", token="ghp_alice")
    gh.add_org("llm-team", members=["alice"])
    gh.add_user("bob")  # a collaborator from outside the organisation
    gh.add_user("mallory")  # anyone with an account: the repository is public
    gh.add_repo(ORG_REPO, collaborators={"bob": "push"})
    seed_bootstrapped(gh, desired, author="alice", repo=ORG_REPO)
    _log(gh, ORG_REPO, "alice", "2")
    _log(gh, ORG_REPO, "bob", "1.5", "$1.00")
    _log(gh, ORG_REPO, "mallory", "24", "$999")

    result = _weekly(gh, root, "ghp_alice", ORG_REPO)
    assert result.exit_code == 0, result.output
    body = _posted(gh, ORG_REPO)
    assert _hours_row(body).startswith("| 学習時間 (2 件のログ) | 3.5時間 |")
    assert "| API費用 | $1.00 | — |" in body
