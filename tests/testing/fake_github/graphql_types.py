"""GraphQL object resolvers: thin views over :mod:`state` objects.

Resolution is attribute based: for a field ``f`` of a GraphQL object, the executor looks
up attribute ``f`` on the view (methods are called with ``(info, **arguments)``), or key
``f`` on a ``dict``. A field with no attribute is *not implemented by the fake*: it answers
with an error and records a violation, so a test never silently passes on data the fake
made up. Abstract types (``Node``, unions, interfaces) resolve through ``typename``.
"""

# GraphQL field names are camelCase by definition.
# ruff: noqa: N802

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from graphql import GraphQLError

from .http import HTML_URL, decode_cursor, encode_cursor
from .payloads import project_html_url
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
    Token,
    iso,
    node_id,
)

if TYPE_CHECKING:
    from typing import TypeAlias

    from graphql import GraphQLResolveInfo

    Info: TypeAlias = "GraphQLResolveInfo[Context]"

MAX_PAGE = 100


class GitHubError(GraphQLError):
    """A GraphQL error with GitHub's top-level ``type`` (NOT_FOUND, FORBIDDEN, ...)."""

    def __init__(
        self,
        message: str,
        gh_type: str | None = None,
        *,
        extensions: dict[str, Any] | None = None,
        violation: bool = False,
    ) -> None:
        super().__init__(message, extensions=extensions)
        self.gh_type = gh_type
        self.violation = violation


@dataclass
class Context:
    """Per-request execution context (``info.context``)."""

    state: State
    token: Token
    api_url: str
    violations: list[str] = field(default_factory=list)
    cost: int = 1  # this document's rate-limit points (graphql_cost)

    @property
    def viewer(self) -> Account:
        return self.token.account


def ctx(info: Info) -> Context:
    return info.context


def forbidden(token: Token) -> GitHubError:
    """The viewer may not do this (not the project's owner / not a member...)."""
    message = (
        "Resource not accessible by integration"
        if token.kind == "actions"
        else f"{token.account.login} does not have permission to perform this action"  # approx.
    )
    return GitHubError(message, "FORBIDDEN", extensions={"saml_failure": False})


def no_project_access() -> GitHubError:
    """What Actions' ``GITHUB_TOKEN`` gets for any Projects v2 field."""
    return GitHubError(
        "Resource not accessible by integration", "FORBIDDEN", extensions={"saml_failure": False}
    )


def require_projects(info: Info) -> None:
    """Tokens that cannot use Projects (``can_use_projects=False``: Actions' GITHUB_TOKEN)
    fail like GITHUB_TOKEN does on GitHub."""
    if not ctx(info).token.can_use_projects:
        raise no_project_access()


# -- connections ------------------------------------------------------------------------
def _bounds(name: str, first: int | None, last: int | None) -> None:
    if first is None and last is None:
        raise GitHubError(
            f"You must provide a `first` or `last` value to properly paginate the `{name}` connection.",
            "MISSING_PAGINATION_BOUNDARIES",
            violation=True,
        )
    for arg, value in (("first", first), ("last", last)):
        if value is not None and value > MAX_PAGE:
            raise GitHubError(
                f"Requesting {value} records on the `{name}` connection exceeds the `{arg}` "
                f"limit of {MAX_PAGE} records.",
                "EXCESSIVE_PAGINATION",
                violation=True,
            )
        if value is not None and value < 0:
            raise GitHubError(
                f"`{arg}` on `{name}` cannot be less than 0.", "INVALID_ARGUMENTS", violation=True
            )


def _cursor(value: str | None) -> int | None:
    if value is None:
        return None
    index = decode_cursor(value)
    if index is None:
        raise GitHubError(
            f"`{value}` does not appear to be a valid cursor.", "INVALID_CURSOR_ARGUMENTS", violation=True
        )
    return index


def connection(name: str, items: list[Any], args: dict[str, Any]) -> dict[str, Any]:
    """A GitHub-style connection (``nodes``, ``edges``, ``pageInfo``, ``totalCount``)."""
    first, last = args.get("first"), args.get("last")
    _bounds(name, first, last)
    after, before = _cursor(args.get("after")), _cursor(args.get("before"))
    start = 0 if after is None else after + 1
    end = len(items) if before is None else min(before, len(items))
    indexes = list(range(start, max(start, end)))
    if first is not None:
        indexes = indexes[:first]
    if last is not None:
        indexes = indexes[-last:] if last else []
    edges = [{"cursor": encode_cursor(i), "node": items[i]} for i in indexes]
    return {
        "nodes": [e["node"] for e in edges],
        "edges": edges,
        "totalCount": len(items),
        "pageInfo": {
            "hasNextPage": bool(indexes) and indexes[-1] < end - 1,
            "hasPreviousPage": bool(indexes) and indexes[0] > start if last else start > 0,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


# -- wrapping -----------------------------------------------------------------------------
def wrap(obj: object) -> Any:
    """The GraphQL view of a stored object (``None`` for unsupported kinds)."""
    views: dict[type, Any] = {
        Repo: GRepository,
        Issue: GIssue,
        Project: GProject,
        ProjectItem: GItem,
        ProjectView: GView,
    }
    if isinstance(obj, Account):
        return {"User": GUser, "Organization": GOrganization, "Bot": GBot}[obj.type](obj)
    if isinstance(obj, ProjectField):
        return field_view(obj)
    view = views.get(type(obj))
    return view(obj) if view else None


def field_view(fd: ProjectField) -> GField:
    kind = {"SINGLE_SELECT": GSingleSelectField, "ITERATION": GIterationField}
    return kind.get(fd.data_type, GField)(fd)


def is_project_object(obj: object) -> bool:
    return isinstance(obj, Project | ProjectItem | ProjectField | ProjectView)


def visible_project(info: Info, project: Project) -> bool:
    viewer = ctx(info).viewer
    if project.public or project.owner is viewer:
        return True
    return viewer.login.casefold() in project.owner.members


# -- accounts -----------------------------------------------------------------------------
class GOwner:
    """Shared by users and organizations (``ProjectV2Owner`` and friends)."""

    typename: ClassVar[str] = "User"

    def __init__(self, acc: Account) -> None:
        self.acc = acc
        self.id = acc.node_id
        self.login = acc.login
        self.name = acc.name
        self.databaseId = acc.id
        self.url = f"{HTML_URL}/{acc.login}"
        self.resourcePath = f"/{acc.login}"
        self.avatarUrl = f"https://avatars.githubusercontent.com/u/{acc.id}?v=4"
        self.email = acc.email or ""

    def projectV2(self, info: Info, number: int) -> GProject | None:
        require_projects(info)
        project = ctx(info).state.project(self.acc, number)
        if project is None or not visible_project(info, project):
            raise GitHubError(f"Could not resolve to a ProjectV2 with the number {number}.", "NOT_FOUND")
        return GProject(project)

    def projectsV2(self, info: Info, **args: Any) -> dict[str, Any]:
        require_projects(info)
        query = str(args.get("query") or "").casefold()
        found = [
            GProject(p)
            for p in ctx(info).state.projects_of(self.acc)
            if visible_project(info, p) and query in p.title.casefold()
        ]
        found.sort(key=lambda p: p.number, reverse=True)
        return connection("projectsV2", found, args)

    def repository(self, info: Info, name: str, **_: Any) -> GRepository | None:
        repo = ctx(info).state.repo(self.acc.login, name)
        return GRepository(repo) if repo else None


class GUser(GOwner):
    typename: ClassVar[str] = "User"


class GOrganization(GOwner):
    typename: ClassVar[str] = "Organization"

    def __init__(self, acc: Account) -> None:
        super().__init__(acc)
        self.url = f"{HTML_URL}/{acc.login}"


class GBot:
    typename: ClassVar[str] = "Bot"

    def __init__(self, acc: Account) -> None:
        self.id = acc.node_id
        self.login = acc.login.removesuffix("[bot]")
        self.databaseId = acc.id
        self.url = f"{HTML_URL}/apps/{self.login}"
        self.resourcePath = f"/apps/{self.login}"
        self.avatarUrl = "https://avatars.githubusercontent.com/in/15368?v=4"


# -- repositories and issues ----------------------------------------------------------
class GRepository:
    typename: ClassVar[str] = "Repository"

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.id = repo.node_id
        self.databaseId = repo.id
        self.name = repo.name
        self.nameWithOwner = repo.full_name
        self.url = f"{HTML_URL}/{repo.full_name}"
        self.isTemplate = repo.is_template
        self.isPrivate = repo.private
        self.isArchived = False
        self.visibility = "PRIVATE" if repo.private else "PUBLIC"
        self.hasIssuesEnabled = repo.has_issues
        self.description = repo.description
        self.createdAt = iso(repo.created_at)
        self.updatedAt = iso(repo.updated_at)
        self.owner = wrap(repo.owner)

    # -- progress reads (graphql_reads; `roadmap cohort`) --
    def issues(self, info: Info, **args: Any) -> dict[str, Any]:
        from .graphql_reads import issues_connection

        return issues_connection("issues", self.repo.issues, args)

    def milestones(self, info: Info, **args: Any) -> dict[str, Any]:
        from .graphql_reads import milestones_connection

        return milestones_connection(self.repo, args)

    def defaultBranchRef(self, info: Info) -> Any:
        from .graphql_reads import default_branch_ref

        return default_branch_ref(self.repo)

    def issue(self, info: Info, number: int) -> GIssue | None:
        it = self.repo.issue(number)
        if it is None:
            raise GitHubError(f"Could not resolve to an Issue with the number of {number}.", "NOT_FOUND")
        return GIssue(it)

    def projectsV2(self, info: Info, **args: Any) -> dict[str, Any]:
        require_projects(info)
        query = str(args.get("query") or "").casefold()
        found = [
            GProject(p)
            for p in ctx(info).state.projects
            if self.repo in p.repositories and visible_project(info, p) and query in p.title.casefold()
        ]
        return connection("projectsV2", found, args)

    def projectV2(self, info: Info, number: int) -> GProject | None:
        require_projects(info)
        for project in ctx(info).state.projects:
            if self.repo in project.repositories and project.number == number:
                return GProject(project)
        raise GitHubError(f"Could not resolve to a ProjectV2 with the number {number}.", "NOT_FOUND")


class GIssue:
    typename: ClassVar[str] = "Issue"

    def __init__(self, it: Issue) -> None:
        self.it = it
        self.id = it.node_id
        self.databaseId = it.id
        self.fullDatabaseId = str(it.id)
        self.number = it.number
        self.title = it.title
        self.body = it.body or ""
        self.url = f"{HTML_URL}/{it.repo.full_name}/issues/{it.number}"
        self.resourcePath = f"/{it.repo.full_name}/issues/{it.number}"
        self.state = it.state.upper()
        self.stateReason = it.state_reason.upper() if it.state_reason else None
        self.closed = it.state == "closed"
        self.closedAt = iso(it.closed_at)
        self.createdAt = iso(it.created_at)
        self.updatedAt = iso(it.updated_at)
        self.repository = GRepository(it.repo)
        self.author = wrap(it.user)
        self.parent = GIssue(it.parent) if it.parent else None

    def projectItems(self, info: Info, **args: Any) -> dict[str, Any]:
        require_projects(info)
        found = [GItem(i) for p in ctx(info).state.projects for i in p.items if i.content is self.it]
        return connection("projectItems", found, args)

    def subIssues(self, info: Info, **args: Any) -> dict[str, Any]:
        return connection("subIssues", [GIssue(s) for s in self.it.sub_issues], args)


# -- projects -------------------------------------------------------------------------
class GProject:
    typename: ClassVar[str] = "ProjectV2"

    def __init__(self, project: Project) -> None:
        self.p = project
        self.id = project.node_id
        self.databaseId = project.id
        self.fullDatabaseId = str(project.id)
        self.number = project.number
        self.title = project.title
        self.shortDescription = project.short_description
        self.readme = project.readme
        self.public = project.public
        self.closed = project.closed
        self.closedAt = iso(project.closed_at)
        self.createdAt = iso(project.created_at)
        self.updatedAt = iso(project.updated_at)
        self.template = False
        self.url = project_html_url(project)
        self.resourcePath = self.url.removeprefix(HTML_URL)
        self.owner = wrap(project.owner)
        self.creator = wrap(project.creator)

    def viewerCanUpdate(self, info: Info) -> bool:
        viewer = ctx(info).viewer
        return self.p.owner is viewer or viewer.login.casefold() in self.p.owner.members

    def viewerCanClose(self, info: Info) -> bool:
        return self.viewerCanUpdate(info) and not self.p.closed

    def viewerCanReopen(self, info: Info) -> bool:
        return self.viewerCanUpdate(info) and self.p.closed

    def fields(self, info: Info, **args: Any) -> dict[str, Any]:
        return connection("fields", [field_view(f) for f in self.p.fields], args)

    def field(self, info: Info, name: str) -> GField | None:
        fd = next((f for f in self.p.fields if f.name == name), None)
        return field_view(fd) if fd else None

    def items(self, info: Info, **args: Any) -> dict[str, Any]:
        return connection("items", [GItem(i) for i in self.p.items], args)

    def views(self, info: Info, **args: Any) -> dict[str, Any]:
        return connection("views", [GView(v) for v in self.p.views], args)

    def view(self, info: Info, number: int) -> GView | None:
        found = next((v for v in self.p.views if v.number == number), None)
        return GView(found) if found else None

    def repositories(self, info: Info, **args: Any) -> dict[str, Any]:
        return connection("repositories", [GRepository(r) for r in self.p.repositories], args)


class GField:
    typename: ClassVar[str] = "ProjectV2Field"

    def __init__(self, fd: ProjectField) -> None:
        self.fd = fd
        self.id = fd.node_id
        self.databaseId = fd.id
        self.name = fd.name
        self.dataType = fd.data_type
        self.createdAt = iso(fd.created_at)
        self.updatedAt = iso(fd.updated_at)

    def project(self, info: Info) -> GProject:
        return GProject(self.fd.project)


class GSingleSelectField(GField):
    typename: ClassVar[str] = "ProjectV2SingleSelectField"

    def options(self, info: Info, names: list[str] | None = None) -> list[GOption]:
        return [GOption(o) for o in self.fd.options if names is None or o.name in names]


class GIterationField(GField):
    typename: ClassVar[str] = "ProjectV2IterationField"

    def configuration(self, info: Info) -> dict[str, Any]:
        """GitHub lists an iteration that has ended under `completedIterations`, the rest
        (current and future) under `iterations`."""
        today = ctx(info).state.clock.now().date()
        ended = [i for i in self.fd.iterations if i.start_date + dt.timedelta(days=i.duration) <= today]
        return {
            "duration": self.fd.iteration_duration,
            "startDay": self.fd.iteration_start_day,
            "iterations": [GIteration(i) for i in self.fd.iterations if i not in ended],
            "completedIterations": [GIteration(i) for i in ended],
        }


class GOption:
    typename: ClassVar[str] = "ProjectV2SingleSelectFieldOption"

    def __init__(self, opt: Option) -> None:
        self.id = opt.id
        self.name = opt.name
        self.nameHTML = opt.name
        self.color = opt.color
        self.description = opt.description
        self.descriptionHTML = opt.description


class GIteration:
    typename: ClassVar[str] = "ProjectV2IterationFieldIteration"

    def __init__(self, it: Iteration) -> None:
        self.id = it.id
        self.title = it.title
        self.titleHTML = it.title
        self.startDate = it.start_date.isoformat()
        self.duration = it.duration


class GView:
    typename: ClassVar[str] = "ProjectV2View"

    def __init__(self, view: ProjectView) -> None:
        self.v = view
        self.id = view.node_id
        self.databaseId = view.id
        self.fullDatabaseId = str(view.id)
        self.number = view.number
        self.name = view.name
        self.layout = f"{view.layout.upper()}_LAYOUT"
        self.filter = view.filter
        self.createdAt = iso(view.created_at)
        self.updatedAt = iso(view.updated_at)

    def project(self, info: Info) -> GProject:
        return GProject(self.v.project)

    def fields(self, info: Info, **args: Any) -> dict[str, Any]:
        wanted = self.v.visible_fields
        found = [field_view(f) for f in self.v.project.fields if not wanted or f.id in wanted]
        return connection("fields", found, args)


class GItem:
    typename: ClassVar[str] = "ProjectV2Item"

    def __init__(self, item: ProjectItem) -> None:
        self.item = item
        self.id = item.node_id
        self.databaseId = item.id
        self.fullDatabaseId = str(item.id)
        self.type = "ISSUE"
        self.isArchived = item.archived
        self.createdAt = iso(item.created_at)
        self.updatedAt = iso(item.updated_at)
        self.content = GIssue(item.content)
        self.creator = wrap(item.creator)

    def project(self, info: Info) -> GProject:
        return GProject(self.item.project)

    def _values(self) -> list[GValue]:
        out = []
        for fd in self.item.project.fields:
            if fd.data_type == "TITLE":
                out.append(GValue(self.item, fd, self.item.content.title))
            elif fd.id in self.item.values:
                out.append(GValue(self.item, fd, self.item.values[fd.id]))
        return out

    def fieldValues(self, info: Info, **args: Any) -> dict[str, Any]:
        return connection("fieldValues", self._values(), args)

    def fieldValueByName(self, info: Info, name: str) -> GValue | None:
        return next((v for v in self._values() if v.fd.name == name), None)


class GValue:
    """A field value; its GraphQL type follows the field's data type."""

    _TYPES: ClassVar[dict[str, str]] = {
        "TITLE": "ProjectV2ItemFieldTextValue",
        "TEXT": "ProjectV2ItemFieldTextValue",
        "NUMBER": "ProjectV2ItemFieldNumberValue",
        "DATE": "ProjectV2ItemFieldDateValue",
        "SINGLE_SELECT": "ProjectV2ItemFieldSingleSelectValue",
        "ITERATION": "ProjectV2ItemFieldIterationValue",
    }

    def __init__(self, item: ProjectItem, fd: ProjectField, raw: Any) -> None:
        self.fd = fd
        self.typename = self._TYPES[fd.data_type]
        self.id = node_id("PVTFSV", item.id * 1000 + item.project.fields.index(fd))
        self.databaseId = item.id * 1000 + item.project.fields.index(fd)
        self.createdAt = iso(item.created_at)
        self.updatedAt = iso(item.updated_at)
        self.creator = wrap(item.creator)
        self._item = item
        self.text: str | None = None
        self.number: float | None = None
        self.date: str | None = None
        self.optionId: str | None = None
        self.name: str | None = None
        self.nameHTML: str | None = None
        self.color: str | None = None
        self.description: str | None = None
        self.descriptionHTML: str | None = None
        self.iterationId: str | None = None
        self.title: str | None = None
        self.titleHTML: str | None = None
        self.startDate: str | None = None
        self.duration: int | None = None
        self._fill(raw)

    def _fill(self, raw: Any) -> None:
        kind = self.fd.data_type
        if kind in ("TITLE", "TEXT"):
            self.text = raw
        elif kind == "NUMBER":
            self.number = raw
        elif kind == "DATE":
            self.date = raw
        elif kind == "SINGLE_SELECT":
            opt = next(o for o in self.fd.options if o.id == raw)
            self.optionId, self.name, self.nameHTML = opt.id, opt.name, opt.name
            self.color, self.description, self.descriptionHTML = (opt.color, opt.description, opt.description)
        elif kind == "ITERATION":
            it = next(i for i in self.fd.iterations if i.id == raw)
            self.iterationId, self.title, self.titleHTML = it.id, it.title, it.title
            self.startDate, self.duration = it.start_date.isoformat(), it.duration

    def field(self, info: Info) -> GField:
        return field_view(self.fd)

    def item(self, info: Info) -> GItem:
        return GItem(self._item)
