"""Projects v2 behaviour shared by the GraphQL mutations and the REST endpoints.

A new project gets GitHub's default fields (Title, Assignees, Status, Labels, Linked pull
requests, Milestone, Repository, Reviewers, Parent issue, Sub-issues progress) where
Status is a single-select field with Todo / In Progress / Done, and one table view
"View 1". Error messages marked "approx." below are close to, not copied from, GitHub.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .state import (
    Account,
    Issue,
    Iteration,
    Option,
    Project,
    ProjectField,
    ProjectItem,
    ProjectView,
    Repo,
    State,
)

DEFAULT_FIELDS: tuple[tuple[str, str], ...] = (
    ("Title", "TITLE"),
    ("Assignees", "ASSIGNEES"),
    ("Status", "SINGLE_SELECT"),
    ("Labels", "LABELS"),
    ("Linked pull requests", "LINKED_PULL_REQUESTS"),
    ("Milestone", "MILESTONE"),
    ("Repository", "REPOSITORY"),
    ("Reviewers", "REVIEWERS"),
    ("Parent issue", "PARENT_ISSUE"),
    ("Sub-issues progress", "SUB_ISSUES_PROGRESS"),
)
STATUS_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("Todo", "GREEN", "This item hasn't been started"),
    ("In Progress", "YELLOW", "This is actively being worked on"),
    ("Done", "PURPLE", "This has been completed"),
)
CUSTOM_TYPES = frozenset({"TEXT", "NUMBER", "DATE", "SINGLE_SELECT", "ITERATION"})
VALUE_KEYS = {
    "TEXT": "text",
    "NUMBER": "number",
    "DATE": "date",
    "SINGLE_SELECT": "singleSelectOptionId",
    "ITERATION": "iterationId",
}
MAX_FIELDS = 50
# Names of GitHub's built-in fields, refused for custom fields ("Name cannot have a
# reserved value"), compared without regard to case. Besides the default fields above:
# Type (issue types; the REST description lists a built-in field with data_type
# issue_type) and the fields of the retired tasklists, Tracks and Tracked by.
RESERVED_FIELD_NAMES = frozenset(
    name.casefold() for name in (*(n for n, _ in DEFAULT_FIELDS), "Type", "Tracks", "Tracked by")
)
RESERVED_MESSAGE = "Name cannot have a reserved value"


class ProjectError(Exception):
    """A rejected project operation. ``kind``: GraphQL error type / REST status family."""

    def __init__(self, message: str, kind: str = "UNPROCESSABLE") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


@dataclass
class OptionSpec:
    name: str
    color: str = "GRAY"
    description: str = ""


@dataclass
class IterationSpec:
    start_date: dt.date
    duration: int
    iterations: list[tuple[str, dt.date, int]]


def create_project(state: State, owner: Account, creator: Account, title: str) -> Project:
    """Create a project with GitHub's default fields and view."""
    if not title.strip():
        raise ProjectError("Title can't be blank")
    now = state.clock.now()
    number = max((p.number for p in state.projects_of(owner)), default=0) + 1
    pid = state.next_id("project")
    project = Project(
        id=pid,
        node_id="",
        number=number,
        owner=owner,
        creator=creator,
        title=title,
        created_at=now,
        updated_at=now,
    )
    project.node_id = state.register("PVT", pid, project)
    for name, data_type in DEFAULT_FIELDS:
        options = [OptionSpec(n, c, d) for n, c, d in STATUS_OPTIONS] if name == "Status" else None
        _new_field(state, project, name, data_type, options, None)
    create_view(state, project, creator, name="View 1", layout="table")
    state.projects.append(project)
    return project


def _new_field(
    state: State,
    project: Project,
    name: str,
    data_type: str,
    options: list[OptionSpec] | None,
    iteration: IterationSpec | None,
) -> ProjectField:
    now = state.clock.now()
    fid = state.next_id("field")
    prefix = {"SINGLE_SELECT": "PVTSSF", "ITERATION": "PVTIF"}.get(data_type, "PVTF")
    fd = ProjectField(
        id=fid, node_id="", project=project, name=name, data_type=data_type, created_at=now, updated_at=now
    )
    fd.node_id = state.register(prefix, fid, fd)
    fd.options = [Option(state.next_hex(), o.name, o.color, o.description) for o in options or []]
    if iteration is not None:
        fd.iteration_duration = iteration.duration
        fd.iteration_start_day = iteration.start_date.isoweekday()
        fd.iterations = [Iteration(state.next_hex(), t, s, d) for t, s, d in iteration.iterations]
    project.fields.append(fd)
    project.updated_at = now
    return fd


def default_iterations(today: dt.date) -> IterationSpec:
    """What GitHub sets up when no iteration configuration is given: 3 two-week iterations."""
    starts = [today + dt.timedelta(days=14 * i) for i in range(3)]
    return IterationSpec(today, 14, [(f"Iteration {i + 1}", s, 14) for i, s in enumerate(starts)])


def add_field(
    state: State,
    project: Project,
    name: str,
    data_type: str,
    *,
    options: list[OptionSpec] | None = None,
    iteration: IterationSpec | None = None,
) -> ProjectField:
    """Create a custom field (``data_type``: TEXT, NUMBER, DATE, SINGLE_SELECT, ITERATION)."""
    if data_type not in CUSTOM_TYPES:
        raise ProjectError(f"Data type {data_type} is not a custom field type")  # approx.
    _check_name(state, name)
    if project.field_named(name) is not None:
        raise ProjectError("Name has already been taken")
    if len(project.fields) >= MAX_FIELDS:
        raise ProjectError(f"Projects can have at most {MAX_FIELDS} fields")  # approx.
    if data_type == "SINGLE_SELECT" and not options:
        raise ProjectError("Single select fields must have at least one option")  # approx.
    if data_type == "ITERATION" and iteration is None:
        iteration = default_iterations(state.clock.now().date())
    return _new_field(state, project, name, data_type, options, iteration)


def update_field(
    state: State,
    fd: ProjectField,
    *,
    name: str | None = None,
    options: list[OptionSpec] | None = None,
    iteration: IterationSpec | None = None,
) -> ProjectField:
    """``updateProjectV2Field``: rename; replace the options or the iterations.

    New options and iterations get new ids, and item values that pointed at the old ones
    are cleared (the fake's reading of "they will overwrite the existing options").
    """
    if name is not None:
        _rename(state, fd, name)
    if options:
        if fd.data_type != "SINGLE_SELECT":
            raise ProjectError("Options can only be set on a single select field")  # approx.
        fd.options = [Option(state.next_hex(), o.name, o.color, o.description) for o in options]
    if iteration is not None:
        if fd.data_type != "ITERATION":
            raise ProjectError("Iteration configuration can only be set on an iteration field")  # approx.
        fd.iteration_duration = iteration.duration
        fd.iteration_start_day = iteration.start_date.isoweekday()
        fd.iterations = [Iteration(state.next_hex(), t, s, d) for t, s, d in iteration.iterations]
    _drop_stale_values(fd)
    fd.updated_at = fd.project.updated_at = state.clock.now()
    return fd


def _check_name(state: State, name: str) -> None:
    if not name.strip():
        raise ProjectError("Name can't be blank")
    folded = name.strip().casefold()
    if folded in RESERVED_FIELD_NAMES or folded in state.reserved_field_names:
        raise ProjectError(RESERVED_MESSAGE)


def _rename(state: State, fd: ProjectField, name: str) -> None:
    _check_name(state, name)
    if any(f is not fd and f.name.casefold() == name.casefold() for f in fd.project.fields):
        raise ProjectError("Name has already been taken")
    fd.name = name


def _drop_stale_values(fd: ProjectField) -> None:
    """Clear item values that point at an option or iteration the field no longer has."""
    if fd.data_type not in ("SINGLE_SELECT", "ITERATION"):
        return
    valid = {o.id for o in fd.options} | {i.id for i in fd.iterations}
    for item in fd.project.items:
        if fd.id in item.values and item.values[fd.id] not in valid:
            del item.values[fd.id]


def add_item(state: State, project: Project, issue: Issue, creator: Account) -> ProjectItem:
    """Add an issue; adding one that is already there returns the existing item (like GitHub)."""
    for item in project.items:
        if item.content is issue:
            return item
    now = state.clock.now()
    iid = state.next_id("item")
    item = ProjectItem(
        id=iid, node_id="", project=project, content=issue, creator=creator, created_at=now, updated_at=now
    )
    item.node_id = state.register("PVTI", iid, item)
    project.items.append(item)
    project.updated_at = now
    return item


def _check_owned(project: Project, item: ProjectItem, fd: ProjectField) -> None:
    if item.project is not project:
        raise ProjectError("The item does not belong to the project", "NOT_FOUND")  # approx.
    if fd.project is not project:
        raise ProjectError("The field does not belong to the project", "NOT_FOUND")  # approx.


def set_value(
    state: State, project: Project, item: ProjectItem, fd: ProjectField, value: dict[str, Any]
) -> None:
    """``updateProjectV2ItemFieldValue``: ``value`` is a GraphQL ``ProjectV2FieldValue``."""
    _check_owned(project, item, fd)
    key = VALUE_KEYS.get(fd.data_type)
    if key is None:
        raise ProjectError(f"Field of type {fd.data_type.lower()} cannot be updated")  # approx.
    given = {k: v for k, v in value.items() if v is not None}
    if set(given) != {key}:
        raise ProjectError(
            f"Did not receive a {key} value to update a field of type {fd.data_type.lower()}"
        )  # approx.
    item.values[fd.id] = _checked_value(fd, given[key])
    item.updated_at = state.clock.now()


def _checked_value(fd: ProjectField, raw: Any) -> Any:
    if fd.data_type == "SINGLE_SELECT" and not any(o.id == raw for o in fd.options):
        raise ProjectError("The single select option Id does not belong to the field")
    if fd.data_type == "ITERATION" and not any(i.id == raw for i in fd.iterations):
        raise ProjectError("The iteration Id does not belong to the field")  # approx.
    if fd.data_type == "NUMBER":
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ProjectError("Number fields take a number")  # approx.
        return float(raw)
    if fd.data_type == "DATE":
        try:
            return dt.date.fromisoformat(str(raw)[:10]).isoformat()
        except ValueError:
            raise ProjectError(f"{raw!r} is not a valid date") from None  # approx.
    if fd.data_type == "TEXT" and not isinstance(raw, str):
        raise ProjectError("Text fields take a string")  # approx.
    return raw


def set_rest_value(state: State, item: ProjectItem, fd: ProjectField, raw: Any) -> None:
    """REST ``PATCH .../items/{id}``: a bare value (``None`` clears)."""
    if raw is None:
        clear_value(state, item.project, item, fd)
        return
    key = VALUE_KEYS.get(fd.data_type)
    if key is None:
        raise ProjectError(f"Field of type {fd.data_type.lower()} cannot be updated")  # approx.
    set_value(state, item.project, item, fd, {key: raw})


def clear_value(state: State, project: Project, item: ProjectItem, fd: ProjectField) -> None:
    _check_owned(project, item, fd)
    item.values.pop(fd.id, None)
    item.updated_at = state.clock.now()


def link_repository(project: Project, repo: Repo) -> None:
    if repo not in project.repositories:
        project.repositories.append(repo)


def create_view(
    state: State,
    project: Project,
    creator: Account,
    *,
    name: str,
    layout: str,
    filter_: str | None = None,
    visible_fields: list[int] | None = None,
    sort_by: list[list[Any]] | None = None,
    group_by: list[int] | None = None,
    vertical_group_by: list[int] | None = None,
) -> ProjectView:
    """Create a view; field ids must be fields of the project."""
    known = {f.id for f in project.fields}
    referenced = [
        *(visible_fields or []),
        *(group_by or []),
        *(vertical_group_by or []),
        *(s[0] for s in sort_by or []),
    ]
    unknown = [f for f in referenced if f not in known]
    if unknown:
        raise ProjectError(f"Unknown field ids: {unknown}")  # approx.
    now = state.clock.now()
    vid = state.next_id("view")
    view = ProjectView(
        id=vid,
        node_id="",
        project=project,
        number=len(project.views) + 1,
        name=name,
        layout=layout,
        creator=creator,
        created_at=now,
        updated_at=now,
        filter=filter_,
        visible_fields=list(visible_fields or []),
        sort_by=[list(s) for s in sort_by or []],
        group_by=list(group_by or []),
        vertical_group_by=list(vertical_group_by or []),
    )
    view.node_id = state.register("PVTV", vid, view)
    project.views.append(view)
    return view
