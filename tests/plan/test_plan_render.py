"""The plan a learner reads: the fixed apply order, the summary by kind, board values folded
under their item, numbers as the roadmap writes them; text and Markdown pinned by goldens,
the JSON document by its documented shape."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.changes import (
    AddItem,
    CloseIssue,
    CreateBoard,
    CreateComment,
    CreateField,
    CreateIssue,
    CreateLabel,
    CreateMilestone,
    CreateView,
    LinkBoard,
    LinkSubIssue,
    Plan,
    SetValue,
    UpdateBoard,
    UpdateField,
    UpdateIssue,
    UpdateMilestone,
    apply_order,
    shown,
)
from llm_roadmap.plan.diff import Options, diff
from llm_roadmap.plan.document import diff_document
from llm_roadmap.plan.notes import (
    DuplicateKey,
    FieldLacksOptions,
    FieldTypeDiffers,
    ForeignIterations,
    IgnoredLookalike,
    MoreLookalikes,
    RemovedIssue,
)
from llm_roadmap.plan.outline import outline, summarise
from llm_roadmap.render import Renderer
from llm_roadmap.settings import Settings
from llm_roadmap.snapshot import Existing
from llm_roadmap.workspace import Workspace
from plan.test_diff import KEY, applied_state
from plan.test_diff import desired as desired
from testing.repo import copy_fixture_repo

if TYPE_CHECKING:
    from collections.abc import Callable

    from llm_roadmap.model.schema import Language
    from llm_roadmap.plan.desired import Desired

REPO = "octo/year"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = copy_fixture_repo(tmp_path_factory.mktemp("repo"))
    return Workspace.load(Settings.from_environment(root=root, environ={}))


def render(workspace: Workspace, plan: Plan, template: str) -> str:
    return workspace.renderer.render(
        template, plan=plan, repo=REPO, summary=summarise(plan), entries=outline(plan)
    )


def update_and_close(desired: Desired) -> Plan:
    """A later run: one issue renamed in the roadmap, one removed (closed with
    --close-removed), a milestone moved, a board value the learner cleared."""
    existing = applied_state(desired)
    renamed = "p1.w1-4.llm-api-basics"
    issues = tuple(
        dataclasses.replace(i, title="[P1] LLM API の基本 v2") if i.key == renamed else i
        for i in desired.issues
        if i.key != KEY
    )
    smaller = dataclasses.replace(
        desired,
        issues=issues,
        board=dataclasses.replace(
            desired.board, items=tuple(i for i in desired.board.items if i.issue_key != KEY)
        ),
    )
    title = desired.milestones[0].title
    existing.milestones[title] = dataclasses.replace(existing.milestones[title], due_on=dt.date(2020, 1, 1))
    assert existing.board is not None
    node = existing.issues[renamed].node_id
    item = existing.board.items[node]
    existing.board.items[node] = dataclasses.replace(
        item, values={k: v for k, v in item.values.items() if k != "Hours"}
    )
    return diff(smaller, existing, Options(close_removed=True))


def test_apply_order_is_fixed_and_issue_updates_come_last(desired: Desired) -> None:
    changes = [
        UpdateIssue(3, body="b", key="k"),
        SetValue("k", "Hours", 20.0),
        AddItem("k", "t"),
        CloseIssue(4, "gone", "Gone"),
        CreateView(desired.board.views[0]),
        CreateField(desired.board.fields[0]),
        LinkBoard("B"),
        CreateBoard("B", "d"),
        LinkSubIssue("p", "k", "t"),
        CreateIssue("t", "b", (), key="k"),
        UpdateMilestone(1, "M", description="d"),
        CreateMilestone("m", "M", "d", dt.date(2027, 1, 4)),
        CreateLabel("roadmap", "ffffff", ""),
    ]
    ordered = sorted(changes, key=apply_order)
    assert [(c.kind, c.action) for c in ordered] == [
        ("label", "create"),
        ("milestone", "create"),
        ("milestone", "update"),
        ("issue", "create"),
        ("sub-issue", "link"),
        ("board", "create"),
        ("board", "link"),
        ("field", "create"),
        ("view", "create"),
        ("item", "add"),
        ("value", "set"),
        ("issue", "update"),
        ("issue", "close"),
    ]


def test_a_first_bootstrap_is_in_apply_order(desired: Desired) -> None:
    plan = diff(desired, Existing())
    assert plan.changes == sorted(plan.changes, key=apply_order)
    kinds = [c.kind for c in plan.changes]
    assert kinds.index("issue") < kinds.index("board") < kinds.index("item") < kinds.index("value")


@pytest.mark.parametrize(
    ("value", "text"),
    [(20.0, "20"), (2.5, "2.5"), (dt.date(2027, 1, 4), "2027-01-04"), ("Week 3", "Week 3")],
)
def test_values_are_shown_as_the_roadmap_writes_them(value: float | dt.date | str, text: str) -> None:
    assert shown(value) == text
    assert SetValue("k", "F", value).caption == f"F = {text}"


def test_values_fold_under_their_item(desired: Desired) -> None:
    plan = diff(desired, Existing())
    entries = outline(plan)
    items = [e for e in entries if e.kind == "item"]
    assert len(items) == len(desired.board.items)
    assert all(e.symbol == "+" and e.values for e in items)
    assert sum(len(e.values) for e in entries) == plan.count("value")
    assert len(entries) == len(plan.changes) - plan.count("value")
    summary = summarise(plan)
    assert (summary.add, summary.change, summary.close) == (len(entries), 0, 0)
    assert summary.values == plan.count("value")


def test_values_of_an_item_already_on_the_board_get_one_entry(desired: Desired) -> None:
    plan = update_and_close(desired)
    [entry] = [e for e in outline(plan) if e.kind == "item"]
    assert (entry.symbol, entry.change, entry.key, entry.values_text) == (
        "~",
        None,
        "p1.w1-4.llm-api-basics",
        "Hours = 15",
    )


def test_first_bootstrap_plan_text(
    desired: Desired, workspace: Workspace, golden: Callable[[str, str], None]
) -> None:
    plan = diff(desired, Existing())
    text = render(workspace, plan, "apply-plan.txt.j2")
    golden("plan/first-bootstrap.txt", text)
    assert len(text.splitlines()) < len(plan.changes) / 2  # one line per object, values folded


def test_first_bootstrap_plan_markdown(
    desired: Desired, workspace: Workspace, golden: Callable[[str, str], None]
) -> None:
    plan = diff(desired, Existing())
    golden("plan/first-bootstrap.md", render(workspace, plan, "apply-plan.md.j2"))


def test_update_and_close_plan_text(
    desired: Desired, workspace: Workspace, golden: Callable[[str, str], None]
) -> None:
    plan = update_and_close(desired)
    text = render(workspace, plan, "apply-plan.txt.j2")
    golden("plan/update-and-close.txt", text)
    assert "  - issue " in text
    assert "(title, body)" in text


def test_update_and_close_plan_markdown(
    desired: Desired, workspace: Workspace, golden: Callable[[str, str], None]
) -> None:
    golden("plan/update-and-close.md", render(workspace, update_and_close(desired), "apply-plan.md.j2"))


def test_nothing_to_do_says_so(desired: Desired, workspace: Workspace) -> None:
    plan = diff(desired, applied_state(desired))
    assert render(workspace, plan, "apply-plan.txt.j2") == f"最新の状態です。変更はありません。 ({REPO})\n"


def test_json_document_has_the_documented_shape(desired: Desired) -> None:
    plan = update_and_close(desired)
    document = json.loads(json.dumps(diff_document(plan, REPO), ensure_ascii=False))
    assert set(document) == {"format", "repo", "summary", "changes", "left_alone"}
    assert document["summary"] == {"add": 0, "change": 2, "close": 1, "values": 1}
    for change in document["changes"]:
        assert {"kind", "action", "key", "title", "fields"} <= set(change)
    by_kind = {(c["kind"], c["action"]): c for c in document["changes"]}
    assert by_kind["issue", "close"]["fields"] == {
        "number": applied_state(desired).issues[KEY].number,
        "title": desired.issue(KEY).title,
        "state_reason": "not_planned",
    }
    assert by_kind["issue", "update"]["fields"]["title"] == "[P1] LLM API の基本 v2"
    assert "labels" not in by_kind["issue", "update"]["fields"]  # only what changes
    assert by_kind["milestone", "update"]["fields"]["due_on"] == desired.milestones[0].due_on.isoformat()
    assert by_kind["value", "set"]["fields"] == {
        "field": "Hours",
        "value": 15.0,
        "title": "[P1] LLM API の基本 v2",
    }


def test_every_kind_renders(desired: Desired, workspace: Workspace) -> None:
    """Each class the plan can hold has a line (no dict keys, no per-kind template branch)."""
    plan = Plan(
        changes=[
            UpdateBoard("B", "new description"),
            UpdateField(desired.board.fields[-1]),
            CreateComment(3, "hi"),
        ]
    )
    text = render(workspace, plan, "apply-plan.txt.j2")
    assert "  ~ board B [board] (description)\n" in text
    assert f"  ~ field {desired.board.fields[-1].name} (iterations)\n" in text
    assert "  + comment #3\n" in text


def test_json_document_shows_a_milestone_being_removed(workspace: Workspace) -> None:
    """milestone=None is a write (it removes the milestone): the JSON names it as the text does;
    a milestone left alone (UNCHANGED) and the other None fields are not sent."""
    removes = UpdateIssue(3, milestone=None, key="k", name="Issue")
    plan = Plan(changes=[removes, UpdateIssue(4, body="b", key="j", name="Other")])
    removed, untouched = diff_document(plan, REPO)["changes"]
    assert removed["fields"] == {"number": 3, "milestone": None}
    assert untouched["fields"] == {"number": 4, "body": "b"}
    assert "  ~ issue Issue [k] (milestone)\n" in render(workspace, plan, "apply-plan.txt.j2")


def test_text_and_markdown_say_the_same_after_the_caption(desired: Desired, workspace: Workspace) -> None:
    """One macro words an object's epic, what changes and why for both layouts."""
    epic = next(i for i in desired.issues if i.parent is not None)
    plan = update_and_close(desired)
    plan.changes.insert(0, CreateIssue(epic.title, "b", (), parent=epic.parent, key=epic.key))
    text = render(workspace, plan, "apply-plan.txt.j2")
    markdown = render(workspace, plan, "apply-plan.md.j2")
    for said in (f"↳ {epic.parent}", "(due_on)", "(title, body)", "— ロードマップから削除されました"):
        assert f" {said}\n" in text
        assert f"| {said} |\n" in markdown


def every_note() -> Plan:
    """One of each note (`plan.notes`) and each reason an issue changes for."""
    return Plan(
        changes=[
            UpdateIssue(4, body="b", key="p1.w1-4.llm-api-basics", name="LLM API", reason="moved"),
            CloseIssue(5, "p1.w1-4.python-basics", "Python", reason="removed"),
        ],
        left_alone=[
            RemovedIssue(6, "Old task", "p1.old"),
            DuplicateKey(7, "LLM API", "p1.w1-4.llm-api-basics"),
            IgnoredLookalike(8, "mallory", "dashboard"),
            IgnoredLookalike(9, "ghost"),
            MoreLookalikes(26),
            FieldTypeDiffers("Hours", "text", "number"),
            FieldLacksOptions("Kind", ("成果物", "スキル")),
            ForeignIterations("Week"),
        ],
    )


@pytest.mark.parametrize("layout", ["txt", "md"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_note_and_reason_in_both_languages(
    workspace: Workspace, golden: Callable[[str, str], None], language: Language, layout: str
) -> None:
    renderer = Renderer(workspace.renderer.templates_dir, language)
    plan = every_note()
    text = renderer.render(
        f"apply-plan.{layout}.j2", plan=plan, repo=REPO, summary=summarise(plan), entries=outline(plan)
    )
    golden(f"plan/notes.{language}.{layout}", text)


def test_json_gives_each_note_as_its_code_and_fields() -> None:
    document = json.loads(json.dumps(diff_document(every_note(), REPO), ensure_ascii=False))
    assert [c.get("reason") for c in document["changes"]] == ["moved", "removed"]
    assert document["left_alone"] == [
        {"what": "removed", "number": 6, "title": "Old task", "key": "p1.old"},
        {"what": "duplicate", "number": 7, "title": "LLM API", "key": "p1.w1-4.llm-api-basics"},
        {"what": "lookalike", "number": 8, "author": "mallory", "key": "dashboard"},
        {"what": "lookalike", "number": 9, "author": "ghost", "key": ""},
        {"what": "more-lookalikes", "count": 26},
        {"what": "field-type", "field": "Hours", "type": "text", "wanted": "number"},
        {"what": "field-options", "field": "Kind", "options": ["成果物", "スキル"]},
        {"what": "field-iterations", "field": "Week"},
    ]
