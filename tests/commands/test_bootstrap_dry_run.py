"""`roadmap bootstrap --dry-run`: the plan as text and as JSON, with no token and no network."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest

from testing.repo import CONFIG, FIXTURE_CONFIG, copy_repo, invoke, load, snapshot

if TYPE_CHECKING:
    from pathlib import Path

START = "start_date: 2027-01-04"


def _config(start: str, **extra: str) -> str:
    text = FIXTURE_CONFIG.read_text(encoding="utf-8")
    assert START in text
    text = text.replace(START, f"start_date: {start}")
    for key, value in extra.items():
        text += f"{key}: {value}\n"
    return text


def _plan(tmp_path: Path, *args: str, config: str | None = None) -> dict[str, Any]:
    root = copy_repo(tmp_path, config=config)
    result = invoke(root, "bootstrap", "--dry-run", "--json", *args)
    assert (result.exit_code, result.stderr) == (0, "")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_plan_text_lists_everything(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    before = snapshot(root)
    result = invoke(root, "bootstrap", "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "ロードマップの計画 → octocat/llm-year",
        "開始日: 2027-01-04  タイムゾーン: Asia/Tokyo  言語: ja",
        "--dry-run: 何も送信しません。",
    ]
    document = _plan(tmp_path / "json")
    for issue in document["issues"]:
        assert f"{issue['title']}  [{issue['key']}]" in result.stdout
    for milestone in document["milestones"]:
        assert f"+ {milestone['title']}  期日 {milestone['due_on']}" in result.stdout
    assert lines[-1] == (
        f"合計: {len(document['labels'])} ラベル, {len(document['milestones'])} マイルストーン,"
        f" {len(document['issues'])} issues, {len(document['sub_issues'])} サブissue, 1 ボード"
    )
    assert snapshot(root) == before


def test_plan_json_matches_the_roadmap(tmp_path: Path) -> None:
    document = _plan(tmp_path)
    roadmap = load(copy_repo(tmp_path / "again")).roadmap
    assert (document["format"], document["repo"], document["start_date"]) == (
        1,
        "octocat/llm-year",
        "2027-01-04",
    )
    keys = [issue["key"] for issue in document["issues"]]
    assert set(roadmap.skill_ids) <= set(keys)
    assert {d.id for _, d in roadmap.deliverables()} <= set(keys)
    assert {f"{p.id}.epic" for p in roadmap.phases} <= set(keys)
    children = {(s["parent"], s["child"]) for s in document["sub_issues"]}
    assert {(f"{phase.id}.epic", skill.id) for phase, _, skill in roadmap.skills()} <= children
    assert [label["name"] for label in document["labels"]] == [label.name for label in roadmap.github.labels]
    assert len(document["board"]["items"]) == len(keys) - 1


def test_no_token_is_needed_and_a_token_changes_nothing(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    without = invoke(root, "bootstrap", "--dry-run", "--json")
    with_token = invoke(root, "bootstrap", "--dry-run", "--json", env={"GITHUB_TOKEN": "ghp_unused"})
    assert without.exit_code == with_token.exit_code == 0
    assert without.stdout == with_token.stdout
    assert "ghp_unused" not in with_token.output


def _dates(document: dict[str, Any]) -> dict[str, dt.date]:
    found = {f"milestone {m['key']}": dt.date.fromisoformat(m["due_on"]) for m in document["milestones"]}
    for issue in document["issues"]:
        for field in ("start", "due"):
            if issue[field]:
                found[f"{issue['key']} {field}"] = dt.date.fromisoformat(issue[field])
    return found


def test_moving_the_start_date_moves_every_date(tmp_path: Path) -> None:
    first = _dates(_plan(tmp_path / "a", config=_config("2027-01-04")))
    later = _dates(_plan(tmp_path / "b", config=_config("2027-01-11")))
    assert first.keys() == later.keys()
    assert len(first) > 0
    # The 4th and the 11th are both early in the month, so months shift by exactly 7 days too.
    assert {name: later[name] - first[name] for name in first} == dict.fromkeys(first, dt.timedelta(days=7))


def test_the_plan_text_shows_the_moved_dates(tmp_path: Path) -> None:
    root = copy_repo(tmp_path, config=_config("2030-06-17"))
    result = invoke(root, "bootstrap", "--dry-run")
    assert "開始日: 2030-06-17" in result.stdout
    assert "2027-" not in result.stdout
    first_phase = load(root).roadmap.phases[0]
    assert f"[{first_phase.id}.epic]  2030-06-17 → " in result.stdout


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Calendar months from the 31st end on the day before the clamped same day.
        (
            "2027-01-31",
            {"milestone p2.m4": "2027-05-30", "milestone p2.m5": "2027-06-29", "p1.epic due": "2027-04-29"},
        ),
        (
            "2027-12-31",
            {"milestone p2.m4": "2028-04-29", "p1.epic due": "2028-03-30", "p3.epic due": "2028-12-30"},
        ),
        (
            "2028-02-29",
            {"milestone p2.m4": "2028-06-28", "p3.epic due": "2029-02-27", "p1.epic start": "2028-02-29"},
        ),
    ],
)
def test_month_ends_and_leap_years(tmp_path: Path, start: str, expected: dict[str, str]) -> None:
    dates = _dates(_plan(tmp_path, config=_config(start)))
    assert {name: dates[name].isoformat() for name in expected} == expected


def test_no_project_leaves_the_board_out(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    result = invoke(root, "bootstrap", "--dry-run", "--no-project")
    assert "= Projectsボード: --no-project のため作成しません" in result.stdout
    assert result.stdout.rstrip().endswith("サブissue")


def test_english_plan(tmp_path: Path) -> None:
    config = _config("2027-01-04").replace("language: ja", "language: en")
    root = copy_repo(tmp_path, config=config)
    result = invoke(root, "bootstrap", "--dry-run")
    assert result.stdout.splitlines()[0] == "Roadmap plan → octocat/llm-year"
    _, _, skill = next(load(root).roadmap.skills())
    assert f"[P1] {skill.title.en}" in result.stdout


def test_repo_option_must_be_owner_slash_name(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    result = invoke(root, "bootstrap", "--dry-run", "--repo", "not a repo")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: invalid repository 'not a repo'\n  hint: write it as owner/name, e.g. octocat/llm-year\n"
    )


def test_repo_option_wins_over_the_config(tmp_path: Path) -> None:
    document = _plan(tmp_path, "--repo", "someone/elsewhere")
    assert document["repo"] == "someone/elsewhere"
    root = copy_repo(tmp_path / "plain", config=_config("2027-01-04").replace("repo:", "# repo:"))
    write_free = invoke(root, "bootstrap", "--dry-run")
    assert write_free.stdout.splitlines()[0] == "ロードマップの計画 (リポジトリ未指定)"
    assert (root / CONFIG).exists()
