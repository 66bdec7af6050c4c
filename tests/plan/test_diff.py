"""The diff decides every write: what it creates, updates, and leaves to the learner."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import pytest

from llm_roadmap import ownership
from llm_roadmap.changes import CloseIssue, CreateIssue, LinkSubIssue, SetValue, UpdateIssue, UpdateMilestone
from llm_roadmap.plan.diff import Options, compose_body, diff
from llm_roadmap.plan.notes import (
    DuplicateKey,
    FieldLacksOptions,
    FieldTypeDiffers,
    ForeignIterations,
    IgnoredLookalike,
    RemovedIssue,
)
from llm_roadmap.settings import Settings
from llm_roadmap.snapshot import (
    Existing,
    Issue,
    Label,
    Lookalike,
    Milestone,
    Project,
    ProjectField,
    ProjectItem,
)
from llm_roadmap.workspace import Workspace
from testing.repo import copy_fixture_repo

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import Desired


@pytest.fixture(scope="module")
def desired(tmp_path_factory: pytest.TempPathFactory) -> Desired:
    root = copy_fixture_repo(tmp_path_factory.mktemp("repo"))
    settings = Settings.from_environment(root=root, environ={})
    return Workspace.load(settings).desired("https://github.com/octo/year")


def applied_state(desired: Desired) -> Existing:
    """What GitHub holds right after a complete bootstrap of `desired`."""
    existing = Existing()
    existing.labels = {
        label.name: Label(label.name, label.color, label.description) for label in desired.labels
    }
    existing.milestones = {
        m.title: Milestone(n, m.title, "open", m.description, m.due_on)
        for n, m in enumerate(desired.milestones, start=1)
    }
    for n, issue in enumerate(desired.issues, start=1):
        existing.issues[issue.key] = Issue(
            number=n,
            id=1000 + n,
            node_id=f"I_{n}",
            title=issue.title,
            body=compose_body(desired, issue),
            state="open",
            labels=issue.labels,
            milestone=desired.milestone_title(issue.milestone),
        )
        if issue.parent:
            existing.sub_issues.setdefault(issue.parent, set()).add(issue.key)
    fields = {
        f.name: ProjectField(
            f"F_{f.name}",
            f.name,
            f.type,
            {o: o for o in f.options},
            iterations={title: f"I_{title}" for title, _ in f.iterations()},
            iteration_starts=dict(f.iterations()),
        )
        for f in desired.board.fields
    }
    items = {
        existing.issues[item.issue_key].node_id: ProjectItem(
            f"PVTI_{item.issue_key}", existing.issues[item.issue_key].node_id, dict(item.values)
        )
        for item in desired.board.items
    }
    views = tuple(v.name for v in desired.board.views)
    existing.board = Project(
        "PVT_1",
        1,
        "https://github.com/users/octo/projects/1",
        desired.board.title,
        desired.board.description,
        True,
        fields,
        views,
        items,
    )
    return existing


def summary(plan_changes: list) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for change in plan_changes:
        counts[(change.action, change.kind)] = counts.get((change.action, change.kind), 0) + 1
    return counts


def test_empty_repository_creates_everything(desired: Desired) -> None:
    plan = diff(desired, Existing())
    values = sum(len(item.values) for item in desired.board.items)
    assert summary(plan.changes) == {
        ("create", "label"): 17,
        ("create", "milestone"): 9,
        ("create", "issue"): 28,
        ("create", "board"): 1,
        ("create", "field"): 7,
        ("create", "view"): 3,
        ("add", "item"): 27,
        ("set", "value"): values,
    }
    kinds = [c.kind for c in plan.changes]
    assert kinds.index("issue") < kinds.index("board") < kinds.index("item")


def test_a_new_issue_is_made_under_its_epic_in_one_change(desired: Desired) -> None:
    """Epics first, then their children in roadmap order, each carrying its parent: one
    write with GraphQL createIssue (issue #12), so no separate link is planned."""
    creates = [c for c in diff(desired, Existing()).changes if c.kind == "issue"]
    assert [c.key for c in creates] == [i.key for i in desired.issues]
    assert all(isinstance(c, CreateIssue) for c in creates)
    assert {c.key: c.parent for c in creates if isinstance(c, CreateIssue)} == {
        i.key: i.parent for i in desired.issues
    }
    position = {c.key: n for n, c in enumerate(creates)}
    assert all(
        position[c.parent] < position[c.key] for c in creates if isinstance(c, CreateIssue) and c.parent
    )


def test_applied_state_needs_no_change(desired: Desired) -> None:
    assert diff(desired, applied_state(desired)).changes == []


def test_without_project_no_board_changes(desired: Desired) -> None:
    plan = diff(desired, Existing(), Options(project=False))
    assert {c.kind for c in plan.changes} == {"label", "milestone", "issue"}


def _replace_issue(existing: Existing, key: str, **changes: object) -> Issue:
    issue = dataclasses.replace(existing.issues[key], **changes)
    existing.issues[key] = issue
    return issue


def _changed_roadmap(desired: Desired, key: str, **changes: object) -> Desired:
    issues = tuple(dataclasses.replace(i, **changes) if i.key == key else i for i in desired.issues)
    return dataclasses.replace(desired, issues=issues)


KEY = "p1.w1-4.python-basics"


def test_learner_ticks_and_notes_survive_a_roadmap_text_change(desired: Desired) -> None:
    existing = applied_state(desired)
    body = existing.issues[KEY].body
    first_box = next(line for line in body.splitlines() if line.startswith("- [ ] "))
    learner_body = body.replace(first_box, first_box.replace("- [ ]", "- [x]")) + "\nmy notes: tried uv\n"
    _replace_issue(existing, KEY, body=learner_body)
    assert diff(desired, existing).changes == []

    new_text = desired.issue(KEY).body.replace("Python", "Python 3.12", 1)
    plan = diff(_changed_roadmap(desired, KEY, body=new_text), existing)
    [change] = plan.changes
    assert isinstance(change, UpdateIssue)
    assert (change.action, change.kind, change.key) == ("update", "issue", KEY)
    new_body = change.body
    assert new_body is not None
    assert first_box.replace("- [ ]", "- [x]") in new_body
    assert new_body.endswith("\nmy notes: tried uv\n")
    assert "Python 3.12" in ownership.managed_part(new_body)
    assert change.changed() == ("body",)


def test_learner_title_wins_but_roadmap_title_change_applies(desired: Desired) -> None:
    existing = applied_state(desired)
    _replace_issue(existing, KEY, title="Python (I know it)")
    changed = _changed_roadmap(desired, KEY, title="[P1] Python basics v2")
    plan = diff(changed, existing)
    assert all(not isinstance(c, UpdateIssue) or c.title is None for c in plan.changes)

    untouched = applied_state(desired)
    [change] = diff(changed, untouched).changes
    assert isinstance(change, UpdateIssue)
    assert change.title == "[P1] Python basics v2"


def test_closed_issue_is_never_touched(desired: Desired) -> None:
    existing = applied_state(desired)
    _replace_issue(existing, KEY, state="closed")
    plan = diff(_changed_roadmap(desired, KEY, body="new text", title="new title"), existing)
    assert [c for c in plan.changes if c.kind == "issue"] == []


def test_labels_are_added_and_only_own_old_labels_removed(desired: Desired) -> None:
    existing = applied_state(desired)
    current = existing.issues[KEY]
    _replace_issue(existing, KEY, labels=(*current.labels, "my-label"))
    new_labels = (*tuple(name for name in current.labels if not name.startswith("★")), "★★★★")
    [change] = [
        c
        for c in diff(_changed_roadmap(desired, KEY, labels=new_labels), existing).changes
        if c.kind == "issue"
    ]
    assert isinstance(change, UpdateIssue)
    assert change.labels is not None
    assert "my-label" in change.labels
    assert "★★★★" in change.labels
    assert "★★★★★" not in change.labels


def test_existing_label_with_other_colour_is_left_alone(desired: Desired) -> None:
    existing = applied_state(desired)
    existing.labels["skill"] = Label("skill", "000000", "the learner's own")
    assert diff(desired, existing).changes == []


def test_removed_item_left_open_unless_asked(desired: Desired) -> None:
    existing = applied_state(desired)
    smaller = dataclasses.replace(desired, issues=tuple(i for i in desired.issues if i.key != KEY))
    plan = diff(smaller, existing)
    assert [c for c in plan.changes if c.kind == "issue"] == []
    current = existing.issues[KEY]
    assert plan.left_alone == [RemovedIssue(current.number, current.title, KEY)]

    [close] = [c for c in diff(smaller, existing, Options(close_removed=True)).changes if c.kind == "issue"]
    assert isinstance(close, CloseIssue)
    assert close.state_reason == "not_planned"
    assert close.reason == "removed"


def test_milestone_due_date_moves(desired: Desired) -> None:
    existing = applied_state(desired)
    title = desired.milestones[0].title
    existing.milestones[title] = dataclasses.replace(existing.milestones[title], due_on=dt.date(2020, 1, 1))
    [change] = diff(desired, existing).changes
    assert change == UpdateMilestone(
        1, title, due_on=desired.milestones[0].due_on, key=desired.milestones[0].key
    )


def test_board_value_edited_by_learner_is_kept_and_empty_value_filled(desired: Desired) -> None:
    existing = applied_state(desired)
    assert existing.board is not None
    node = existing.issues[KEY].node_id
    item = existing.board.items[node]
    values = dict(item.values)
    values["Target"] = dt.date(2030, 1, 1)  # the learner dragged it on the roadmap view
    del values["Hours"]  # and cleared another
    existing.board.items[node] = dataclasses.replace(item, values=values)
    plan = diff(desired, existing)
    assert [(c.kind, c.field) for c in plan.changes if isinstance(c, SetValue)] == [("value", "Hours")]
    assert len(plan.changes) == 1


def test_missing_sub_issue_link_is_planned(desired: Desired) -> None:
    existing = applied_state(desired)
    existing.sub_issues["p1.epic"].discard(KEY)
    [change] = diff(desired, existing).changes
    assert change == LinkSubIssue("p1.epic", KEY, desired.issue(KEY).title)


def test_duplicate_marker_is_reported(desired: Desired) -> None:
    existing = applied_state(desired)
    existing.duplicates.append(dataclasses.replace(existing.issues[KEY], number=99))
    plan = diff(desired, existing)
    assert plan.changes == []
    assert plan.left_alone == [DuplicateKey(99, existing.issues[KEY].title, KEY)]


def _weeks_moved(existing: Existing, days: int, title: str = "Week {n}") -> None:
    """Give the board's Week field the iterations of a start date `days` earlier."""
    assert existing.board is not None
    week = existing.board.fields["Week"]
    starts = {
        title.format(n=n): start - dt.timedelta(days=days)
        for n, start in enumerate(week.iteration_starts.values(), start=1)
    }
    existing.board.fields["Week"] = dataclasses.replace(week, iteration_starts=starts)


def test_moved_weeks_are_rebuilt_and_every_week_set_again(desired: Desired) -> None:
    existing = applied_state(desired)
    _weeks_moved(existing, 28)
    assert existing.board is not None
    node = existing.issues[KEY].node_id
    item = existing.board.items[node]
    existing.board.items[node] = dataclasses.replace(item, values={**item.values, "Week": "Week 9"})
    plan = diff(desired, existing)
    [rebuild] = [c for c in plan.changes if c.kind == "field"]
    assert (rebuild.action, rebuild.key) == ("update", "Week")
    weeks = {c.key: c.value for c in plan.changes if isinstance(c, SetValue)}
    assert set(weeks) == {i.issue_key for i in desired.board.items}
    assert weeks[KEY] == "Week 9"  # the learner's own choice survives the rebuild
    assert summary(plan.changes) == {("update", "field"): 1, ("set", "value"): len(desired.board.items)}


def test_weeks_the_tool_did_not_make_are_left_alone(desired: Desired) -> None:
    existing = applied_state(desired)
    _weeks_moved(existing, 28, title="Sprint {n}")
    plan = diff(desired, existing)
    assert [c for c in plan.changes if c.kind == "field"] == []
    assert plan.left_alone == [ForeignIterations("Week")]


def test_a_board_field_of_another_type_is_left_alone(desired: Desired) -> None:
    existing = applied_state(desired)
    assert existing.board is not None
    hours = existing.board.fields["Hours"]
    existing.board.fields["Hours"] = dataclasses.replace(hours, type="text")
    plan = diff(desired, existing)
    assert [c for c in plan.changes if c.kind == "field"] == []
    assert plan.left_alone == [FieldTypeDiffers("Hours", "text", "number")]


def test_a_single_select_field_missing_options_is_left_alone(desired: Desired) -> None:
    existing = applied_state(desired)
    assert existing.board is not None
    kind = existing.board.fields["Kind"]
    wanted = next(f for f in desired.board.fields if f.name == "Kind").options
    existing.board.fields["Kind"] = dataclasses.replace(kind, options={wanted[0]: wanted[0]})
    plan = diff(desired, existing)
    assert plan.left_alone == [FieldLacksOptions("Kind", tuple(wanted[1:]))]


def test_a_lookalike_names_a_key_only_when_it_is_ours(desired: Desired) -> None:
    existing = applied_state(desired)
    existing.ignored.extend([Lookalike(7, "mallory", KEY), Lookalike(8, None, "<b>not ours</b>")])
    plan = diff(desired, existing)
    assert plan.changes == []
    assert plan.left_alone == [IgnoredLookalike(7, "mallory", KEY), IgnoredLookalike(8, "ghost", "")]
