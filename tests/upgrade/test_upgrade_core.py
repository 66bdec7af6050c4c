"""The pure-ish core of `roadmap upgrade`: who owns a path, the per-file three-way decision,
the record of the base."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.errors import InvalidInput
from llm_roadmap.plan.desired import Desired, DesiredIssue, DesiredMilestone
from llm_roadmap.upgrade.base import read_record, render_record
from llm_roadmap.upgrade.git import Entry, Git
from llm_roadmap.upgrade.merge import Trees, merge
from llm_roadmap.upgrade.owned import Ownership
from llm_roadmap.upgrade.roadmap_diff import compare
from testing.gitcopy import git
from testing.repo import FIXTURE_CONFIG, copy_fixture_repo, invoke

if TYPE_CHECKING:
    from pathlib import Path

KIT = "projects/p1-d01-simple-chat"


@pytest.mark.parametrize(
    ("path", "template_owns"),
    [
        ("src/llm_roadmap/cli.py", True),
        ("scripts/bootstrap", True),
        ("templates/issues/skill.md.j2", True),
        (".github/workflows/daily.yml", True),
        ("roadmap/phases/p1.yaml", True),
        (f"{KIT}/README.md", True),
        (f"{KIT}/check.yaml", True),
        ("projects/kits.lock.json", True),
        ("roadmap/config.yaml", False),
        ("roadmap/upgrade.yaml", False),
        (".templatesyncignore", False),
        (f"{KIT}/simple_chat.py", False),
        (f"{KIT}/requirements.txt", False),
        (f"{KIT}/notes/README.md", False),
        ("README.md", False),
        ("notes/day1.md", False),
        ("docs/mine.md", False),  # named in the ignore file below
        ("src/llm_roadmap/mine/x.py", False),
    ],
)
def test_ownership(path: str, template_owns: bool) -> None:
    owned = Ownership.build(["# my files", "docs/mine.md", "/src/llm_roadmap/mine/"])
    assert owned.template_owns(path) is template_owns


@pytest.fixture
def repo(tmp_path: Path) -> Git:
    git(tmp_path, "init", "-q")
    return Git(tmp_path)


def blob(repo: Git, text: str | bytes, mode: str = "100644") -> Entry:
    return Entry(mode, repo.write_blob(text.encode() if isinstance(text, str) else text))


@pytest.mark.parametrize(
    ("base", "theirs", "ours", "expected"),
    [
        ("a\n", "a\n", "mine\n", None),  # nothing new from the template: the learner's file stays
        ("a\n", "b\n", "b\n", None),  # the learner already has it
        ("a\n", "b\n", "a\n", ("updated", "b\n")),
        (None, "new\n", None, ("added", "new\n")),
        ("a\n", None, "a\n", ("deleted", None)),
        ("a\n", None, None, None),  # both deleted it
        ("a\n", "b\n", None, ("conflict", None)),  # the learner deleted it: not brought back
        ("a\n", None, "mine\n", ("conflict", "mine\n")),  # the template deleted it: kept
        (
            None,
            "t\n",
            "o\n",
            ("conflict", "<<<<<<< yours (your copy)\no\n=======\nt\n>>>>>>> template (new)\n"),
        ),
        ("1\n2\n3\n4\n5\n", "1\n2t\n3\n4\n5\n", "1\n2\n3\n4\n5o\n", ("merged", "1\n2t\n3\n4\n5o\n")),
        ("\0a", "\0b", "\0c", ("conflict", "\0c")),  # binary: the learner's version kept
    ],
)
def test_three_way_decision(
    repo: Git, base: str | None, theirs: str | None, ours: str | None, expected: tuple[str, str | None] | None
) -> None:
    path = "src/x.py"
    trees = Trees(*({path: blob(repo, text)} if text is not None else {} for text in (base, theirs, ours)))
    changes = merge(repo, trees, Ownership.build())
    if expected is None:
        assert changes == []
        return
    [change] = changes
    assert change.action == expected[0]
    content = None if change.entry is None else repo.blob(change.entry.blob).decode()
    assert content == expected[1]


def test_the_kit_manifest_follows_the_template_and_learner_files_are_skipped(repo: Git) -> None:
    manifest, mine = "projects/kits.lock.json", f"{KIT}/app.py"
    trees = Trees(
        {manifest: blob(repo, "{1}"), mine: blob(repo, "a")},
        {manifest: blob(repo, "{2}"), mine: blob(repo, "template")},
        {manifest: blob(repo, "{mine}"), mine: blob(repo, "learner")},
    )
    [change] = merge(repo, trees, Ownership.build())
    assert (change.path, change.action, change.entry) == (manifest, "updated", blob(repo, "{2}"))


def test_a_new_executable_bit_comes_with_the_template(repo: Git) -> None:
    path = "scripts/tool"
    trees = Trees(
        {path: blob(repo, "1\n2\n3\n")},
        {path: blob(repo, "1t\n2\n3\n", "100755")},
        {path: blob(repo, "1\n2\n3o\n")},
    )
    [change] = merge(repo, trees, Ownership.build())
    assert change.entry is not None
    assert (change.action, change.entry.mode) == ("merged", "100755")


def test_the_record_round_trips_and_a_broken_one_is_located(tmp_path: Path) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    (tmp_path / "roadmap").mkdir()
    (tmp_path / "roadmap/upgrade.yaml").write_text(render_record(sha), encoding="utf-8")
    assert read_record(tmp_path) == sha
    (tmp_path / "roadmap/upgrade.yaml").write_text("template_commit: main\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_record(tmp_path)
    [problem] = caught.value.problems
    assert (str(problem.path), problem.line, problem.column) == ("roadmap/upgrade.yaml", 1, 18)
    assert read_record(tmp_path / "nowhere") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("octo/llm-roadmap", None),
        (
            "not a repo",
            "roadmap/config.yaml:12:11: template: does not have the expected form (got 'not a repo')",
        ),
        (
            "octo/..",
            "roadmap/config.yaml:12:11: template: not a GitHub repository owner/name (got 'octo/..')",
        ),
    ],
)
def test_config_template_is_a_repository_name(tmp_path: Path, value: str, expected: str | None) -> None:
    copy_fixture_repo(tmp_path, config=FIXTURE_CONFIG.read_text(encoding="utf-8") + f"template: {value}\n")
    result = invoke(tmp_path, "validate")
    assert result.exit_code == (0 if expected is None else 2), result.output
    if expected is not None:
        assert result.output.startswith(f"error: {expected}\n  hint: ")


def _desired(issues: list[DesiredIssue], milestones: list[DesiredMilestone]) -> Desired:
    return Desired(labels=(), milestones=tuple(milestones), issues=tuple(issues), board=None)  # type: ignore[arg-type]


def _skill(key: str, title: str, due: dt.date, body: str = "b") -> DesiredIssue:
    return DesiredIssue(key, "skill", title, body, (), start=due - dt.timedelta(days=6), due=due)


def test_roadmap_changes_name_new_removed_moved_and_reworded_items() -> None:
    day = dt.date(2027, 1, 10)
    before = _desired(
        [_skill("a", "A", day), _skill("b", "B", day), _skill("gone", "Gone", day)],
        [DesiredMilestone("m1", "Month 1", "", day), DesiredMilestone("m2", "Month 2", "", day)],
    )
    after = _desired(
        [
            _skill("a", "A", day + dt.timedelta(days=7)),
            _skill("b", "B", day, body="new"),
            _skill("new", "New", day),
        ],
        [
            DesiredMilestone("m1", "Month 1", "", day + dt.timedelta(days=1)),
            DesiredMilestone("m3", "Month 3", "", day),
        ],
    )
    assert compare(before, after) == [
        "+ issue New",
        "- issue Gone (bootstrap --close-removed would close it)",
        "~ issue A: 2027-01-04..2027-01-10 -> 2027-01-11..2027-01-17",
        "~ issue B: text changed",
        "+ milestone Month 3 (due 2027-01-10)",
        "- milestone Month 2",
        "~ milestone Month 1: due 2027-01-10 -> 2027-01-11",
    ]
