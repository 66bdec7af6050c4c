"""README.md and docs/: their generated sections are current, and `roadmap readme` keeps them so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from llm_roadmap import docs
from llm_roadmap.errors import InvalidInput
from testing.repo import REPO_ROOT, copy_repo, invoke, load, snapshot, write

README = Path("README.md")


def test_readme_and_docs_are_up_to_date() -> None:
    """Fails when the roadmap, the config, templates/ or the code changed without README.md and docs/."""
    result = invoke(REPO_ROOT, "readme", "--check")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout == "README.md and docs/*.md are up to date\n"


def test_readme_holds_every_generated_section() -> None:
    text = (REPO_ROOT / README).read_text(encoding="utf-8")
    for name in docs.section_names():
        assert docs.begin_marker(name) in text
        assert docs.end_marker(name) in text


SECTIONS = {"ja.gantt": "chart", "en.skills": "table"}


def _marked(name: str, body: str = "old") -> str:
    return f"{docs.begin_marker(name)}\n{body}\n{docs.end_marker(name)}"


def test_rewrite_replaces_only_marked_text() -> None:
    old_gantt, old_skills = _marked("ja.gantt"), _marked("en.skills", "a\nb")
    text = f"# Title\n\nprose\n{old_gantt}\nmiddle\n{old_skills}\nend\n"
    result = docs.rewrite(text, SECTIONS, README)
    new_gantt, new_skills = _marked("ja.gantt", "\nchart\n"), _marked("en.skills", "\ntable\n")
    assert result == f"# Title\n\nprose\n{new_gantt}\nmiddle\n{new_skills}\nend\n"
    assert docs.rewrite(result, SECTIONS, README) == result
    assert docs.rewrite("no markers\n", SECTIONS, README) == "no markers\n"


def test_rewrite_fills_a_value_inside_a_line_as_often_as_it_appears() -> None:
    value = f"{docs.begin_marker('default.x')}old{docs.end_marker('default.x')}"
    text = f"at most {value} at once\n\n| a | {value} |\n"
    result = docs.rewrite(text, {"default.x": "`5`"}, README)
    filled = f"{docs.begin_marker('default.x')}`5`{docs.end_marker('default.x')}"
    assert result == f"at most {filled} at once\n\n| a | {filled} |\n"
    assert docs.rewrite(result, {"default.x": "`5`"}, README) == result


def test_a_section_of_several_lines_cannot_stand_inside_a_line() -> None:
    text = f"see {_marked('ja.gantt').replace(chr(10), '')} here\n"
    with pytest.raises(InvalidInput) as caught:
        docs.rewrite(text, {"ja.gantt": "a\nb"}, README)
    assert [p.render() for p in caught.value.problems] == [
        "README.md:1:5: section 'ja.gantt' has several lines; it cannot stand inside a line\n"
        "  hint: put its markers on lines of their own"
    ]


HINT = "every begin marker needs a matching end marker with the same name; restore them from git"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            f"intro\n{docs.begin_marker('ja.gantt')}\nbody\n",
            [f"README.md:2:1: section 'ja.gantt' is never ended\n  hint: {HINT}"],
            id="never-ended",
        ),
        pytest.param(
            f"a\n\n  {docs.end_marker('ja.gantt')}\n",
            [f"README.md:3:3: end marker for 'ja.gantt' without its begin\n  hint: {HINT}"],
            id="end-without-begin",
        ),
        pytest.param(
            f"{docs.begin_marker('ja.gantt')}\n{docs.begin_marker('en.skills')}\n{docs.end_marker('en.skills')}\n",
            [f"README.md:1:1: section 'ja.gantt' is never ended\n  hint: {HINT}"],
            id="nested",
        ),
        pytest.param(
            f"{_marked('ja.gantt')}\n{_marked('ja.gantt')}\n",
            [f"README.md:4:1: section 'ja.gantt' appears twice\n  hint: {HINT}"],
            id="twice",
        ),
        pytest.param(
            f"x\n{_marked('ja.gannt')}\n",
            ["README.md:2:1: unknown generated section 'ja.gannt'\n  hint: use one of: en.skills, ja.gantt"],
            id="unknown",
        ),
    ],
)
def test_broken_markers_are_reported(text: str, expected: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        docs.rewrite(text, SECTIONS, README)
    assert [p.render() for p in caught.value.problems] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第1-4週 基礎構築", "第1-4週 基礎構築"),
        ("Weeks 1-4: Building", "Weeks 1-4 Building"),
        ("C# ; notes", "C , notes"),
    ],
)
def test_mermaid_text(text: str, expected: str) -> None:
    assert docs.mermaid_text(text) == expected


def _copy_with_readme(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path)
    shutil.copyfile(REPO_ROOT / README, root / README)
    return root


def test_gantt_follows_the_config_start_date(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    loaded = load(root)
    gantt = docs.render_sections(loaded.roadmap, loaded.config, loaded.schedule, root / "templates")[
        "ja.gantt"
    ]
    assert gantt.startswith("```mermaid\ngantt\n")
    assert "    dateFormat YYYY-MM-DD\n" in gantt
    for phase in loaded.roadmap.phases:
        assert f"    section Phase {phase.number} {phase.title.ja}\n" in gantt
        for period in phase.periods:
            dates = loaded.schedule.periods[period.id]
            assert f" : {dates.start}, {dates.days}d\n" in gantt


def test_readme_check_fails_when_stale_and_readme_fixes_it(tmp_path: Path) -> None:
    root = _copy_with_readme(tmp_path)
    config = (root / "roadmap/config.yaml").read_text(encoding="utf-8")
    write(root, "roadmap/config.yaml", config.replace("2027-01-04", "2029-10-01"))
    before = snapshot(root)

    stale = invoke(root, "readme", "--check")
    assert stale.exit_code == 1
    assert stale.stderr == (
        "error: README.md is out of date: its generated sections differ from roadmap/*.yaml,"
        " roadmap/config.yaml, templates/readme/, templates/docs/ and the code\n"
        "  hint: run `uv run roadmap readme` and commit README.md\n"
    )
    assert snapshot(root) == before

    fixed = invoke(root, "readme")
    assert (fixed.exit_code, fixed.stdout) == (0, "README.md: generated sections regenerated\n")
    after = snapshot(root)
    assert {name for name in after if after[name] != before.get(name)} == {"README.md"}
    assert "2029-10-01" in after["README.md"].decode()

    fresh = invoke(root, "readme", "--check")
    assert (fresh.exit_code, fresh.stdout, fresh.stderr) == (
        0,
        "README.md and docs/*.md are up to date\n",
        "",
    )


def _copy_with_docs(tmp_path: Path) -> Path:
    root = _copy_with_readme(tmp_path)
    shutil.copytree(REPO_ROOT / "docs", root / "docs")
    return root


@pytest.mark.parametrize(
    ("doc", "old", "new"),
    [
        pytest.param(
            "docs/bootstrap.md",
            "<!-- roadmap:generated:begin default.bootstrap.max-close -->`5`",
            "<!-- roadmap:generated:begin default.bootstrap.max-close -->`7`",
            id="a-default-in-a-sentence",
        ),
        pytest.param("docs/cli.md", "| `--max-close` | integer ≥ 0 | `5` |", "| `--max-close` | |", id="cli"),
        pytest.param("docs/cli.md", "| 130 |", "| 131 |", id="exit-codes"),
    ],
)
def test_readme_check_fails_when_a_doc_is_stale_and_readme_fixes_it(
    tmp_path: Path, doc: str, old: str, new: str
) -> None:
    root = _copy_with_docs(tmp_path)
    assert invoke(root, "readme", "--check").exit_code == 0
    pristine = snapshot(root)
    text = (root / doc).read_text(encoding="utf-8")
    assert old in text
    write(root, doc, text.replace(old, new, 1))
    before = snapshot(root)

    stale = invoke(root, "readme", "--check")
    assert (stale.exit_code, stale.stdout) == (1, "")
    assert stale.stderr.startswith(f"error: {doc} is out of date: its generated sections differ")
    assert stale.stderr.endswith(f"  hint: run `uv run roadmap readme` and commit {doc}\n")
    assert snapshot(root) == before

    fixed = invoke(root, "readme")
    assert (fixed.exit_code, fixed.stdout) == (0, f"{doc}: generated sections regenerated\n")
    assert snapshot(root) == pristine


def test_readme_check_names_every_stale_file(tmp_path: Path) -> None:
    root = _copy_with_docs(tmp_path)
    for doc, value in (("docs/bots.md", "`400`"), ("docs/cohort.md", "`50`")):
        text = (root / doc).read_text(encoding="utf-8")
        assert f"-->{value}<" in text
        write(root, doc, text.replace(f"-->{value}<", "-->`9`<", 1))
    stale = invoke(root, "readme", "--check")
    assert stale.exit_code == 1
    assert stale.stderr.startswith("error: docs/bots.md, docs/cohort.md are out of date: their generated")


def test_readme_without_a_readme(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    result = invoke(root, "readme", "--check")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: README.md:1:1: file not found\n  hint: restore README.md from the template repository\n"
    )
