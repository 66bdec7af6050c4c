"""The desired workspace built from the roadmap: issues, labels, milestones, board, bodies."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.plan.desired import DASHBOARD_KEY, build_desired
from llm_roadmap.render import Renderer
from testing.repo import copy_repo, load

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from llm_roadmap.plan.desired import Desired
    from testing.repo import Loaded

REPO_URL = "https://github.com/octocat/llm-year"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    """One copy for the module; tests that edit the config make their own."""
    return load(copy_repo(tmp_path_factory.mktemp("repo")))


def _desired(loaded: Loaded, language: str = "ja", repo_url: str | None = REPO_URL) -> Desired:
    assert language in ("ja", "en")
    config = loaded.config.model_copy(update={"language": language})
    renderer = Renderer(loaded.root / "templates", config.language)
    return build_desired(loaded.roadmap, config, loaded.schedule, renderer, repo_url)


def test_one_issue_per_item(loaded: Loaded) -> None:
    desired = _desired(loaded)
    roadmap = loaded.roadmap
    kinds = Counter(issue.kind for issue in desired.issues)
    assert kinds == {
        "dashboard": 1,
        "epic": len(roadmap.phases),
        "skill": len(roadmap.skill_ids),
        "deliverable": sum(1 for _ in roadmap.deliverables()),
    }
    keys = [issue.key for issue in desired.issues]
    assert keys[0] == DASHBOARD_KEY
    assert len(set(keys)) == len(keys)
    titles = [issue.title for issue in desired.issues]
    assert len(set(titles)) == len(titles)


def test_items_hang_under_their_phase_epic(loaded: Loaded) -> None:
    desired = _desired(loaded)
    for phase, period, skill in loaded.roadmap.skills():
        issue = desired.issue(skill.id)
        assert (issue.parent, issue.phase, issue.milestone) == (f"{phase.id}.epic", phase.id, period.id)
        assert (issue.hours, issue.importance) == (skill.hours, skill.importance)
        assert (issue.start, issue.due) == (
            loaded.schedule.skills[skill.id].start,
            loaded.schedule.skills[skill.id].end,
        )
    for phase, deliverable in loaded.roadmap.deliverables():
        issue = desired.issue(deliverable.id)
        assert issue.parent == f"{phase.id}.epic"
        assert issue.milestone in {p.id for p in phase.periods}
    assert desired.issue(DASHBOARD_KEY).parent is None


def test_labels_follow_kind_phase_and_importance(loaded: Loaded) -> None:
    desired = _desired(loaded)
    labels = loaded.roadmap.github.labels
    every = {label.name for label in labels if label.every_item}
    assert every
    for issue in desired.issues:
        assert every <= set(issue.labels)
        assert {label.name for label in labels if label.kind == issue.kind} <= set(issue.labels)
        if issue.phase:
            assert {label.name for label in labels if label.phase == issue.phase} <= set(issue.labels)
        if issue.importance:
            assert {label.name for label in labels if label.importance == issue.importance} <= set(
                issue.labels
            )
    assert {label.name for label in desired.labels} == {label.name for label in labels}


def test_one_milestone_per_period_due_at_its_end(loaded: Loaded) -> None:
    desired = _desired(loaded)
    periods = [period for phase in loaded.roadmap.phases for period in phase.periods]
    assert [m.key for m in desired.milestones] == [p.id for p in periods]
    assert [m.due_on for m in desired.milestones] == [loaded.schedule.periods[p.id].end for p in periods]
    assert len({m.title for m in desired.milestones}) == len(periods)


def test_board_holds_every_issue_but_the_dashboard(loaded: Loaded) -> None:
    desired = _desired(loaded)
    assert [item.issue_key for item in desired.board.items] == [
        issue.key for issue in desired.issues if issue.kind != "dashboard"
    ]
    assert [f.name for f in desired.board.fields] == [f.name for f in loaded.roadmap.github.board.fields]
    iteration = next(f for f in desired.board.fields if f.type == "iteration")
    assert iteration.iteration_start == loaded.schedule.start
    weeks = (loaded.schedule.end - loaded.schedule.start).days // 7 + 1
    assert iteration.iteration_count == weeks


def test_skipping_removes_the_issue_and_its_hours(loaded: Loaded, tmp_path: Path) -> None:
    phase, _, skill = next(loaded.roadmap.skills())
    before = _desired(loaded).issue(f"{phase.id}.epic").hours
    root = copy_repo(tmp_path)
    config = root / "roadmap/config.yaml"
    text = config.read_text(encoding="utf-8").replace("skip: []", f"skip: [{skill.id}]")
    config.write_text(text, encoding="utf-8")
    desired = _desired(load(root))
    assert skill.id not in {issue.key for issue in desired.issues}
    assert desired.issue(f"{phase.id}.epic").hours == before - skill.hours


def test_english_titles(loaded: Loaded) -> None:
    desired = _desired(loaded, "en")
    _, _, skill = next(loaded.roadmap.skills())
    assert skill.title.en in desired.issue(skill.id).title
    assert skill.title.ja not in desired.issue(skill.id).title


def test_links_are_absolute_only_with_a_repository(loaded: Loaded) -> None:
    _, deliverable = next(loaded.roadmap.deliverables())
    with_repo = _desired(loaded).issue(deliverable.id).body
    without = _desired(loaded, repo_url=None).issue(deliverable.id).body
    assert f"({REPO_URL}/tree/HEAD/{deliverable.folder})" in with_repo
    assert REPO_URL not in without
    assert f"`{deliverable.folder}/`" in without


def _golden_keys(loaded: Loaded) -> dict[str, str]:
    """One issue of each kind: the first skill, deliverable and epic, and the dashboard."""
    phase, _, skill = next(loaded.roadmap.skills())
    _, deliverable = next(loaded.roadmap.deliverables())
    return {
        "skill": skill.id,
        "deliverable": deliverable.id,
        "epic": f"{phase.id}.epic",
        "dashboard": DASHBOARD_KEY,
    }


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("kind", ["skill", "deliverable", "epic", "dashboard"])
def test_rendered_body_matches_golden(
    loaded: Loaded, golden: Callable[[str, str], None], kind: str, language: str
) -> None:
    desired = _desired(loaded, language)
    issue = desired.issue(_golden_keys(loaded)[kind])
    golden(f"{kind}.{language}.md", f"<!-- {issue.key}: {issue.title} -->\n{issue.body}")
