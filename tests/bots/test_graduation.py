"""Graduation: which phase an `issues` event is about (real webhook payloads), and the plan."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest

from llm_roadmap import ownership
from llm_roadmap.bots import graduation, progress
from llm_roadmap.changes import CreateComment, UpdateMilestone
from llm_roadmap.ownership import bot_marker
from llm_roadmap.render import Renderer
from llm_roadmap.schedule import DateRange
from llm_roadmap.snapshot import Comment, Issue, Milestone
from testing.repo import RESOURCES

if TYPE_CHECKING:
    from collections.abc import Callable

    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.workspace import Workspace

WEBHOOKS = RESOURCES / "webhooks"
D = dt.date


def payload(name: str) -> dict[str, Any]:
    return graduation.read_event((WEBHOOKS / name).read_text(encoding="utf-8"))


def closed_payload(body: str | None) -> dict[str, Any]:
    """`issues.closed`, derived from the package's `issues.reopened` (it ships no closed example)."""
    event = copy.deepcopy(payload("issues.reopened.json"))
    event["action"] = "closed"
    event["issue"].update(state="closed", body=body)
    return event


def test_the_examples_are_real_payloads() -> None:
    event = payload("issues.reopened.json")
    assert event["action"] == "reopened"
    assert {"issue", "repository", "sender"} <= event.keys()
    assert event["repository"]["is_template"] is False


@pytest.mark.parametrize(
    ("event", "phase"),
    [
        (lambda: payload("issues.reopened.json"), None),  # someone else's issue (no marker)
        (lambda: payload("issues.opened.json"), None),
        (lambda: payload("workflow_dispatch.json"), None),  # no issue at all
        (lambda: closed_payload(ownership.wrap("p2.m4.embeddings", "x")), "p2"),
        (lambda: closed_payload(ownership.wrap("p1.d01.simple-chat", "x")), "p1"),
        (lambda: closed_payload(ownership.wrap("dashboard", "x")), None),
        (lambda: closed_payload(None), None),
    ],
)
def test_event_phase(event: Callable[[], dict[str, Any]], phase: str | None) -> None:
    assert graduation.event_phase(event()) == phase


def test_an_unreadable_event_file_is_empty() -> None:
    assert graduation.read_event("not json") == {}
    assert graduation.read_event("[1]") == {}


def _progress(closed: int, total: int = 2) -> progress.PhaseProgress:
    return progress.PhaseProgress(
        "p1", 1, "Phase 1", DateRange(D(2027, 1, 4), D(2027, 4, 3)), closed, total, 0, 0, progress.Pace(0)
    )


MILESTONES = [
    Milestone(1, "M1", "open"),
    Milestone(2, "M2", "closed"),
    Milestone(3, "Other", "open"),
]
EPIC = Issue(2, "epic", ownership.wrap("p1.epic", "x"), "open")
AUTHORS = frozenset({"github-actions[bot]"})


def test_a_complete_phase_closes_its_milestones_and_celebrates_once() -> None:
    body = bot_marker("graduation:p1") + "\n🎓"
    changes = graduation.plan_phase(_progress(2), ["M1", "M2"], MILESTONES, EPIC, [], AUTHORS, body)
    assert changes == [UpdateMilestone(1, "M1", "closed"), CreateComment(2, body)]
    posted = [Comment(9, body, "github-actions[bot]")]
    assert (
        graduation.plan_phase(
            _progress(2), ["M1", "M2"], [Milestone(1, "M1", "closed")], EPIC, posted, AUTHORS, body
        )
        == []
    )


def test_reopening_after_graduation_reopens_the_milestones() -> None:
    posted = [Comment(9, bot_marker("graduation:p1") + "🎓", "github-actions[bot]")]
    changes = graduation.plan_phase(_progress(1), ["M1", "M2"], MILESTONES, EPIC, posted, AUTHORS, None)
    assert changes == [UpdateMilestone(2, "M2", "open")]
    # Never graduated: the learner's own closing of a milestone is left alone.
    assert graduation.plan_phase(_progress(1), ["M1", "M2"], MILESTONES, EPIC, [], AUTHORS, None) == []


def _all_closed(desired: Desired, phase: str) -> list[progress.Task]:
    tasks = []
    for item in desired.issues:
        if item.kind in ("skill", "deliverable") and item.start and item.due and item.phase:
            closed = item.due - dt.timedelta(days=3) if item.phase == phase else None
            tasks.append(
                progress.Task(
                    item.key,
                    item.kind,
                    item.phase,
                    item.title,
                    item.start,
                    item.due,
                    item.hours or 0,
                    number=1,
                    url="https://github.com/o/r/issues/1",
                    closed_on=closed,
                )
            )
    return tasks


@pytest.mark.parametrize(("phase_id", "language"), [("p1", "ja"), ("p1", "en"), ("p3", "ja")])
def test_celebration_golden(
    workspace: Workspace, desired: Desired, golden: Callable[[str, str], None], phase_id: str, language: str
) -> None:
    tasks = _all_closed(desired, phase_id)
    phases = progress.phase_progress(workspace.roadmap, desired, tasks, D(2028, 1, 1))
    phase = next(p for p in phases if p.phase == phase_id)
    assert phase.complete
    epics = {"p2.epic": Issue(20, "epic", "", "open", url="https://github.com/o/r/issues/20")}
    view = graduation.graduation_view(phase, phases, tasks, epics)
    assert view.days_early == 9 if phase_id == "p1" else view.next_phase is None  # done 03-25, planned 04-03
    renderer = Renderer(workspace.renderer.templates_dir, language)  # type: ignore[arg-type]
    body = renderer.render(
        "bots/graduation.md.j2",
        view=view,
        phase=workspace.roadmap.phase(phase_id),
        marker=bot_marker(graduation.comment_key(phase_id)),
        roadmap=workspace.roadmap,
    )
    golden(f"bots/graduation.{phase_id}.{language}.md", body)


def test_phase_milestones_are_bootstraps_titles(workspace: Workspace, desired: Desired) -> None:
    titles = graduation.phase_milestones(workspace.roadmap, desired, "p1")
    assert titles == [m.title for m in desired.milestones[:3]]
    assert all(t.startswith("Phase 1 ·") for t in titles)


def test_the_payload_files_are_unchanged_json() -> None:
    for path in WEBHOOKS.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path
