"""`roadmap cohort` against the fake GitHub: the table, the issue, the page, shards, search."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest

from llm_roadmap.cohort.publish import MARKER
from testing.cohort import LearnerSpec, cohort_file, seed_learner
from testing.repo import copy_repo, invoke, write

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

    from testing.fake_github import FakeGitHub

NOW = "2027-03-01T09:00:00+09:00"
TODAY = dt.date(2027, 3, 1)
MENTOR_REPO = "mentor/cohort"


def _days(*back: int) -> tuple[dt.date, ...]:
    return tuple(TODAY - dt.timedelta(days=n) for n in back)


LEARNERS = (
    LearnerSpec("alice/llm-year", done=12, commit_days=_days(1, 2, 3, 4, 5), passed=1),
    LearnerSpec("bob/llm-year", done=3, commit_days=_days(20)),
    LearnerSpec("carol/llm-year", done=45, commit_days=_days(0, 1), passed=2, private=True),
    LearnerSpec("dave/llm-year"),
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path / "repo")
    write(root, "cohort.yaml", cohort_file([s.repo for s in LEARNERS]))
    return root


@pytest.fixture
def gh(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_user("mentor", token="mentor-token", scopes=None)  # fine-grained
    fake_github.add_repo(MENTOR_REPO)
    for spec in LEARNERS:
        repo = seed_learner(fake_github, spec)
        repo.permissions["mentor"] = "pull"  # the learners gave their mentor read access
    return fake_github


def _cohort(root: Path, gh: FakeGitHub, *args: str, token: str = "mentor-token") -> Result:
    # No pause between queries (PyGithub paces every POST, GraphQL reads included, 1 s apart).
    env = {"GITHUB_TOKEN": token, "GITHUB_API_URL": gh.api_url, "ROADMAP_WRITE_INTERVAL": "0"}
    return invoke(root, "cohort", "--now", NOW, *args, env=env)


def _learners(root: Path) -> tuple[str, str]:
    return "--learners", str(root / "cohort.yaml")


def test_the_table(root: Path, gh: FakeGitHub, golden: Any) -> None:
    result = _cohort(root, gh, *_learners(root), "--include-private")
    assert result.exit_code == 0, result.output
    golden("cohort/table.ja.md", result.stdout)
    assert "read 4 repositories: GraphQL queries 1, points 2 (token budget 5000 points an hour" in (
        result.stderr
    )


def test_the_table_in_english(root: Path, gh: FakeGitHub, golden: Any) -> None:
    config = root / "roadmap/config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8"
    )
    result = _cohort(root, gh, *_learners(root))
    assert result.exit_code == 0, result.output
    golden("cohort/table.en.md", result.stdout)  # carol's repository is private: left out
    assert "carol" not in result.stdout


def test_the_page_shows_public_learners_only(root: Path, gh: FakeGitHub, golden: Any) -> None:
    page = root / "site/index.html"
    result = _cohort(root, gh, *_learners(root), "--html", str(page))
    assert result.exit_code == 0, result.output
    golden("cohort/page.ja.html", page.read_text(encoding="utf-8"))
    assert "carol" not in page.read_text(encoding="utf-8")
    assert "warning: a GitHub Pages site is public; 1 learner(s) with a private repository" in result.stderr


def test_include_private_shows_everyone(root: Path, gh: FakeGitHub) -> None:
    page = root / "site/index.html"
    result = _cohort(root, gh, *_learners(root), "--html", str(page), "--include-private")
    assert result.exit_code == 0, result.output
    assert 'data-repo="carol/llm-year"' in page.read_text(encoding="utf-8")
    assert "warning: a GitHub Pages site" not in result.stderr


def test_the_page_escapes_what_it_shows(root: Path, gh: FakeGitHub) -> None:
    """Autoescape: a learner controls their repository's name, never the page's markup."""
    from llm_roadmap.cohort.progress import LearnerRow
    from llm_roadmap.cohort.query import Spend
    from llm_roadmap.cohort.report import view
    from llm_roadmap.render import Renderer

    row = LearnerRow("x/<script>alert(1)</script>", "https://github.com/x/y", False, "not-bootstrapped")
    page = Renderer(root / "templates", "en").render(
        "cohort/page.html.j2", view=view([row], generated="now", spend=Spend(), include_private=False)
    )
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_publish_edits_one_issue_and_never_reposts(root: Path, gh: FakeGitHub) -> None:
    first = _cohort(root, gh, *_learners(root), "--publish", "--repo", MENTOR_REPO)
    assert first.exit_code == 0, first.output
    assert "created https://github.com/mentor/cohort/issues/1" in first.stderr
    issues = gh.state.repo("mentor", "cohort").issues  # type: ignore[union-attr]
    assert len(issues) == 1
    assert issues[0].body is not None
    assert issues[0].body.startswith(MARKER)
    assert "carol" not in issues[0].body  # a public repository's issue shows no private learner
    again = _cohort(root, gh, *_learners(root), "--publish", "--repo", MENTOR_REPO)
    assert "unchanged https://github.com/mentor/cohort/issues/1" in again.stderr
    gh.set_time("2027-03-08T00:00:00Z")
    later = _cohort(
        root, gh, *_learners(root), "--publish", "--repo", MENTOR_REPO, "--now", "2027-03-08T09:00:00+09:00"
    )
    assert "updated https://github.com/mentor/cohort/issues/1" in later.stderr
    assert len(issues) == 1
    assert [w.operation for w in gh.writes] == ["issues/create", "issues/update"]


def test_a_strangers_marker_is_not_ours(root: Path, gh: FakeGitHub) -> None:
    stranger = gh.add_issue(MENTOR_REPO, "Cohort", body=f"{MARKER}\nfake", author="mallory")
    result = _cohort(root, gh, *_learners(root), "--publish", "--repo", MENTOR_REPO)
    assert result.exit_code == 0, result.output
    assert stranger.body == f"{MARKER}\nfake"
    assert "created https://github.com/mentor/cohort/issues/2" in result.stderr


def test_an_unreadable_repository_is_named_with_the_fix(root: Path, gh: FakeGitHub) -> None:
    gh.state.repo("bob", "llm-year").private = True  # type: ignore[union-attr]
    gh.state.repo("bob", "llm-year").permissions.pop("mentor")  # type: ignore[union-attr]
    result = _cohort(root, gh, *_learners(root), "--include-private")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "warning: cannot read 1 of 4 learner repositories: bob/llm-year\n"
        "  hint: give a token that can read the learners' repositories in GITHUB_TOKEN"
    )
    assert "A workflow's own GITHUB_TOKEN cannot read other repositories" in result.stderr
    assert "| bob/llm-year | 🔒 読めません |" in result.stdout


def test_a_workflow_token_reads_nothing_and_fails(root: Path, gh: FakeGitHub) -> None:
    gh.add_actions_token("actions-token", MENTOR_REPO)
    for spec in LEARNERS:
        owner, _, name = spec.repo.partition("/")
        gh.state.repo(owner, name).private = True  # type: ignore[union-attr]
    result = _cohort(root, gh, *_learners(root), token="actions-token")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: cannot read 4 of 4 learner repositories:")
    assert "the workflow uses the secret COHORT_TOKEN" in result.stderr


def test_search_by_topic(root: Path, gh: FakeGitHub) -> None:
    for spec in LEARNERS[:2]:
        owner, _, name = spec.repo.partition("/")
        gh.state.repo(owner, name).topics.append("llm-roadmap")  # type: ignore[union-attr]
    result = _cohort(root, gh, "--search", "topic:llm-roadmap")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| [")]
    assert [row.split("]")[0] for row in rows] == ["| [bob/llm-year", "| [alice/llm-year"]


def test_shards_merge_into_the_same_table(root: Path, gh: FakeGitHub, tmp_path: Path) -> None:
    whole = _cohort(root, gh, *_learners(root))
    paths = []
    for index in (1, 2, 3):
        path = tmp_path / f"shard-{index}.json"
        done = _cohort(root, gh, *_learners(root), "--shard", f"{index}/3", "--save", str(path))
        assert done.exit_code == 0, done.output
        assert done.stdout == ""
        paths.append(str(path))
    assert sum(len(json.loads((tmp_path / f"shard-{i}.json").read_text())["rows"]) for i in (1, 2, 3)) == 4
    merged = invoke(root, "cohort", "merge", *paths, "--now", NOW)
    assert merged.exit_code == 0, merged.output
    table = [line for line in merged.stdout.splitlines() if line.startswith("|")]
    assert table == [line for line in whole.stdout.splitlines() if line.startswith("|")]


def test_a_broken_shard_is_located(root: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "shard.json", '{"version": 1,\n "rows": [}\n')
    result = invoke(root, "cohort", "merge", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:2:11: not a JSON document\n  hint: use the file")


def test_shard_needs_save(root: Path) -> None:
    result = invoke(root, "cohort", "--learners", str(root / "cohort.yaml"), "--shard", "1/2", "--publish")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --shard reads one slice")


def test_a_large_cohort_fits_one_issue(root: Path, tmp_path: Path) -> None:
    """GitHub refuses an issue body over 65,536 characters: the furthest behind stay, the rest are counted."""
    from llm_roadmap.cohort import shards
    from llm_roadmap.cohort.progress import LearnerRow
    from llm_roadmap.cohort.query import Spend

    rows = [
        LearnerRow(
            f"learner-{n:04d}/{'x' * 60}", f"https://github.com/learner-{n:04d}/x", False, "ok", 1, n % 50, 40
        )
        for n in range(1000)
    ]
    path = write(tmp_path, "shard.json", shards.dump("1/1", rows, Spend(20, 240)))
    result = invoke(root, "cohort", "merge", str(path), "--now", NOW)
    assert result.exit_code == 0, result.output
    assert len(result.stdout) <= 65_536
    shown = [line for line in result.stdout.splitlines() if line.startswith("| [learner-")]
    assert f"…ほか {1000 - len(shown)} 人" in result.stdout
    assert "| 1 | 0% / 40% ⚠️ |" in shown[0]  # furthest behind first


def test_a_rate_limited_batch_waits_for_the_reset(root: Path, gh: FakeGitHub) -> None:
    """GraphQL rate limits arrive as HTTP 200 with type RATE_LIMITED: wait, then read again."""
    gh.graphql_rate_limit_next(1)
    result = _cohort(root, gh, *_learners(root), "--include-private")
    assert result.exit_code == 0, result.output
    assert [r.injected for r in gh.requests if r.operation == "graphql"] == [True, False]
    assert "| [alice/llm-year]" in result.stdout


def test_the_workflows_issue_is_edited_by_the_mentors_run(root: Path, gh: FakeGitHub) -> None:
    """The weekly workflow opens the issue as github-actions[bot]; a run by hand edits that one."""
    mine = gh.add_issue(MENTOR_REPO, "Cohort", body=f"{MARKER}\nold", author="github-actions[bot]")
    result = _cohort(root, gh, *_learners(root), "--publish", "--repo", MENTOR_REPO)
    assert result.exit_code == 0, result.output
    assert f"updated https://github.com/mentor/cohort/issues/{mine.number}" in result.stderr
    assert len(gh.state.repo("mentor", "cohort").issues) == 1  # type: ignore[union-attr]
