"""A reply to a "stuck" report (つまずいた時): the source's advice for the learner's case.

The stuck form (.github/ISSUE_TEMPLATE/stuck.yml) asks for the phase, the kind of
trouble, what happens, and the source's three checklists. GitHub renders the answers as
Markdown: one `### <label>` section per field, `_No response_` for an empty one, and
`- [X] ` / `- [ ] ` lines for checkboxes ("Syntax for issue forms"). `read_report`
turns that into a `StuckReport`; `stuck_view` picks from the roadmap model what applies:
the phase (the form's answer, else the schedule's phase on the run's day), the
checklists for the kind of trouble with the items still unticked, the common errors
named in the text, the phase's resources, and the next open task as the next small step.
Nothing is written here: `plan_reply` turns the rendered reply into one change, a new
comment or an edit of the bot's own (found by its marker *and* a trusted author).

Only the learner's own reports get an answer (issue #13): in a public repository anyone
may open an issue with the form, and a stranger's report must cost nothing and be echoed
nowhere (`is_learners`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from llm_roadmap.bots.learning_log import NO_RESPONSE
from llm_roadmap.bots.markers import find_comment
from llm_roadmap.changes import upsert_comment
from llm_roadmap.ownership import bot_marker
from llm_roadmap.snapshot import Issue

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping, Sequence

    from llm_roadmap.bots.progress import PhaseProgress, Task
    from llm_roadmap.changes import Change
    from llm_roadmap.model.schema import Checklist, ErrorRow, Guide, Item, Phase
    from llm_roadmap.snapshot import Comment

LABEL = "stuck"
# `author_association` values of people with a say in the repository (REST "issue" schema).
COLLABORATORS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
# The labels of the form's two dropdowns (stuck.yml), as GitHub writes them as headings.
PHASE_LABEL = "いまのフェーズ / Your current phase"
KIND_LABEL = "困っていること / What kind of trouble"
DROPDOWNS = frozenset({PHASE_LABEL, KIND_LABEL})

# Greedy captures, stripped afterwards: a lazy `(.*?)[ \t]*$` backtracks quadratically on a
# long run of spaces, and a report may hold 65,536 characters.
_HEADING = re.compile(r"^###[ \t]+(.*)$", re.MULTILINE)
_CHECKBOX = re.compile(r"^[ \t]*[-*][ \t]+\[([ xX])\][ \t]+(.*)$", re.MULTILINE)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def comment_key(number: int) -> str:
    return f"stuck-reply:{number}"


def marker(number: int) -> str:
    return bot_marker(comment_key(number))


@dataclass(frozen=True)
class StuckReport:
    """What the form collected: answers by heading, and the ticked checkbox labels."""

    answers: dict[str, str]  # heading -> answer ("" for `_No response_`)
    ticked: frozenset[str]  # checkbox labels ticked, anywhere in the body


def read_report(body: str) -> StuckReport:
    """The form's answers from the Markdown GitHub rendered (a hand-written body reads too)."""
    answers: dict[str, str] = {}
    matches = list(_HEADING.finditer(body))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        answer = body[match.end() : end].strip()
        answers.setdefault(match.group(1).strip(), "" if answer == NO_RESPONSE else answer)
    ticked = frozenset(m.group(2).strip() for m in _CHECKBOX.finditer(body) if m.group(1) in "xX")
    return StuckReport(answers, ticked)


def is_learners(issue: Issue, learner: str | None) -> bool:
    """A report the bot may answer: the learner's own (the owner of a personal repository),
    or one by the repository's owners, members or collaborators as GitHub reports them."""
    if learner is not None and (issue.author or "").casefold() == learner.casefold():
        return True
    return issue.association in COLLABORATORS


def is_stuck_report(issue: Issue) -> bool:
    return issue.state == "open" and any(name.casefold() == LABEL for name in issue.labels)


def phase_option(phase: Phase) -> str:
    """The form's dropdown option for a phase (stuck.yml lists one per phase)."""
    return f"{phase.id}: {phase.title.ja} / {phase.title.en}"


def checklist_option(checklist: Checklist) -> str:
    """The form's label for a checklist, and its option in the "kind" dropdown."""
    return f"{checklist.title.ja} / {checklist.title.en}"


def item_option(text_ja: str, text_en: str) -> str:
    return f"{text_ja} / {text_en}"


def chosen_phase(report: StuckReport, phases: Sequence[Phase]) -> str | None:
    """The phase picked in the form's dropdown; None when none (or an unknown one) was."""
    answer = report.answers.get(PHASE_LABEL, "")
    wanted = answer.split(":", 1)[0].strip()
    return next((p.id for p in phases if p.id == wanted), None)


def chosen_checklists(report: StuckReport, stuck: Sequence[Checklist]) -> tuple[Checklist, ...]:
    """The checklists for the learner's case: the kind picked in the form, else those with a
    box ticked, else all of them."""
    kind = report.answers.get(KIND_LABEL, "")
    picked = tuple(c for c in stuck if kind and kind == checklist_option(c))
    if picked:
        return picked
    touched = tuple(c for c in stuck if any(_ticked(report, i.text.ja, i.text.en) for i in c.items))
    return touched or tuple(stuck)


def named_errors(text: str, guide: Guide) -> tuple[ErrorRow, ...]:
    """The source's common errors whose name appears in `text` (letters and digits only,
    case-insensitive: "context_length_exceeded" names ContextLengthExceeded)."""
    haystack = _squash(text)
    found = []
    for group in guide.errors:
        for row in group.rows:
            needle = _squash(row.error)
            if needle and needle in haystack:
                found.append(row)
    return tuple(found)


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _ticked(report: StuckReport, ja: str, en: str) -> bool:
    return item_option(ja, en) in report.ticked or ja in report.ticked or en in report.ticked


@dataclass(frozen=True)
class ChecklistAdvice:
    checklist: Checklist
    todo: tuple[Item, ...]  # the items not ticked yet: what to try next
    done: int  # items already ticked


@dataclass(frozen=True)
class StuckView:
    """What the reply shows."""

    number: int
    phase: Phase
    phase_progress: PhaseProgress
    phase_from_form: bool
    checklists: tuple[ChecklistAdvice, ...]
    errors: tuple[ErrorRow, ...]
    next_task: Task | None
    today: dt.date


def stuck_view(
    *,
    issue: Issue,
    phases: Sequence[Phase],
    progress: Sequence[PhaseProgress],
    current: PhaseProgress,
    tasks: Iterable[Task],
    guide: Guide,
    today: dt.date,
) -> StuckView:
    """The advice for `issue`, as seen on `today` (`current`: the schedule's phase then)."""
    report = read_report(issue.body)
    from_form = chosen_phase(report, phases)
    phase_id = from_form or current.phase
    return StuckView(
        number=issue.number,
        phase=next(p for p in phases if p.id == phase_id),
        phase_progress=next(p for p in progress if p.phase == phase_id),
        phase_from_form=from_form is not None,
        checklists=tuple(checklist_advice(report, c) for c in chosen_checklists(report, guide.stuck)),
        errors=named_errors(free_text(report, issue.body), guide),
        next_task=next_task(tasks, phase_id),
        today=today,
    )


def checklist_advice(report: StuckReport, checklist: Checklist) -> ChecklistAdvice:
    ticked = [_ticked(report, i.text.ja, i.text.en) for i in checklist.items]
    todo = tuple(item for item, done in zip(checklist.items, ticked, strict=True) if not done)
    return ChecklistAdvice(checklist, todo, sum(ticked))


def free_text(report: StuckReport, body: str) -> str:
    """What the learner wrote (the situation, what they tried), without the dropdowns'
    answers and the checklists' labels; the whole body when it is not from the form."""
    if not report.answers:
        return body
    return _CHECKBOX.sub("", "\n".join(a for h, a in report.answers.items() if h not in DROPDOWNS))


def next_task(tasks: Iterable[Task], phase_id: str) -> Task | None:
    """The next small step: the phase's first open task in the plan, else the first open
    task of the whole plan (None when everything is done)."""
    ordered = sorted((t for t in tasks if not t.is_closed), key=lambda t: (t.start, t.due, t.key))
    mine = [t for t in ordered if t.phase == phase_id]
    return next(iter(mine or ordered), None)


def plan_reply(number: int, comments: Sequence[Comment], authors: frozenset[str], body: str) -> list[Change]:
    """Post the reply once; on a re-run, edit the one a trusted author wrote (or nothing)."""
    return upsert_comment(number, find_comment(comments, comment_key(number), authors), body)


def open_reports(issues: Iterable[Issue], learner: str | None) -> list[Issue]:
    """The learner's open stuck reports, oldest first (the weekly summary lists them)."""
    return sorted(
        (i for i in issues if is_stuck_report(i) and is_learners(i, learner)), key=lambda i: i.number
    )


def event_report(payload: Mapping[str, Any]) -> tuple[Issue, str | None] | None:
    """The issue of an `issues` webhook payload, and the repository's learner (the owner of
    a personal repository); None for a payload without an issue.

    Only what the guards need: the number, the labels, the author and its association.
    """
    issue, repo = payload.get("issue"), payload.get("repository")
    if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
        return None
    owner = repo.get("owner") if isinstance(repo, dict) else None
    learner = None
    if isinstance(owner, dict) and owner.get("type", "User") == "User":
        learner = owner.get("login") if isinstance(owner.get("login"), str) else None
    user = issue.get("user")
    labels = issue.get("labels")
    snapshot = Issue(
        number=issue["number"],
        title="",
        body="",
        state=str(issue.get("state") or "open"),
        labels=tuple(str(x.get("name")) for x in labels if isinstance(x, dict))
        if isinstance(labels, list)
        else (),
        author=user.get("login") if isinstance(user, dict) and isinstance(user.get("login"), str) else None,
        association=issue.get("author_association")
        if isinstance(issue.get("author_association"), str)
        else None,
    )
    return snapshot, learner
