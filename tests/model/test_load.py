"""Loading the roadmap files and the config, and the checks across files."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.errors import InvalidInput
from llm_roadmap.model.load import load_all, load_roadmap
from testing.repo import CONFIG, copy_repo, replace_once, where

if TYPE_CHECKING:
    from pathlib import Path

P1 = "roadmap/phases/p1.yaml"
P2 = "roadmap/phases/p2.yaml"
GUIDE = "roadmap/guide.yaml"
GITHUB = "roadmap/github.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repo(tmp_path)


def _problems(root: Path, config: Path | None = None) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_all(root, config or root / CONFIG)
    return [p.render() for p in caught.value.problems]


def test_the_repository_roadmap_loads(root: Path) -> None:
    roadmap, config = load_all(root, root / CONFIG)
    assert [p.number for p in roadmap.phases] == list(range(1, len(roadmap.phases) + 1))
    assert config.repo == "octocat/llm-year"
    for phase, period, skill in roadmap.skills():
        assert period.id.startswith(phase.id + ".")
        assert skill.id.startswith(period.id + ".")
    for phase, deliverable in roadmap.deliverables():
        assert deliverable.id.startswith(phase.id + ".")
        assert set(deliverable.skills) <= roadmap.skill_ids


def test_ids_are_unique_across_the_roadmap(root: Path) -> None:
    roadmap = load_roadmap(root)
    ids = [s.id for _, _, s in roadmap.skills()] + [d.id for _, d in roadmap.deliverables()]
    ids += [p.id for phase in roadmap.phases for p in phase.periods]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_roadmap_loads_without_a_config(root: Path) -> None:
    (root / CONFIG).unlink()
    assert load_roadmap(root).phases


def test_problems_in_several_files_come_together_sorted(root: Path) -> None:
    (root / CONFIG).write_text("start_date: 2027-01-04\nlanguage: fr\n", encoding="utf-8")
    replace_once(root, P1, "hours: 20", "hours: 0")
    problems = _problems(root)
    assert [p.split(":", 1)[0] for p in problems] == [str(CONFIG), P1]


def test_config_outside_the_root_is_shown_as_given(root: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-learner.yaml"
    outside.write_text("start_date: 2027-01-04\ntimezone: Mars/Olympus\n", encoding="utf-8")
    try:
        [problem] = _problems(root, outside)
    finally:
        outside.unlink()
    assert problem.startswith(f"{outside}:2:11: timezone: not a known IANA time zone")


def test_phase_numbers_must_differ(root: Path) -> None:
    replace_once(root, P2, "number: 2", "number: 1")
    assert _problems(root) == [
        f"{where(root, P2, '1', occurrence=_number_line(root))}: phase number 1 is used twice\n"
        "  hint: number phases 1, 2, 3, ..."
    ]


def _number_line(root: Path) -> int:
    """Which occurrence of '1' in p2.yaml is the value of `number:` (the test edits it)."""
    text = (root / P2).read_text(encoding="utf-8")
    return text[: text.index("number: 1") + len("number: ")].count("1") + 1


def test_ids_must_live_inside_their_phase(root: Path) -> None:
    replace_once(root, P2, "id: p2.m4.embeddings", "id: p9.m4.embeddings")
    problems = _problems(root)
    assert (
        f"{where(root, P2, 'p9.m4.embeddings')}: id 'p9.m4.embeddings' is not inside phase 'p2'\n"
        "  hint: start it with 'p2.' so ids stay unique and readable"
    ) in problems


def test_label_for_an_unknown_phase(root: Path) -> None:
    replace_once(root, GITHUB, "phase: p3", "phase: p33")
    assert _problems(root) == [
        f"{where(root, GITHUB, '- name:')}: no label for phase 'p3'\n  hint: add a label with 'phase: p3'",
        f"{where(root, GITHUB, 'p33')}: unknown phase id 'p33'\n  hint: did you mean 'p3'?",
    ]


def test_weekly_hours_problem_points_at_the_key(root: Path) -> None:
    (root / CONFIG).write_text("start_date: 2027-01-04\nweekly_hours:\n  p7: 10\n", encoding="utf-8")
    assert _problems(root) == [
        "roadmap/config.yaml:3:3: unknown phase id 'p7' in weekly_hours\n"
        "  hint: use the id of an existing phase; the ids are in roadmap/phases/*.yaml"
    ]


def test_invalid_input_says_nothing_was_sent(root: Path) -> None:
    (root / CONFIG).write_text("start_date: 2027-01-04\nskip: [nope, p1.zzz]\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_all(root, root / CONFIG)
    assert caught.value.exit_code == 2
    assert caught.value.render().endswith("\n2 problems found; nothing was sent to GitHub.")
