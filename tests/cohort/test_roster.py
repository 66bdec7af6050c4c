"""The cohort file: every problem at path:line:col with a hint, exit 2; shards."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from llm_roadmap.cohort.roster import Learner, Shard, load_roster
from llm_roadmap.errors import InvalidInput, UsageError
from testing.repo import invoke, write

if TYPE_CHECKING:
    from pathlib import Path


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, "cohort.yaml", text)
    with pytest.raises(InvalidInput) as caught:
        load_roster(path, path.relative_to(tmp_path))
    return [p.render() for p in caught.value.problems]


def test_repositories_and_organisation_learners(tmp_path: Path) -> None:
    path = write(
        tmp_path, "cohort.yaml", "learners:\n  - alice/llm-year\n  - repo: acme/bob-year\n    learner: bob\n"
    )
    assert load_roster(path) == [Learner("alice/llm-year", "alice"), Learner("acme/bob-year", "bob")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "learners:\n  - alice/llm-year\n  - not a repo\n",
            "cohort.yaml:3:5: not a repository name: 'not a repo'\n"
            "  hint: write the repository as owner/name, e.g. - octocat/llm-year",
        ),
        (
            "learners:\n  - alice/llm-year\n  - Alice/LLM-year\n",
            "cohort.yaml:3:5: Alice/LLM-year is listed twice\n  hint: remove one of them",
        ),
        (
            "learner:\n  - alice/llm-year\n",
            "cohort.yaml:1:1: the cohort file has no `learners:` list\n"
            "  hint: write the repository as owner/name, e.g. - octocat/llm-year",
        ),
        (
            "learners: []\n",
            "cohort.yaml:1:11: `learners:` must be a non-empty list\n"
            "  hint: write the repository as owner/name, e.g. - octocat/llm-year",
        ),
        (
            "learners:\n  - repo: acme/x\n    learner: -bad\n",
            "cohort.yaml:3:14: not a GitHub login: '-bad'\n"
            "  hint: write the learner's GitHub login, e.g. learner: octocat",
        ),
        (
            "learners:\n  - repo: acme/x\n    lerner: bob\n",
            "cohort.yaml:3:5: unknown key 'lerner'\n  hint: a learner has `repo:` and optionally `learner:`",
        ),
    ],
    ids=["bad-name", "duplicate", "no-list", "empty", "bad-login", "unknown-key"],
)
def test_problems_are_located(tmp_path: Path, text: str, expected: str) -> None:
    assert _problems(tmp_path, text) == [expected]


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, "a: &a [x, x]\nlearners: *a\n")
    assert problem.startswith("cohort.yaml:")


def test_the_command_exits_2_and_reads_nothing(tmp_path: Path) -> None:
    from testing.repo import copy_repo

    root = copy_repo(tmp_path / "repo")
    write(root, "cohort.yaml", "learners:\n  - alice/llm-year\n  - ../etc\n")
    # A token that reaches nothing: the file is refused before any request.
    result = invoke(
        root,
        "cohort",
        "--learners",
        str(root / "cohort.yaml"),
        env={"GITHUB_TOKEN": "x", "GITHUB_API_URL": "http://127.0.0.1:9"},
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "error: cohort.yaml:3:5: not a repository name: '../etc'\n"
        "  hint: write the repository as owner/name, e.g. - octocat/llm-year\n"
        "1 problem found; nothing was sent to GitHub.\n"
    )
    assert result.stdout == ""


def test_shards_split_evenly_and_stably() -> None:
    learners = [Learner.of(f"u{n:02d}/year") for n in range(10)]
    slices = [Shard.parse(f"{i}/3").take(list(reversed(learners))) for i in (1, 2, 3)]
    assert [len(s) for s in slices] == [4, 3, 3]
    assert sorted(x for s in slices for x in s) == learners


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "a/b", "2", "1/300"])
def test_bad_shards_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="hint: write i/n"):
        Shard.parse(text)
