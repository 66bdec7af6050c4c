"""REST routes: Projects v2 (``/users/{username}/projectsV2/...`` and the ``/orgs/{org}`` twins).

These endpoints use cursor pagination (``before``/``after`` in the ``Link`` header).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import payloads
from . import projects as ops
from .http import HttpError, Request, Response, body_dict, cursor_paginate, handles, not_found
from .rest_repos import viewer

if TYPE_CHECKING:
    from .state import Account, Project, ProjectField, ProjectItem, Token

WRITE_SCOPES = ("project",)
READ_SCOPES = ("project", "read:project")


def _check_token(token: Token | None, write: bool) -> None:
    if token is None:
        raise HttpError(401, "Requires authentication")
    if not token.can_use_projects:
        raise HttpError(403, "Resource not accessible by integration")
    needed = WRITE_SCOPES if write else READ_SCOPES
    if token.scopes is not None and not set(needed) & set(token.scopes):
        raise HttpError(403, f"Your token has not been granted the required scopes: {needed[0]}")


def can_see(project: Project, acc: Account) -> bool:
    return project.public or can_write(project, acc)


def can_write(project: Project, acc: Account) -> bool:
    if project.owner.type == "Organization":
        return acc.login.casefold() in project.owner.members
    return project.owner is acc


def _owner(req: Request) -> Account:
    login = req.params.get("username") or req.params.get("org")
    if login is None:
        user_id = str(req.params.get("user_id"))
        acc = next((a for a in req.state.accounts.values() if str(a.id) == user_id), None)
    else:
        acc = req.state.account(str(login))
    wanted = "Organization" if "org" in req.params else None
    if acc is None or (wanted and acc.type != wanted):
        raise not_found()
    return acc


def _project(req: Request, *, write: bool = False) -> Project:
    _check_token(req.token, write)
    acc = viewer(req)
    project = req.state.project(_owner(req), int(req.params["project_number"]))
    if project is None or not can_see(project, acc):
        raise not_found()
    if write and not can_write(project, acc):
        raise HttpError(403, "Resource not accessible by user")  # approx.
    return project


def _field(project: Project, field_id: Any) -> ProjectField:
    fd = next((f for f in project.fields if f.id == field_id), None)
    if fd is None:
        raise not_found()
    return fd


def _item(project: Project, item_id: Any) -> ProjectItem:
    item = next((i for i in project.items if i.id == item_id), None)
    if item is None:
        raise not_found()
    return item


def _unprocessable(exc: ops.ProjectError) -> HttpError:
    status = 404 if exc.kind == "NOT_FOUND" else 422
    return HttpError(status, exc.message if status == 422 else "Not Found")


def _field_ids(req: Request) -> list[int] | None:
    raw = req.args.get("fields")
    if raw is None:
        return None
    values = raw if isinstance(raw, list) else str(raw).split(",")
    return [int(v) for v in values if str(v).strip().isdigit()]


# -- projects -------------------------------------------------------------------------
@handles("projects/list-for-user")
@handles("projects/list-for-org")
def list_projects(req: Request) -> Response:
    _check_token(req.token, write=False)
    acc = viewer(req)
    query = str(req.args.get("q") or "").casefold()
    items = [p for p in req.state.projects_of(_owner(req)) if can_see(p, acc) and query in p.title.casefold()]
    page, headers = cursor_paginate(req, items)
    return Response(200, [payloads.project(p, req.api_url) for p in page], headers)


@handles("projects/get-for-user")
@handles("projects/get-for-org")
def get_project(req: Request) -> Response:
    return Response(200, payloads.project(_project(req), req.api_url))


# -- fields ---------------------------------------------------------------------------
@handles("projects/list-fields-for-user")
@handles("projects/list-fields-for-org")
def list_fields(req: Request) -> Response:
    project = _project(req)
    page, headers = cursor_paginate(req, project.fields)
    return Response(200, [payloads.project_field(f, req.api_url) for f in page], headers)


@handles("projects/get-field-for-user")
@handles("projects/get-field-for-org")
def get_field(req: Request) -> Response:
    project = _project(req)
    return Response(200, payloads.project_field(_field(project, req.params["field_id"]), req.api_url))


def _iteration_spec(raw: dict[str, Any]) -> ops.IterationSpec:
    start = dt.date.fromisoformat(str(raw.get("start_date")))
    duration = int(raw.get("duration", 14))
    its = [
        (str(i["title"]), dt.date.fromisoformat(str(i["start_date"])), int(i["duration"]))
        for i in raw.get("iterations") or []
    ]
    return ops.IterationSpec(start, duration, its)


@handles("projects/add-field-for-user")
@handles("projects/add-field-for-org")
def add_field(req: Request) -> Response:
    project = _project(req, write=True)
    body = body_dict(req)
    options = [
        ops.OptionSpec(str(o.get("name", "")), str(o.get("color", "GRAY")), str(o.get("description", "")))
        for o in body.get("single_select_options") or []
    ]
    config = body.get("iteration_configuration")
    try:
        fd = ops.add_field(
            req.state,
            project,
            str(body.get("name", "")),
            str(body.get("data_type")).upper(),
            options=options or None,
            iteration=_iteration_spec(config) if isinstance(config, dict) else None,
        )
    except ops.ProjectError as exc:
        raise _unprocessable(exc) from None
    return Response(201, payloads.project_field(fd, req.api_url))


# -- items ----------------------------------------------------------------------------
@handles("projects/list-items-for-user")
@handles("projects/list-items-for-org")
def list_items(req: Request) -> Response:
    project = _project(req)
    page, headers = cursor_paginate(req, project.items)
    ids = _field_ids(req)
    return Response(200, [payloads.project_item(i, req.api_url, ids) for i in page], headers)


@handles("projects/get-user-item")
@handles("projects/get-org-item")
def get_item(req: Request) -> Response:
    project = _project(req)
    item = _item(project, req.params["item_id"])
    return Response(200, payloads.project_item(item, req.api_url, _field_ids(req)))


@handles("projects/add-item-for-user")
@handles("projects/add-item-for-org")
def add_item(req: Request) -> Response:
    project = _project(req, write=True)
    body = body_dict(req)
    if body.get("type") != "Issue":
        raise HttpError(422, "Only issues are supported by the fake")
    if "id" in body:
        issue = req.state.issue_by_id(body["id"]) if isinstance(body["id"], int) else None
    else:
        repo = req.state.repo(str(body.get("owner")), str(body.get("repo")))
        issue = repo.issue(int(body.get("number", 0))) if repo else None
    if issue is None:
        raise not_found()
    item = ops.add_item(req.state, project, issue, viewer(req))
    return Response(201, payloads.project_item_simple(item, req.api_url))


@handles("projects/update-item-for-user")
@handles("projects/update-item-for-org")
def update_item(req: Request) -> Response:
    project = _project(req, write=True)
    item = _item(project, req.params["item_id"])
    updates = body_dict(req).get("fields") or []
    try:
        for update in updates:
            ops.set_rest_value(req.state, item, _field(project, update.get("id")), update.get("value"))
    except ops.ProjectError as exc:
        raise _unprocessable(exc) from None
    ids = [u.get("id") for u in updates]
    return Response(200, payloads.project_item(item, req.api_url, ids))


@handles("projects/delete-item-for-user")
@handles("projects/delete-item-for-org")
def delete_item(req: Request) -> Response:
    project = _project(req, write=True)
    project.items.remove(_item(project, req.params["item_id"]))
    return Response(204)


# -- views ----------------------------------------------------------------------------
@handles("projects/create-view-for-user")
@handles("projects/create-view-for-org")
def create_view(req: Request) -> Response:
    project = _project(req, write=True)
    body = body_dict(req)
    try:
        view = ops.create_view(
            req.state,
            project,
            viewer(req),
            name=str(body.get("name", "")),
            layout=str(body.get("layout", "table")),
            filter_=body.get("filter"),
            visible_fields=body.get("visible_fields"),
            sort_by=body.get("sort_by"),
            group_by=body.get("group_by"),
            vertical_group_by=body.get("vertical_group_by"),
        )
    except ops.ProjectError as exc:
        raise _unprocessable(exc) from None
    return Response(201, payloads.project_view(view, req.api_url))
