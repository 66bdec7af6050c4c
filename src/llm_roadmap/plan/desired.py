"""The desired state of the learner's GitHub workspace, derived from roadmap + config.

Pure: no network, no clock. Every object carries the stable key it is matched by:
labels by name, milestones by title, issues by the `<!-- roadmap:KEY -->` marker,
board fields by name and items by their issue's key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

    from llm_roadmap.model.config import Config
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.model.schema import Deliverable, LabelDef, Period, Phase, Skill, Text
    from llm_roadmap.render import Renderer
    from llm_roadmap.schedule import Schedule

IssueKind = Literal["epic", "skill", "deliverable", "dashboard"]
FieldValue = str | float | dt.date
DASHBOARD_KEY = "dashboard"


@dataclass(frozen=True)
class CheckItem:
    """One automatic check of a deliverable (its projects/*/check.yaml), as a checklist line.

    `id` is `<deliverable id>/<check id>`: `roadmap check --publish` ticks the line by it.
    """

    id: str
    title: Text


@dataclass(frozen=True)
class DesiredLabel:
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class DesiredMilestone:
    key: str
    title: str
    description: str
    due_on: dt.date


@dataclass(frozen=True)
class DesiredIssue:
    key: str
    kind: IssueKind
    title: str
    body: str
    labels: tuple[str, ...]
    milestone: str | None = None
    parent: str | None = None
    phase: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    hours: int | None = None
    importance: int | None = None


@dataclass(frozen=True)
class DesiredField:
    name: str
    type: str
    options: tuple[str, ...] = ()
    iteration_start: dt.date | None = None
    iteration_days: int = 7
    iteration_count: int = 0

    def iterations(self) -> tuple[tuple[str, dt.date], ...]:
        """An iteration field's iterations: title and start, "Week N" from the start date."""
        if self.iteration_start is None:
            return ()
        step = dt.timedelta(days=self.iteration_days)
        starts = (self.iteration_start + step * i for i in range(self.iteration_count))
        return tuple((week_title(self.iteration_start, day, self.iteration_days), day) for day in starts)


@dataclass(frozen=True)
class DesiredView:
    name: str
    layout: str
    group_by: str | None = None
    filter: str | None = None


@dataclass(frozen=True)
class DesiredItem:
    issue_key: str
    values: tuple[tuple[str, FieldValue], ...]


@dataclass(frozen=True)
class DesiredBoard:
    title: str
    description: str
    fields: tuple[DesiredField, ...]
    views: tuple[DesiredView, ...]
    items: tuple[DesiredItem, ...]


@dataclass(frozen=True)
class Desired:
    labels: tuple[DesiredLabel, ...]
    milestones: tuple[DesiredMilestone, ...]
    issues: tuple[DesiredIssue, ...]
    board: DesiredBoard

    def issue(self, key: str) -> DesiredIssue:
        return next(i for i in self.issues if i.key == key)

    def milestone_title(self, key: str | None) -> str | None:
        return next((m.title for m in self.milestones if m.key == key), None)

    def item(self, issue_key: str) -> DesiredItem | None:
        return next((i for i in self.board.items if i.issue_key == issue_key), None)


@dataclass(frozen=True)
class Context:
    """Everything the builders need, built once."""

    roadmap: Roadmap
    config: Config
    schedule: Schedule
    renderer: Renderer
    repo_url: str | None
    checks: Mapping[str, tuple[CheckItem, ...]]


def build_desired(
    roadmap: Roadmap,
    config: Config,
    schedule: Schedule,
    renderer: Renderer,
    repo_url: str | None,
    checks: Mapping[str, tuple[CheckItem, ...]] | None = None,
) -> Desired:
    """The whole workspace as it should be. `repo_url` (html) makes links absolute.

    `checks` maps a deliverable id to its automatic checks, listed in its issue's checklist.
    """
    ctx = Context(roadmap, config, schedule, renderer, repo_url, checks or {})
    issues = [_dashboard(ctx)]
    for phase in roadmap.phases:
        issues.append(_epic(ctx, phase))
        issues += [
            _skill(ctx, phase, period, s)
            for period in phase.periods
            for s in period.skills
            if s.id in schedule.skills
        ]
        issues += [_deliverable(ctx, phase, d) for d in phase.deliverables if d.id in schedule.deliverables]
    return Desired(
        labels=tuple(_label(ctx, label) for label in roadmap.github.labels),
        milestones=tuple(
            _milestone(ctx, phase, period) for phase in roadmap.phases for period in phase.periods
        ),
        issues=tuple(issues),
        board=_board(ctx, issues),
    )


def _label(ctx: Context, label: LabelDef) -> DesiredLabel:
    return DesiredLabel(label.name, label.color, ctx.renderer.t(label.description))


def labels_for(ctx: Context, kind: IssueKind, phase: str | None, importance: int | None) -> tuple[str, ...]:
    names = []
    for label in ctx.roadmap.github.labels:
        if (
            label.every_item
            or label.kind == kind
            or (phase is not None and label.phase == phase)
            or (importance is not None and label.importance == importance)
        ):
            names.append(label.name)
    return tuple(names)


def milestone_title(ctx: Context, phase: Phase, period: Period) -> str:
    return ctx.renderer.render("milestone-title.txt.j2", phase=phase, period=period).strip()


def _milestone(ctx: Context, phase: Phase, period: Period) -> DesiredMilestone:
    dates = ctx.schedule.periods[period.id]
    description = ctx.renderer.render(
        "milestone-description.md.j2", phase=phase, period=period, dates=dates
    ).strip()
    return DesiredMilestone(period.id, milestone_title(ctx, phase, period), description, dates.end)


def _title(ctx: Context, kind: IssueKind, **context: object) -> str:
    return ctx.renderer.render("issue-title.txt.j2", kind=kind, **context).strip()


def _body(ctx: Context, template: str, **context: object) -> str:
    """The managed Markdown of an issue; markers are added by `plan.diff.compose_body`."""
    return ctx.renderer.render(
        template,
        roadmap=ctx.roadmap,
        config=ctx.config,
        repo_url=ctx.repo_url,
        schedule=ctx.schedule,
        **context,
    ).strip()


def _budget(ctx: Context, phase: Phase) -> object:
    return next(row for row in ctx.roadmap.guide.budget.monthly if row.phase == phase.id)


def _epic(ctx: Context, phase: Phase) -> DesiredIssue:
    dates = ctx.schedule.phases[phase.id]
    key = f"{phase.id}.epic"
    return DesiredIssue(
        key=key,
        kind="epic",
        title=_title(ctx, "epic", phase=phase),
        body=_body(
            ctx,
            "issues/epic.md.j2",
            phase=phase,
            dates=dates,
            budget=_budget(ctx, phase),
            weekly_hours=ctx.config.weekly_hours.get(phase.id),
        ),
        labels=labels_for(ctx, "epic", phase.id, None),
        milestone=phase.periods[-1].id,
        phase=phase.id,
        start=dates.start,
        due=dates.end,
        hours=sum(s.hours for p in phase.periods for s in p.skills if s.id in ctx.schedule.skills),
    )


def _skill(ctx: Context, phase: Phase, period: Period, skill: Skill) -> DesiredIssue:
    dates = ctx.schedule.skills[skill.id]
    return DesiredIssue(
        key=skill.id,
        kind="skill",
        title=_title(ctx, "skill", phase=phase, period=period, skill=skill),
        body=_body(
            ctx,
            "issues/skill.md.j2",
            phase=phase,
            period=period,
            skill=skill,
            dates=dates,
            budget=_budget(ctx, phase),
        ),
        labels=labels_for(ctx, "skill", phase.id, skill.importance),
        milestone=ctx.schedule.milestone_of[skill.id],
        parent=f"{phase.id}.epic",
        phase=phase.id,
        start=dates.start,
        due=dates.end,
        hours=skill.hours,
        importance=skill.importance,
    )


def _deliverable(ctx: Context, phase: Phase, deliverable: Deliverable) -> DesiredIssue:
    dates = ctx.schedule.deliverables[deliverable.id]
    skills = [s for _, _, s in ctx.roadmap.skills() if s.id in deliverable.skills]
    return DesiredIssue(
        key=deliverable.id,
        kind="deliverable",
        title=_title(ctx, "deliverable", phase=phase, deliverable=deliverable),
        body=_body(
            ctx,
            "issues/deliverable.md.j2",
            phase=phase,
            deliverable=deliverable,
            dates=dates,
            skills=skills,
            checks=ctx.checks.get(deliverable.id, ()),
            budget=_budget(ctx, phase),
        ),
        labels=labels_for(ctx, "deliverable", phase.id, None),
        milestone=ctx.schedule.milestone_of[deliverable.id],
        parent=f"{phase.id}.epic",
        phase=phase.id,
        start=dates.start,
        due=dates.end,
    )


def _dashboard(ctx: Context) -> DesiredIssue:
    return DesiredIssue(
        key=DASHBOARD_KEY,
        kind="dashboard",
        title=_title(ctx, "dashboard", roadmap=ctx.roadmap),
        body=_body(ctx, "issues/dashboard.md.j2", start=ctx.schedule.start, end=ctx.schedule.end),
        labels=labels_for(ctx, "dashboard", None, None),
    )


def _board(ctx: Context, issues: list[DesiredIssue]) -> DesiredBoard:
    setup = ctx.roadmap.github.board
    weeks = (ctx.schedule.end - ctx.schedule.start).days // 7 + 1
    fields = []
    for f in setup.fields:
        options: tuple[str, ...] = ()
        if f.source == "phase":
            options = tuple(_phase_option(p) for p in ctx.roadmap.phases)
        elif f.source == "kind":
            options = tuple(
                ctx.renderer.t(ctx.roadmap.github.kinds[k]) for k in ("epic", "skill", "deliverable")
            )
        fields.append(
            DesiredField(
                name=f.name,
                type=f.type,
                options=options,
                iteration_start=ctx.schedule.start if f.type == "iteration" else None,
                iteration_days=f.duration_days,
                iteration_count=weeks if f.type == "iteration" else 0,
            )
        )
    views = tuple(DesiredView(ctx.renderer.t(v.name), v.layout, v.group_by, v.filter) for v in setup.views)
    items = tuple(_item(ctx, issue) for issue in issues if issue.kind != "dashboard")
    return DesiredBoard(
        ctx.renderer.t(setup.title), ctx.renderer.t(setup.description), tuple(fields), views, items
    )


def _phase_option(phase: Phase) -> str:
    return f"Phase {phase.number}"


def _item(ctx: Context, issue: DesiredIssue) -> DesiredItem:
    values: list[tuple[str, FieldValue]] = []
    for f in ctx.roadmap.github.board.fields:
        value = _field_value(ctx, f.source, issue, f.duration_days)
        if value is not None:
            values.append((f.name, value))
    return DesiredItem(issue.key, tuple(values))


def _field_value(ctx: Context, source: str, issue: DesiredIssue, days: int) -> FieldValue | None:
    if source == "phase" and issue.phase:
        return _phase_option(ctx.roadmap.phase(issue.phase))
    if source == "kind":
        return ctx.renderer.t(ctx.roadmap.github.kinds[issue.kind])
    if source == "hours" and issue.hours is not None:
        return float(issue.hours)
    if source == "importance" and issue.importance is not None:
        return float(issue.importance)
    if source == "start":
        return issue.start
    if source == "due":
        return issue.due
    if source == "week" and issue.start is not None:
        return week_title(ctx.schedule.start, issue.start, days)
    return None


def week_title(start: dt.date, day: dt.date, days: int = 7) -> str:
    """The iteration `day` falls in, "Week N" counted from the start date in `days`-day
    iterations: one rule for the field's iterations and each item's value."""
    return f"Week {(day - start).days // days + 1}"
