"""GraphQL root fields: the queries and mutations the fake implements."""

# GraphQL field names are camelCase by definition.
# ruff: noqa: N802

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from . import projects as ops
from .graphql_types import (
    GItem,
    GitHubError,
    GProject,
    GRepository,
    GUser,
    ctx,
    field_view,
    forbidden,
    is_project_object,
    require_projects,
    visible_project,
    wrap,
)
from .http import HttpError, at_least, permission
from .rest_issues import attach_sub_issue, new_issue
from .state import Account, Issue, Label, Milestone, Project, ProjectField, ProjectItem, Repo, iso

if TYPE_CHECKING:
    from .graphql_types import Info

T = TypeVar("T")


def _not_found_node(node_id: str) -> GitHubError:
    return GitHubError(f"Could not resolve to a node with the global id of '{node_id}'", "NOT_FOUND")


def _lookup(info: Info, node_id: str, kind: type[T]) -> T:
    obj = ctx(info).state.nodes.get(node_id)
    if not isinstance(obj, kind):
        raise _not_found_node(node_id)
    return obj


def _option_specs(input: dict[str, Any]) -> list[ops.OptionSpec]:
    return [
        ops.OptionSpec(o["name"], o["color"], o["description"])
        for o in input.get("singleSelectOptions") or []
    ]


def _iteration_spec(input: dict[str, Any]) -> ops.IterationSpec | None:
    config = input.get("iterationConfiguration")
    if not config:
        return None
    return ops.IterationSpec(
        dt.date.fromisoformat(config["startDate"]),
        config["duration"],
        [(i["title"], dt.date.fromisoformat(i["startDate"]), i["duration"]) for i in config["iterations"]],
    )


def _writable_project(info: Info, node_id: str) -> Project:
    require_projects(info)
    project = _lookup(info, node_id, Project)
    viewer = ctx(info).viewer
    if not visible_project(info, project):
        raise _not_found_node(node_id)
    if project.owner is not viewer and viewer.login.casefold() not in project.owner.members:
        raise forbidden(ctx(info).token)
    return project


def _unprocessable(exc: ops.ProjectError) -> GitHubError:
    return GitHubError(exc.message, exc.kind)


class QueryRoot:
    """``Query`` fields."""

    def viewer(self, info: Info) -> Any:
        # Installation tokens (Actions) resolve to their bot, still typed as a User.
        return GUser(ctx(info).viewer)

    def user(self, info: Info, login: str) -> Any:
        acc = ctx(info).state.account(login)
        if acc is None or acc.type != "User":
            raise GitHubError(f"Could not resolve to a User with the login of '{login}'.", "NOT_FOUND")
        return wrap(acc)

    def organization(self, info: Info, login: str) -> Any:
        acc = ctx(info).state.account(login)
        if acc is None or acc.type != "Organization":
            raise GitHubError(
                f"Could not resolve to an Organization with the login of '{login}'.", "NOT_FOUND"
            )
        return wrap(acc)

    def repositoryOwner(self, info: Info, login: str) -> Any:
        acc = ctx(info).state.account(login)
        return wrap(acc) if acc and acc.type != "Bot" else None

    def repository(self, info: Info, owner: str, name: str, **_: Any) -> Any:
        repo = ctx(info).state.repo(owner, name)
        if repo is None or permission(repo, ctx(info).token) is None:
            raise GitHubError(
                f"Could not resolve to a Repository with the name '{owner}/{name}'.", "NOT_FOUND"
            )
        return GRepository(repo)

    def node(self, info: Info, id: str) -> Any:
        obj = ctx(info).state.nodes.get(id)
        if obj is None:
            raise _not_found_node(id)
        if is_project_object(obj):
            require_projects(info)
        view = wrap(obj)
        if view is None:
            raise GitHubError(
                f"The fake GitHub server does not expose {type(obj).__name__} nodes", violation=True
            )
        return view

    def nodes(self, info: Info, ids: list[str]) -> list[Any]:
        """Missing ids give ``null`` entries plus a NOT_FOUND error each (the executor raises
        exceptions found in a list at the item's path)."""
        out: list[Any] = []
        for node_id in ids:
            try:
                out.append(self.node(info, node_id))
            except GitHubError as exc:
                out.append(exc)
        return out

    def search(self, info: Info, **args: Any) -> Any:
        from .graphql_reads import search

        return search(info, **args)

    def rateLimit(self, info: Info, **_: Any) -> dict[str, Any]:
        token = ctx(info).token
        cost = ctx(info).cost
        used = token.rate_used.get("graphql", 0) + cost  # this query is charged before it runs
        reset = ctx(info).state.clock.now() + dt.timedelta(hours=1)
        return {
            "cost": cost,
            "limit": token.rate_limit,
            "remaining": max(0, token.rate_limit - used),
            "used": used,
            "resetAt": iso(reset),
            "nodeCount": 0,
        }


def _issue_repo(info: Info, node_id: str) -> Repo:
    repo = _lookup(info, node_id, Repo)
    if permission(repo, ctx(info).token) is None:
        raise _not_found_node(node_id)
    if not repo.has_issues:
        raise GitHubError("Repository has issues disabled", "UNPROCESSABLE")  # approx.
    return repo


def _classic_projects(info: Info, ids: list[str]) -> None:
    """``projectIds`` takes classic projects only; a Projects v2 id fails the whole write,
    as on GitHub (robvanderleek/create-issue-branch#922). The fake has no classic projects."""
    for node_id in ids:
        message = f"Could not resolve to Project node with the global id of '{node_id}'."
        raise GitHubError(message, "NOT_FOUND")


Triage = tuple[list[Label], Milestone | None, Issue | None]


def _triage(info: Info, repo: Repo, input: dict[str, Any]) -> Triage:
    labels = [_lookup(info, i, Label) for i in input.get("labelIds") or []]
    if any(label not in repo.labels for label in labels):
        raise GitHubError("Labels must belong to the issue's repository", "UNPROCESSABLE")  # approx.
    milestone = _lookup(info, input["milestoneId"], Milestone) if input.get("milestoneId") else None
    if milestone is not None and milestone not in repo.milestones:
        raise _not_found_node(input["milestoneId"])
    parent = _lookup(info, input["parentIssueId"], Issue) if input.get("parentIssueId") else None
    return labels, milestone, parent


class MutationRoot:
    """``Mutation`` fields (issues, Projects v2)."""

    def createIssue(self, info: Info, input: dict[str, Any]) -> Any:
        """Labels, milestone and parent in the same write; checked before anything is made,
        so a refused write makes nothing (like GitHub's single mutation)."""
        repo = _issue_repo(info, input["repositoryId"])
        token = ctx(info).token
        if token.kind == "actions" and not at_least(permission(repo, token), "push"):
            raise forbidden(token)
        if not str(input["title"]).strip():
            raise GitHubError("Title can't be blank", "UNPROCESSABLE")  # approx.
        _classic_projects(info, input.get("projectIds") or [])
        labels, milestone, parent = _triage(info, repo, input)
        state = ctx(info).state
        it = new_issue(state, repo, ctx(info).viewer, str(input["title"]), input.get("body"))
        if parent is not None:
            try:
                attach_sub_issue(parent, it, state.clock.now())
            except HttpError as exc:
                raise GitHubError(str(exc), "UNPROCESSABLE") from None
        if at_least(permission(repo, token), "push"):  # dropped without push access, like REST
            it.labels, it.milestone = labels, milestone
        repo.issues.append(it)
        return {"clientMutationId": input.get("clientMutationId"), "issue": wrap(it)}

    def createProjectV2(self, info: Info, input: dict[str, Any]) -> Any:
        require_projects(info)
        owner = _lookup(info, input["ownerId"], Account)
        viewer = ctx(info).viewer
        if owner is not viewer and viewer.login.casefold() not in owner.members:
            raise forbidden(ctx(info).token)
        state = ctx(info).state
        try:
            project = ops.create_project(state, owner, viewer, input["title"])
        except ops.ProjectError as exc:
            raise _unprocessable(exc) from None
        if input.get("repositoryId"):
            ops.link_repository(project, _lookup(info, input["repositoryId"], Repo))
        return {"clientMutationId": input.get("clientMutationId"), "projectV2": GProject(project)}

    def linkProjectV2ToRepository(self, info: Info, input: dict[str, Any]) -> Any:
        project = _writable_project(info, input["projectId"])
        repo = _lookup(info, input["repositoryId"], Repo)
        if permission(repo, ctx(info).token) not in ("admin", "maintain", "push"):
            raise forbidden(ctx(info).token)
        ops.link_repository(project, repo)
        return {"clientMutationId": input.get("clientMutationId"), "repository": GRepository(repo)}

    def createProjectV2Field(self, info: Info, input: dict[str, Any]) -> Any:
        project = _writable_project(info, input["projectId"])
        options = _option_specs(input)
        iteration = _iteration_spec(input)
        try:
            fd = ops.add_field(
                ctx(info).state,
                project,
                input["name"],
                input["dataType"],
                options=options or None,
                iteration=iteration,
            )
        except ops.ProjectError as exc:
            raise _unprocessable(exc) from None
        return {"clientMutationId": input.get("clientMutationId"), "projectV2Field": field_view(fd)}

    def updateProjectV2Field(self, info: Info, input: dict[str, Any]) -> Any:
        fd = _lookup(info, input["fieldId"], ProjectField)
        _writable_project(info, fd.project.node_id)
        try:
            ops.update_field(
                ctx(info).state,
                fd,
                name=input.get("name"),
                options=_option_specs(input) or None,
                iteration=_iteration_spec(input),
            )
        except ops.ProjectError as exc:
            raise _unprocessable(exc) from None
        return {"clientMutationId": input.get("clientMutationId"), "projectV2Field": field_view(fd)}

    def addProjectV2ItemById(self, info: Info, input: dict[str, Any]) -> Any:
        project = _writable_project(info, input["projectId"])
        content = _lookup(info, input["contentId"], Issue)
        item = ops.add_item(ctx(info).state, project, content, ctx(info).viewer)
        return {"clientMutationId": input.get("clientMutationId"), "item": GItem(item)}

    def _item_and_field(self, info: Info, input: dict[str, Any]) -> tuple[Project, ProjectItem, ProjectField]:
        project = _writable_project(info, input["projectId"])
        item = _lookup(info, input["itemId"], ProjectItem)
        fd = _lookup(info, input["fieldId"], ProjectField)
        return project, item, fd

    def updateProjectV2ItemFieldValue(self, info: Info, input: dict[str, Any]) -> Any:
        project, item, fd = self._item_and_field(info, input)
        try:
            ops.set_value(ctx(info).state, project, item, fd, input["value"])
        except ops.ProjectError as exc:
            raise _unprocessable(exc) from None
        return {"clientMutationId": input.get("clientMutationId"), "projectV2Item": GItem(item)}

    def clearProjectV2ItemFieldValue(self, info: Info, input: dict[str, Any]) -> Any:
        project, item, fd = self._item_and_field(info, input)
        try:
            ops.clear_value(ctx(info).state, project, item, fd)
        except ops.ProjectError as exc:
            raise _unprocessable(exc) from None
        return {"clientMutationId": input.get("clientMutationId"), "projectV2Item": GItem(item)}

    def deleteProjectV2Item(self, info: Info, input: dict[str, Any]) -> Any:
        project = _writable_project(info, input["projectId"])
        item = _lookup(info, input["itemId"], ProjectItem)
        if item.project is not project:
            raise _not_found_node(input["itemId"])
        project.items.remove(item)
        return {"clientMutationId": input.get("clientMutationId"), "deletedItemId": item.node_id}

    def updateProjectV2(self, info: Info, input: dict[str, Any]) -> Any:
        project = _writable_project(info, input["projectId"])
        simple = {
            "title": "title",
            "shortDescription": "short_description",
            "readme": "readme",
            "public": "public",
        }
        for key, attr in simple.items():
            if input.get(key) is not None:
                setattr(project, attr, input[key])
        now = ctx(info).state.clock.now()
        if input.get("closed") is not None and input["closed"] != project.closed:
            project.closed = input["closed"]
            project.closed_at = now if project.closed else None
        project.updated_at = now
        return {"clientMutationId": input.get("clientMutationId"), "projectV2": GProject(project)}


class Root(QueryRoot, MutationRoot):
    """The root value handed to the executor (serves both operation types)."""
