"""Compare the desired workspace with what exists: the only place that decides writes.

Rules that keep the learner's data safe:
- labels the tool did not create cannot be told apart from its own, so existing labels
  are never changed; only missing ones are created;
- a closed issue is never reopened or edited;
- a title, milestone, label or board value changes only while it still equals what the
  tool set last time (see `plan.applied`); a learner's edit always wins;
- only the managed block of a body is rewritten, and ticked boxes stay ticked; lines the
  learner wrote inside the block (lines the tool did not record writing) are moved
  below the block, never dropped;
- board Status is never touched; items removed from the roadmap are left alone unless
  `close_removed`, and then closed as "not planned", never deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap import ownership
from llm_roadmap.changes import (
    UNCHANGED,
    AddItem,
    CloseIssue,
    CreateBoard,
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
)
from llm_roadmap.plan.applied import AppliedRecord, line_hash, line_hashes, read_applied
from llm_roadmap.plan.checkboxes import carry_ticks
from llm_roadmap.plan.notes import (
    DuplicateKey,
    FieldLacksOptions,
    FieldTypeDiffers,
    ForeignIterations,
    IgnoredLookalike,
    MoreLookalikes,
    RemovedIssue,
)

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import Desired, DesiredBoard, DesiredField, DesiredIssue, FieldValue
    from llm_roadmap.snapshot import Existing, Issue, Project, ProjectField

_WEEK = re.compile(r"Week \d+")


@dataclass(frozen=True)
class Options:
    close_removed: bool = False
    project: bool = True
    moved_heading: str = ""  # rendered `moved-text.md.j2`: heads text moved out of a block


MAX_LOOKALIKES = 15


def applied_for(desired: Desired, issue: DesiredIssue) -> AppliedRecord:
    item = desired.item(issue.key)
    return AppliedRecord(
        title=issue.title,
        milestone=desired.milestone_title(issue.milestone),
        labels=issue.labels,
        board=dict(item.values) if item else {},
        managed=line_hashes(issue.body),
    )


def compose_body(desired: Desired, issue: DesiredIssue) -> str:
    """The full body of a new issue: key marker, managed block, applied record."""
    return ownership.wrap(issue.key, _managed(desired, issue))


def _managed(desired: Desired, issue: DesiredIssue) -> str:
    return f"{issue.body}\n\n{applied_for(desired, issue).marker()}"


def diff(desired: Desired, existing: Existing, options: Options | None = None) -> Plan:
    """Every change needed to turn `existing` into `desired`, in apply order."""
    options = options or Options()
    plan = Plan()
    _labels(desired, existing, plan)
    _milestones(desired, existing, plan)
    _issues(desired, existing, plan, options)
    _sub_issues(desired, existing, plan)
    if options.project:
        _board(desired, existing, plan)
    plan.changes.sort(key=apply_order)
    return plan


def _labels(desired: Desired, existing: Existing, plan: Plan) -> None:
    for label in desired.labels:
        if label.name not in existing.labels:
            plan.changes.append(CreateLabel(label.name, label.color, label.description))


def _milestones(desired: Desired, existing: Existing, plan: Plan) -> None:
    for m in desired.milestones:
        current = existing.milestones.get(m.title)
        if current is None:
            plan.changes.append(CreateMilestone(m.key, m.title, m.description, m.due_on))
            continue
        description = m.description if current.description != m.description else None
        due_on = m.due_on if current.due_on != m.due_on else None
        if description is not None or due_on is not None:
            plan.changes.append(
                UpdateMilestone(current.number, m.title, description=description, due_on=due_on, key=m.key)
            )


def _issues(desired: Desired, existing: Existing, plan: Plan, options: Options) -> None:
    for issue in desired.issues:
        current = existing.issues.get(issue.key)
        if current is None:
            plan.changes.append(_create_issue(desired, issue))
        elif current.state != "open":
            continue  # the learner closed it: never reopen, never edit
        elif (change := _update_issue(desired, issue, current, options)) is not None:
            plan.changes.append(change)
    wanted = {i.key for i in desired.issues}
    for key, current in sorted(existing.issues.items()):
        if key in wanted or current.state != "open":
            continue
        if options.close_removed:
            plan.changes.append(CloseIssue(current.number, key, current.title, reason="removed"))
        else:
            plan.left_alone.append(RemovedIssue(current.number, current.title, key))
    for dup in existing.duplicates:
        plan.left_alone.append(DuplicateKey(dup.number, dup.title, dup.key or ""))
    _lookalikes(existing, wanted, plan)


def _lookalikes(existing: Existing, wanted: set[str], plan: Plan) -> None:
    """Say which look-alikes were ignored, a bounded number: a stranger may open any."""
    for other in existing.ignored[:MAX_LOOKALIKES]:
        # Never echo a stranger's text: a key we do not know is not named either.
        imitates = other.key if other.key in wanted else ""
        plan.left_alone.append(IgnoredLookalike(other.number, other.author or "ghost", imitates))
    if len(existing.ignored) > MAX_LOOKALIKES:
        plan.left_alone.append(MoreLookalikes(len(existing.ignored) - MAX_LOOKALIKES))


def _create_issue(desired: Desired, issue: DesiredIssue) -> CreateIssue:
    # Made under its epic in the same change (GraphQL createIssue's parentIssueId).
    return CreateIssue(
        issue.title,
        compose_body(desired, issue),
        issue.labels,
        milestone=desired.milestone_title(issue.milestone),
        parent=issue.parent,
        key=issue.key,
    )


def _update_issue(
    desired: Desired, issue: DesiredIssue, current: Issue, options: Options
) -> UpdateIssue | None:
    base = read_applied(current.body)
    title = issue.title if base is not None and current.title == base.title != issue.title else None
    want_milestone = desired.milestone_title(issue.milestone)
    moves = base is not None and current.milestone == base.milestone != want_milestone
    labels = _merged_labels(issue, current, base)
    old_managed = ownership.managed_part(current.body) or ""
    body = ownership.replace_managed(current.body, carry_ticks(old_managed, _managed(desired, issue)))
    moved = _learner_text(old_managed, issue.body, base)
    if moved:
        body = ownership.after_block(body, f"{options.moved_heading.strip()}\n\n{moved}".strip())
    change = UpdateIssue(
        current.number,
        body=body if body != current.body else None,
        title=title,
        labels=labels,
        milestone=want_milestone if moves else UNCHANGED,
        key=issue.key,
        name=issue.title,
        reason="moved" if moved else "",
    )
    return change if change.changed() else None


def _learner_text(old_managed: str, new_text: str, base: AppliedRecord | None) -> str:
    """The learner's lines inside the managed block, in runs, to move out of it ("": none).

    A line is the tool's when its hash was recorded when the tool wrote the block, or the
    new text has it too. Without a record (an issue from an older bootstrap) only the new
    text counts: in doubt a line is kept, since a stray line costs the learner a delete
    while a lost note cannot be brought back.
    """
    known = set(line_hashes(new_text))
    if base is not None and base.managed is not None:
        known |= set(base.managed)
    lines = ownership.without_applied(old_managed).splitlines()
    theirs = [n for n, line in enumerate(lines) if line.strip() and line_hash(line) not in known]
    runs: list[list[int]] = []
    for n in theirs:
        if runs and all(not line.strip() for line in lines[runs[-1][-1] + 1 : n]):
            runs[-1].append(n)  # only blank lines between: the same paragraph or list
        else:
            runs.append([n])
    return "\n\n".join("\n".join(lines[run[0] : run[-1] + 1]).strip() for run in runs)


def _merged_labels(issue: DesiredIssue, current: Issue, base: AppliedRecord | None) -> tuple[str, ...] | None:
    """Add missing labels; drop only labels the tool set before and no longer wants."""
    add = [name for name in issue.labels if name not in current.labels]
    dropped = set(base.labels) - set(issue.labels) if base else set()
    remove = dropped & set(current.labels)
    if not add and not remove:
        return None
    return tuple(name for name in current.labels if name not in remove) + tuple(add)


def _sub_issues(desired: Desired, existing: Existing, plan: Plan) -> None:
    for issue in desired.issues:
        if issue.parent is None:
            continue
        current = existing.issues.get(issue.key)
        if current is None:
            continue  # created under its parent: see _create_issue
        if issue.key in existing.sub_issues.get(issue.parent, set()):
            continue
        plan.changes.append(LinkSubIssue(issue.parent, issue.key, issue.title))


def _board(desired: Desired, existing: Existing, plan: Plan) -> None:
    wanted = desired.board
    board = existing.board
    if board is None:
        plan.changes.append(CreateBoard(wanted.title, wanted.description))
    else:
        if not board.linked:
            plan.changes.append(LinkBoard(wanted.title))
        if board.description != wanted.description:
            plan.changes.append(UpdateBoard(wanted.title, wanted.description))
    rebuilt = _board_fields(wanted, board, plan)
    _board_views(wanted, board, plan)
    _board_items(desired, existing, board, plan, rebuilt)


def _board_fields(wanted: DesiredBoard, board: Project | None, plan: Plan) -> set[str]:
    """Plan the fields; return the iteration fields whose weeks are replaced."""
    rebuilt: set[str] = set()
    for f in wanted.fields:
        current = board.fields.get(f.name) if board else None
        if current is None:
            plan.changes.append(CreateField(f))
        elif current.type != f.type:
            plan.left_alone.append(FieldTypeDiffers(f.name, current.type, f.type))
        elif f.type == "iteration":
            if _iterations(f, current, plan):
                rebuilt.add(f.name)
        else:
            missing = [o for o in f.options if o not in current.options]
            if missing:
                plan.left_alone.append(FieldLacksOptions(f.name, tuple(missing)))
    return rebuilt


def _iterations(wanted: DesiredField, current: ProjectField, plan: Plan) -> bool:
    """Move the weeks when the start date moved; True when the field's iterations are replaced.

    Replacing gives the iterations new ids and empties every item's value, so the caller
    sets them all again. Iterations the tool did not make (another title) are left alone.
    """
    weeks = dict(wanted.iterations())
    if not all(_WEEK.fullmatch(title) for title in current.iteration_starts):
        plan.left_alone.append(ForeignIterations(wanted.name))
        return False
    # Only a moved start date rebuilds them: comparing every week would rebuild on each run
    # should GitHub ever store the weeks a little differently from how they were sent.
    first = next(iter(weeks), None)
    if first is None or current.iteration_starts.get(first) in (None, weeks[first]):
        return False
    plan.changes.append(UpdateField(wanted))
    return True


def _board_views(wanted: DesiredBoard, board: Project | None, plan: Plan) -> None:
    existing_views = set(board.views) if board else set()
    for view in wanted.views:
        if view.name not in existing_views:
            plan.changes.append(CreateView(view))


def _board_items(
    desired: Desired, existing: Existing, board: Project | None, plan: Plan, rebuilt: set[str]
) -> None:
    on_board = board.items if board else {}
    titles = {i.key: i.title for i in desired.issues}
    for item in desired.board.items:
        issue = existing.issues.get(item.issue_key)
        title = titles.get(item.issue_key, item.issue_key)
        current_item = on_board.get(issue.node_id) if issue else None
        if current_item is None:
            plan.changes.append(AddItem(item.issue_key, title))
        applied = read_applied(issue.body) if issue else None
        base = applied.board if applied else {}
        current_values = current_item.values if current_item else {}
        for name, value in item.values:
            current = current_values.get(name)
            if name in rebuilt and current is not None and not _should_set(current, base.get(name), value):
                value = current  # the learner's own choice, set again on the rebuilt field
            elif not (name in rebuilt or _should_set(current, base.get(name), value)):
                continue
            plan.changes.append(SetValue(item.issue_key, name, value, title))


def _should_set(current: FieldValue | None, base: FieldValue | None, want: FieldValue) -> bool:
    """Fill an empty value; change one only while it still holds what the tool set."""
    if current is None:
        return True
    return current == base and current != want
