"""The stuck bot's core: reading the form as GitHub renders it, choosing the advice, one reply."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest

from llm_roadmap import ownership
from llm_roadmap.bots import progress, stuck
from llm_roadmap.changes import CreateComment, UpdateComment
from llm_roadmap.ownership import bot_marker, trusted_authors
from llm_roadmap.render import Renderer
from llm_roadmap.snapshot import Comment, Issue, Issues
from testing.forms import render_form
from testing.repo import REPO_ROOT, RESOURCES

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.workspace import Workspace

FORM = REPO_ROOT / ".github" / "ISSUE_TEMPLATE" / "stuck.yml"
TECHNICAL = "技術的に詰まった時 / When you're stuck on a technical problem"
P2 = "p2: RAGと精度向上の実践 / RAG and Improving Accuracy in Practice"
READ_ERROR = "エラーメッセージを正確に読んだか？ / Did you read the error message carefully?"
DOCS = "公式ドキュメントを確認したか？ / Did you check the official documentation?"
REST = "適切に休息を取っているか？ / Are you getting proper rest?"
TRACE = "Traceback (most recent call last):\nopenai.BadRequestError: context_length_exceeded"


def report(answers: dict[str, str] | None = None, ticked: Collection[str] = (), **fields: object) -> Issue:
    body = render_form(FORM, answers or {"situation": "It does not work"}, ticked)
    defaults: dict[str, object] = {
        "number": 7,
        "title": "🚦 つまずいた / Stuck: x",
        "body": body,
        "state": "open",
        "labels": ("stuck",),
        "author": "octocat",
        "association": "OWNER",
    }
    return Issue(**{**defaults, **fields})  # type: ignore[arg-type]


# -- reading the form ---------------------------------------------------------------------
def test_the_form_reads_back_as_github_renders_it() -> None:
    read = stuck.read_report(
        render_form(FORM, {"phase": P2, "kind": TECHNICAL, "situation": TRACE}, {READ_ERROR})
    )
    assert read.answers[stuck.PHASE_LABEL] == P2
    assert read.answers[stuck.KIND_LABEL] == TECHNICAL
    assert read.answers["試したこと / What I have tried"] == ""  # _No response_
    assert read.answers["状況 / What is happening"] == f"```markdown\n{TRACE}\n```"
    assert read.ticked == {READ_ERROR}


def test_the_forms_dropdowns_are_the_roadmaps(workspace: Workspace) -> None:
    import yaml

    fields = {f.get("id"): f for f in yaml.safe_load(FORM.read_text(encoding="utf-8"))["body"]}
    roadmap = workspace.roadmap
    assert fields["phase"]["attributes"]["label"] == stuck.PHASE_LABEL
    assert fields["phase"]["attributes"]["options"] == [stuck.phase_option(p) for p in roadmap.phases]
    assert fields["kind"]["attributes"]["label"] == stuck.KIND_LABEL
    assert fields["kind"]["attributes"]["options"] == [stuck.checklist_option(c) for c in roadmap.guide.stuck]
    assert not fields["phase"]["validations"]["required"]
    assert not fields["kind"]["validations"]["required"]


@pytest.mark.parametrize(
    ("answers", "ticked", "expected"),
    [
        ({"kind": TECHNICAL}, {REST}, ["stuck.technical"]),  # the kind picked wins
        ({}, {REST}, ["stuck.stalled"]),  # else the lists with a tick
        ({}, {REST, DOCS}, ["stuck.stalled", "stuck.technical"]),
        ({}, (), ["stuck.stalled", "stuck.technical", "stuck.motivation"]),  # else all
    ],
)
def test_the_checklists_for_the_case(
    workspace: Workspace, answers: dict[str, str], ticked: set[str], expected: list[str]
) -> None:
    read = stuck.read_report(render_form(FORM, answers, ticked))
    assert [c.id for c in stuck.chosen_checklists(read, workspace.roadmap.guide.stuck)] == expected


def test_the_phase_picked_or_none(workspace: Workspace) -> None:
    phases = workspace.roadmap.phases
    assert stuck.chosen_phase(stuck.read_report(render_form(FORM, {"phase": P2})), phases) == "p2"
    assert stuck.chosen_phase(stuck.read_report(render_form(FORM, {})), phases) is None
    hand = f"### {stuck.PHASE_LABEL}\n\np9: not a phase\n"
    assert stuck.chosen_phase(stuck.read_report(hand), phases) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TRACE, ["error.api.context-length-exceeded"]),
        ("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate", ["error.env.cuda-out-of-memory"]),
        ("ModuleNotFoundError: No module named 'langchain'", ["error.env.module-not-found"]),
        ("docker build が失敗しました", ["error.env.docker-build-failed"]),
        ("なんとなくやる気が出ない", []),
    ],
)
def test_errors_named_in_the_text(workspace: Workspace, text: str, expected: list[str]) -> None:
    ids = {row.error: row.id for group in workspace.roadmap.guide.errors for row in group.rows}
    assert set(expected) <= set(ids.values()), "the ids of roadmap/guide.yaml's error rows"
    assert [r.id for r in stuck.named_errors(text, workspace.roadmap.guide)] == expected


def test_checkbox_labels_never_name_an_error(workspace: Workspace) -> None:
    body = render_form(FORM, {}, ())
    read = stuck.read_report(body)
    assert read.ticked == frozenset()
    assert stuck.named_errors(body, workspace.roadmap.guide) == ()


# -- whose report -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("author", "association", "answered"),
    [
        ("octocat", "OWNER", True),
        ("OctoCat", None, True),  # the learner, whatever GitHub reports
        ("friend", "COLLABORATOR", True),
        ("teammate", "MEMBER", True),
        ("mallory", "CONTRIBUTOR", False),
        ("mallory", "FIRST_TIME_CONTRIBUTOR", False),
        ("mallory", "NONE", False),
        (None, None, False),
    ],
)
def test_only_the_learners_reports(author: str | None, association: str | None, answered: bool) -> None:
    assert stuck.is_learners(report(author=author, association=association), "octocat") is answered


def test_open_reports_leaves_out_closed_unlabelled_and_strangers() -> None:
    issues = [
        report(number=3),
        report(number=4, state="closed"),
        report(number=5, labels=("bug",)),
        report(number=6, author="mallory", association="NONE"),
        report(number=2, labels=("Stuck",)),
    ]
    assert [i.number for i in stuck.open_reports(issues, "octocat")] == [2, 3]


def test_the_event_payload_is_read_for_the_guards() -> None:
    payload = json.loads((RESOURCES / "webhooks" / "issues.opened.json").read_text(encoding="utf-8"))
    found = stuck.event_report(payload)
    assert found is not None
    issue, learner = found
    assert (issue.number, issue.labels, issue.author, issue.association) == (
        1,
        ("bug",),
        "Codertocat",
        "OWNER",
    )
    assert learner == "Codertocat"
    assert not stuck.is_stuck_report(issue)
    assert stuck.event_report({"issue": "x"}) is None
    assert stuck.event_report({}) is None


# -- one reply, edited --------------------------------------------------------------------
AUTHORS = frozenset({"github-actions[bot]", "octocat"})


def test_one_reply_then_edits() -> None:
    body = stuck.marker(7) + "\nadvice"
    assert stuck.plan_reply(7, [], AUTHORS, body) == [CreateComment(7, body)]
    mine = Comment(40, stuck.marker(7) + "\nold", "github-actions[bot]")
    assert stuck.plan_reply(7, [mine], AUTHORS, body) == [UpdateComment(7, 40, body)]
    assert stuck.plan_reply(7, [Comment(40, body, "github-actions[bot]")], AUTHORS, body) == []


def test_a_strangers_copy_of_the_marker_is_not_ours() -> None:
    body = stuck.marker(7) + "\nadvice"
    forged = Comment(41, stuck.marker(7) + "\nphishing", "mallory")
    assert stuck.plan_reply(7, [forged], AUTHORS, body) == [CreateComment(7, body)]
    assert stuck.marker(7) == bot_marker("stuck-reply:7")


# -- the reply, golden ----------------------------------------------------------------------
def tasks(desired: Desired, closed: int) -> list[progress.Task]:
    """The plan's tasks as issues #10, #11...; the first `closed` ones closed."""
    issues = [
        Issue(
            10 + n,
            item.title,
            ownership.wrap(item.key, "x"),
            "closed" if n < closed else "open",
            closed_at=dt.datetime(2027, 1, 10, tzinfo=dt.UTC) if n < closed else None,
            url=f"https://github.com/octocat/llm-year/issues/{10 + n}",
            author="octocat",
        )
        for n, item in enumerate(desired.issues)
    ]
    return progress.tasks_of(desired, Issues.of(issues, authors=trusted_authors("octocat")), dt.UTC)  # type: ignore[arg-type]


def view_of(workspace: Workspace, desired: Desired, issue: Issue, today: dt.date) -> stuck.StuckView:
    all_tasks = tasks(desired, closed=4)
    phases = progress.phase_progress(workspace.roadmap, desired, all_tasks, today)
    return stuck.stuck_view(
        issue=issue,
        phases=workspace.roadmap.phases,
        progress=phases,
        current=progress.current_phase(phases, today),
        tasks=all_tasks,
        guide=workspace.roadmap.guide,
        today=today,
    )


def test_the_phase_is_the_schedules_unless_picked(workspace: Workspace, desired: Desired) -> None:
    today = dt.date(2027, 2, 1)
    assert view_of(workspace, desired, report(), today).phase.id == "p1"
    assert not view_of(workspace, desired, report(), today).phase_from_form
    picked = view_of(workspace, desired, report({"phase": P2}), today)
    assert (picked.phase.id, picked.phase_from_form) == ("p2", True)
    assert picked.next_task is not None
    assert picked.next_task.phase == "p2"


def test_the_next_step_is_the_first_open_task(workspace: Workspace, desired: Desired) -> None:
    view = view_of(workspace, desired, report(), dt.date(2027, 2, 1))
    open_p1 = sorted(
        (t for t in tasks(desired, closed=4) if t.phase == "p1" and not t.is_closed),
        key=lambda t: (t.start, t.due, t.key),
    )
    assert view.next_task == open_p1[0]
    assert stuck.next_task([], "p1") is None


@pytest.mark.parametrize("language", ["ja", "en"])
def test_reply_golden(
    workspace: Workspace, desired: Desired, golden: Callable[[str, str], None], language: str
) -> None:
    issue = report({"kind": TECHNICAL, "situation": TRACE, "tried": "- retried"}, {READ_ERROR})
    view = view_of(workspace, desired, issue, dt.date(2027, 2, 1))
    renderer = Renderer(workspace.renderer.templates_dir, language)  # type: ignore[arg-type]
    body = renderer.render(
        "bots/stuck-reply.md.j2", view=view, marker=stuck.marker(7), guide=workspace.roadmap.guide
    )
    assert body.startswith(stuck.marker(7) + "\n")
    assert "phishing" not in body
    golden(f"bots/stuck-reply.{language}.md", body)


def test_a_long_report_reads_in_linear_time() -> None:
    """A report may hold 65,536 characters; a run of spaces inside a heading must not make
    reading it slow (a lazy capture took 20 s: benchmarks/bench_stuck.py). Asserted here
    only as correct; the time is measured in the benchmark."""
    body = "### a" + " " * 30000 + "b\n- [X] " + " " * 30000 + "y \n"
    read = stuck.read_report(body)
    assert read.answers == {"a" + " " * 30000 + "b": "- [X] " + " " * 30000 + "y"}
    assert read.ticked == {"y"}
