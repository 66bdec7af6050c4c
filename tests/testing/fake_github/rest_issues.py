"""REST routes: issues, sub-issues and issue comments."""

from __future__ import annotations

from typing import Any

from . import payloads
from .http import (
    HttpError,
    Request,
    Response,
    at_least,
    body_dict,
    find_repo,
    forbidden_message,
    handles,
    not_found,
    paginate,
    permission,
    validation_failed,
)
from .rest_repos import new_label, viewer
from .state import Account, Comment, Issue, Label, Milestone, Repo, State, parse_time

MAX_SUB_ISSUES = 100


def _issue(req: Request, repo: Repo) -> Issue:
    it = repo.issue(int(req.params["issue_number"]))
    if it is None:
        raise not_found()
    return it


def _can_push(req: Request, repo: Repo) -> bool:
    return at_least(permission(repo, req.token), "push")


def _require_token_write(req: Request, repo: Repo) -> Account:
    acc = viewer(req)
    if req.token is not None and req.token.kind == "actions" and not _can_push(req, repo):
        raise HttpError(403, forbidden_message(req.token))
    return acc


# -- filters ------------------------------------------------------------------------------
def _milestone_matches(it: Issue, wanted: Any) -> bool:
    if wanted is None:
        return True
    if wanted == "*":
        return it.milestone is not None
    if wanted == "none":
        return it.milestone is None
    return it.milestone is not None and str(it.milestone.number) == str(wanted)


def _assignee_matches(it: Issue, wanted: Any) -> bool:
    if wanted is None:
        return True
    if wanted == "*":
        return bool(it.assignees)
    if wanted == "none":
        return not it.assignees
    return any(a.login.casefold() == str(wanted).casefold() for a in it.assignees)


def _labels_match(it: Issue, wanted: Any) -> bool:
    if not wanted:
        return True
    names = {lb.name.casefold() for lb in it.labels}
    return all(w.strip().casefold() in names for w in str(wanted).split(",") if w.strip())


def _issue_matches(it: Issue, req: Request) -> bool:
    state = req.args.get("state", "open")
    creator = req.args.get("creator")
    since = req.args.get("since")
    checks = (
        state == "all" or it.state == state,
        creator is None or it.user.login.casefold() == str(creator).casefold(),
        not isinstance(since, str) or it.updated_at >= parse_time(since),
        _milestone_matches(it, req.args.get("milestone")),
        _assignee_matches(it, req.args.get("assignee")),
        _labels_match(it, req.args.get("labels")),
    )
    return all(checks)


@handles("issues/list-for-repo")
def list_issues(req: Request) -> Response:
    repo = find_repo(req)
    items = [i for i in repo.issues if _issue_matches(i, req)]
    sort = req.args.get("sort", "created")
    keys = {
        "created": lambda i: (i.created_at, i.number),
        "updated": lambda i: (i.updated_at, i.number),
        "comments": lambda i: (len(i.comments), i.number),
    }
    items.sort(key=keys.get(sort, keys["created"]), reverse=req.args.get("direction") != "asc")
    page, headers = paginate(req, items)
    return Response(200, [payloads.issue(i, req.api_url) for i in page], headers)


@handles("issues/get")
def get_issue(req: Request) -> Response:
    repo = find_repo(req)
    return Response(200, payloads.issue(_issue(req, repo), req.api_url))


# -- create / update ------------------------------------------------------------------
def _labels_from(req: Request, repo: Repo, raw: Any) -> list[Label]:
    """Label names (or objects with ``name``); unknown names are created, like on GitHub."""
    out: list[Label] = []
    for entry in raw or []:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or not name.strip():
            continue
        lb = repo.label(name) or new_label(req, repo, name.strip(), "ededed", None)
        if lb not in out:
            out.append(lb)
    return out


def _milestone_from(repo: Repo, raw: Any) -> Milestone | None:
    if raw is None:
        return None
    ms = repo.milestone(int(raw)) if str(raw).isdigit() else None
    if ms is None:
        raise validation_failed("Issue", "invalid", "milestone", value=raw)
    return ms


def _assignees_from(req: Request, raw: Any) -> list[Account]:
    out: list[Account] = []
    for login in raw or []:
        acc = req.state.account(str(login))
        if acc is None:
            raise validation_failed("Issue", "invalid", "assignees", value=str(login))
        out.append(acc)
    return out


@handles("issues/create")
def create_issue(req: Request) -> Response:
    """Labels / milestone / assignees are silently dropped without push access (like GitHub)."""
    repo = find_repo(req)
    author = _require_token_write(req, repo)
    body = body_dict(req)
    title = body.get("title")
    if title is None or str(title).strip() == "":
        raise validation_failed("Issue", "missing_field", "title")
    it = new_issue(req.state, repo, author, str(title), body.get("body"))
    if _can_push(req, repo):
        it.milestone = _milestone_from(repo, body.get("milestone"))
        assignees = body.get("assignees") or ([body["assignee"]] if body.get("assignee") else [])
        it.assignees = _assignees_from(req, assignees)
        it.labels = _labels_from(req, repo, body.get("labels"))
    repo.issues.append(it)
    return Response(201, payloads.issue(it, req.api_url))


def new_issue(state: State, repo: Repo, author: Account, title: str, body: str | None) -> Issue:
    """A new issue with the repository's next number (not yet added to ``repo.issues``)."""
    now = state.clock.now()
    iid = state.next_id("issue")
    number = repo.next_number()  # issues and pull requests share numbers
    it = Issue(
        id=iid,
        node_id="",
        number=number,
        repo=repo,
        title=title,
        body=body,
        user=author,
        created_at=now,
        updated_at=now,
    )
    it.node_id = state.register("I", iid, it)
    return it


def attach_sub_issue(parent: Issue, sub: Issue, now: Any, *, replace: bool = False) -> None:
    """Make ``sub`` the last sub-issue of ``parent``; ``HttpError`` 422 when GitHub refuses."""
    _check_sub_issue(parent, sub, replace)
    if sub.parent is not None:
        sub.parent.sub_issues.remove(sub)
    sub.parent = parent
    parent.sub_issues.append(sub)
    parent.updated_at = now


def _apply_state(req: Request, it: Issue, body: dict[str, Any]) -> None:
    """``state``/``state_reason``: the reason is ignored unless the state changes."""
    state = body.get("state")
    if state not in ("open", "closed") or state == it.state:
        return
    now = req.state.clock.now()
    it.state = state
    if state == "closed":
        it.state_reason = body.get("state_reason") or "completed"
        it.closed_at, it.closed_by = now, viewer(req)
    else:
        it.state_reason = body.get("state_reason") or "reopened"
        it.closed_at, it.closed_by = None, None


def _apply_triage(req: Request, repo: Repo, it: Issue, body: dict[str, Any]) -> None:
    if "milestone" in body:
        it.milestone = _milestone_from(repo, body["milestone"])
    if "labels" in body:
        it.labels = _labels_from(req, repo, body["labels"])
    if "assignees" in body:
        it.assignees = _assignees_from(req, body["assignees"])
    elif "assignee" in body:
        it.assignees = _assignees_from(req, [body["assignee"]] if body["assignee"] else [])


@handles("issues/update")
def update_issue(req: Request) -> Response:
    repo = find_repo(req)
    it = _issue(req, repo)
    acc = viewer(req)
    push = _can_push(req, repo)
    if not push and acc is not it.user:
        raise HttpError(403, forbidden_message(req.token))
    body = body_dict(req)
    if "title" in body and body["title"] is not None:
        it.title = str(body["title"])
    if "body" in body:
        it.body = body["body"]
    _apply_state(req, it, body)
    if push:
        _apply_triage(req, repo, it, body)
    it.updated_at = req.state.clock.now()
    return Response(200, payloads.issue(it, req.api_url))


# -- sub-issues -----------------------------------------------------------------------
def _sub_issue_error(message: str) -> HttpError:
    return validation_failed("Issue", "custom", "sub_issue_id", message=message)  # approx.


def _ancestors(it: Issue) -> list[Issue]:
    out = []
    while it.parent is not None:
        it = it.parent
        out.append(it)
    return out


def _check_sub_issue(parent: Issue, sub: Issue, replace: bool) -> None:
    if sub.repo.owner is not parent.repo.owner:
        raise _sub_issue_error("Sub-issue must belong to the same owner as the parent")
    if sub is parent or sub in _ancestors(parent):
        raise _sub_issue_error("An issue cannot be its own sub-issue or ancestor")
    if sub in parent.sub_issues:
        raise _sub_issue_error("Issue may not contain duplicate sub-issues")
    if sub.parent is not None and not replace:
        raise _sub_issue_error("Sub issue may only have one parent")
    if len(parent.sub_issues) >= MAX_SUB_ISSUES:
        raise _sub_issue_error(f"Parent cannot have more than {MAX_SUB_ISSUES} sub-issues")


@handles("issues/list-sub-issues")
def list_sub_issues(req: Request) -> Response:
    repo = find_repo(req)
    page, headers = paginate(req, _issue(req, repo).sub_issues)
    return Response(200, [payloads.issue(i, req.api_url) for i in page], headers)


@handles("issues/add-sub-issue")
def add_sub_issue(req: Request) -> Response:
    """Body ``{"sub_issue_id": <issue id, not number>}``; answers with the parent issue."""
    repo = find_repo(req, write=True)
    parent = _issue(req, repo)
    body = body_dict(req)
    sub_id = body.get("sub_issue_id")
    sub = req.state.issue_by_id(sub_id) if isinstance(sub_id, int) else None
    if sub is None:
        raise validation_failed("Issue", "invalid", "sub_issue_id")  # approx.
    attach_sub_issue(parent, sub, req.state.clock.now(), replace=bool(body.get("replace_parent")))
    return Response(201, payloads.issue(parent, req.api_url))


@handles("issues/remove-sub-issue")
def remove_sub_issue(req: Request) -> Response:
    repo = find_repo(req, write=True)
    parent = _issue(req, repo)
    sub_id = body_dict(req).get("sub_issue_id")
    sub = next((s for s in parent.sub_issues if s.id == sub_id), None)
    if sub is None:
        raise not_found()
    parent.sub_issues.remove(sub)
    sub.parent = None
    return Response(200, payloads.issue(sub, req.api_url))


@handles("issues/get-parent")
def get_parent(req: Request) -> Response:
    repo = find_repo(req)
    it = _issue(req, repo)
    if it.parent is None:
        raise not_found()
    return Response(200, payloads.issue(it.parent, req.api_url))


# -- comments -------------------------------------------------------------------------
@handles("issues/list-comments")
def list_comments(req: Request) -> Response:
    repo = find_repo(req)
    since = req.args.get("since")
    items = [
        c
        for c in _issue(req, repo).comments
        if not isinstance(since, str) or c.updated_at >= parse_time(since)
    ]
    page, headers = paginate(req, items)
    return Response(200, [payloads.comment(c, req.api_url) for c in page], headers)


@handles("issues/create-comment")
def create_comment(req: Request) -> Response:
    repo = find_repo(req)
    author = _require_token_write(req, repo)
    it = _issue(req, repo)
    text = body_dict(req).get("body")
    if not isinstance(text, str) or not text:
        raise validation_failed("IssueComment", "missing_field", "body")
    now = req.state.clock.now()
    cid = req.state.next_id("comment")
    cm = Comment(id=cid, node_id="", issue=it, body=text, user=author, created_at=now, updated_at=now)
    cm.node_id = req.state.register("IC", cid, cm)
    it.comments.append(cm)
    it.updated_at = now
    return Response(201, payloads.comment(cm, req.api_url))


def _comment(req: Request, repo: Repo) -> Comment:
    cm = req.state.comment_by_id(repo, int(req.params["comment_id"]))
    if cm is None:
        raise not_found()
    return cm


@handles("issues/get-comment")
def get_comment(req: Request) -> Response:
    repo = find_repo(req)
    return Response(200, payloads.comment(_comment(req, repo), req.api_url))


@handles("issues/update-comment")
def update_comment(req: Request) -> Response:
    repo = find_repo(req)
    cm = _comment(req, repo)
    if viewer(req) is not cm.user and not _can_push(req, repo):
        raise HttpError(403, forbidden_message(req.token))
    text = body_dict(req).get("body")
    if isinstance(text, str):
        cm.body = text
    cm.updated_at = req.state.clock.now()
    return Response(200, payloads.comment(cm, req.api_url))
