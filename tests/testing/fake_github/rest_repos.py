"""REST routes: users, rate limit, repositories, labels, milestones, commits, branches, workflows."""

from __future__ import annotations

import re
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
)
from .state import Account, Commit, Label, Milestone, Repo, iso, milestone_due, parse_time

_COLOR = re.compile(r"^[0-9a-fA-F]{6}$")


def viewer(req: Request) -> Account:
    """The token's account; 401 without a token."""
    if req.token is None:
        raise HttpError(401, "Requires authentication")
    return req.token.account


# -- users / meta ---------------------------------------------------------------------
@handles("users/get-authenticated")
def get_authenticated(req: Request) -> Response:
    acc = viewer(req)
    if req.token is not None and req.token.kind == "actions":
        raise HttpError(403, "Resource not accessible by integration")
    repos = sum(1 for r in req.state.repos.values() if r.owner is acc)
    return Response(200, payloads.full_user(acc, req.api_url, private=True, repos=repos))


@handles("users/get-by-username")
def get_user(req: Request) -> Response:
    acc = req.state.account(str(req.params["username"]))
    if acc is None:
        raise not_found()
    repos = sum(1 for r in req.state.repos.values() if r.owner is acc and not r.private)
    return Response(200, payloads.full_user(acc, req.api_url, private=False, repos=repos))


@handles("rate-limit/get")
def get_rate_limit(req: Request) -> Response:
    reset = int(req.state.clock.now().timestamp()) + 3600
    return Response(200, payloads.rate_limit(req.token, reset))


# -- repositories -----------------------------------------------------------------------
@handles("repos/get")
def get_repo(req: Request) -> Response:
    repo = find_repo(req)
    perm = permission(repo, req.token) if req.token else None
    return Response(200, payloads.repository(repo, req.api_url, perm))


@handles("repos/list-branches")
def list_branches(req: Request) -> Response:
    repo = find_repo(req)
    names = sorted(repo.branches)
    if req.args.get("protected") is True:
        names = []
    page, headers = paginate(req, names)
    body = [payloads.branch(n, repo.branches[n], repo, req.api_url) for n in page]
    return Response(200, body, headers)


def _ancestors(repo: Repo, start: str) -> list[Commit]:
    seen: dict[str, Commit] = {}
    stack = [start]
    while stack:
        sha = stack.pop()
        commit = repo.commits.get(sha)
        if commit is None or sha in seen:
            continue
        seen[sha] = commit
        stack.extend(commit.parents)
    return list(seen.values())


def _resolve_ref(repo: Repo, ref: str) -> str:
    if ref in repo.branches:
        return repo.branches[ref]
    matches = [sha for sha in repo.commits if sha.startswith(ref)] if len(ref) >= 4 else []
    if len(matches) != 1:
        raise HttpError(404, f"No commit found for SHA: {ref}")
    return matches[0]


def _commit_matches(commit: Commit, req: Request) -> bool:
    author = req.args.get("author")
    if isinstance(author, str):
        names = {commit.author_email.casefold()}
        if commit.author is not None:
            names.add(commit.author.login.casefold())
        if author.casefold() not in names:
            return False
    since, until = req.args.get("since"), req.args.get("until")
    if isinstance(since, str) and commit.committer_date < parse_time(since):
        return False
    return not (isinstance(until, str) and commit.committer_date > parse_time(until))


@handles("repos/list-commits")
def list_commits(req: Request) -> Response:
    """Newest first (by committer date), walking parents from ``sha`` (default branch)."""
    repo = find_repo(req)
    if not repo.commits:
        raise HttpError(409, "Git Repository is empty.")
    ref = req.args.get("sha") or repo.default_branch
    commits = _ancestors(repo, _resolve_ref(repo, str(ref)))
    order = {sha: i for i, sha in enumerate(repo.commits)}
    commits.sort(key=lambda c: (c.committer_date, order[c.sha]), reverse=True)
    commits = [c for c in commits if _commit_matches(c, req)]
    page, headers = paginate(req, commits)
    return Response(200, [payloads.commit(c, repo, req.api_url) for c in page], headers)


@handles("repos/get-commit")
def get_commit(req: Request) -> Response:
    repo = find_repo(req)
    if not repo.commits:
        raise HttpError(409, "Git Repository is empty.")
    ref = str(req.params["ref"])
    if ref not in repo.branches and not any(sha.startswith(ref) for sha in repo.commits):
        raise HttpError(422, f"No commit found for SHA: {ref}")
    commit = repo.commits[_resolve_ref(repo, ref)]
    body = payloads.commit(commit, repo, req.api_url)
    body.update({"stats": {"total": 0, "additions": 0, "deletions": 0}, "files": []})
    return Response(200, body)


@handles("actions/list-repo-workflows")
def list_workflows(req: Request) -> Response:
    repo = find_repo(req)
    page, headers = paginate(req, repo.workflows)
    body = {
        "total_count": len(repo.workflows),
        "workflows": [payloads.workflow(w, repo, req.api_url) for w in page],
    }
    return Response(200, body, headers)


@handles("actions/get-repo-secret")
def get_secret(req: Request) -> Response:
    """Secret metadata (never the value); needs admin, and no Actions token may read it."""
    repo = find_repo(req)
    if req.token is None or req.token.kind == "actions" or not at_least(permission(repo, req.token), "admin"):
        raise HttpError(403, forbidden_message(req.token))
    name = str(req.params["secret_name"]).upper()
    if name not in repo.secrets:
        raise not_found()
    created = iso(repo.secrets[name])
    return Response(200, {"name": name, "created_at": created, "updated_at": created})


def _admin_only(req: Request, repo: Repo) -> None:
    """Admin (Administration: read) reads; the Actions token never has it."""
    if req.token is None or req.token.kind == "actions" or not at_least(permission(repo, req.token), "admin"):
        raise HttpError(403, forbidden_message(req.token))


@handles("actions/list-self-hosted-runners-for-repo")
def list_runners(req: Request) -> Response:
    repo = find_repo(req)
    _admin_only(req, repo)
    runners = [r for r in repo.runners if req.args.get("name") in (None, r.name)]
    page, headers = paginate(req, runners)
    return Response(
        200, {"total_count": len(runners), "runners": [payloads.runner(r) for r in page]}, headers
    )


@handles("actions/get-fork-pr-contributor-approval-permissions-repository")
def get_fork_pr_approval(req: Request) -> Response:
    repo = find_repo(req)
    _admin_only(req, repo)
    return Response(200, {"approval_policy": repo.fork_pr_approval})


# -- labels ---------------------------------------------------------------------------
def _label(req: Request, repo: Repo) -> Label:
    lb = repo.label(str(req.params["name"]))
    if lb is None:
        raise not_found()
    return lb


def _check_color(color: Any) -> str:
    text = str(color).removeprefix("#")
    if not _COLOR.match(text):
        raise HttpError(
            422, "Validation Failed", errors=[{"resource": "Label", "code": "invalid", "field": "color"}]
        )
    return text


@handles("issues/list-labels-for-repo")
def list_labels(req: Request) -> Response:
    repo = find_repo(req)
    page, headers = paginate(req, repo.labels)
    return Response(200, [payloads.label(lb, repo, req.api_url) for lb in page], headers)


@handles("issues/get-label")
def get_label(req: Request) -> Response:
    repo = find_repo(req)
    return Response(200, payloads.label(_label(req, repo), repo, req.api_url))


@handles("issues/create-label")
def create_label(req: Request) -> Response:
    repo = find_repo(req, write=True)
    body = body_dict(req)
    name = str(body.get("name", "")).strip()
    if not name:
        raise HttpError(
            422, "Validation Failed", errors=[{"resource": "Label", "code": "missing_field", "field": "name"}]
        )
    if repo.label(name) is not None:
        raise HttpError(
            422,
            "Validation Failed",
            errors=[{"resource": "Label", "code": "already_exists", "field": "name"}],
        )
    color = _check_color(body.get("color", "ededed"))
    lb = new_label(req, repo, name, color, body.get("description"))
    return Response(201, payloads.label(lb, repo, req.api_url))


def new_label(req: Request, repo: Repo, name: str, color: str, description: Any) -> Label:
    lid = req.state.next_id("label")
    lb = Label(
        id=lid,
        node_id="",
        name=name,
        color=color,
        description=None if description is None else str(description),
    )
    lb.node_id = req.state.register("LA", lid, lb)
    repo.labels.append(lb)
    return lb


@handles("issues/update-label")
def update_label(req: Request) -> Response:
    repo = find_repo(req, write=True)
    lb = _label(req, repo)
    body = body_dict(req)
    new_name = body.get("new_name")
    if isinstance(new_name, str) and new_name != lb.name:
        other = repo.label(new_name)
        if other is not None and other is not lb:
            raise HttpError(
                422,
                "Validation Failed",
                errors=[{"resource": "Label", "code": "already_exists", "field": "name"}],
            )
        lb.name = new_name
    if "color" in body:
        lb.color = _check_color(body["color"])
    if "description" in body:
        lb.description = body["description"]
    return Response(200, payloads.label(lb, repo, req.api_url))


# -- milestones -----------------------------------------------------------------------
def _milestone(req: Request, repo: Repo) -> Milestone:
    ms = repo.milestone(int(req.params["milestone_number"]))
    if ms is None:
        raise not_found()
    return ms


def _completeness(ms: Milestone, repo: Repo) -> float:
    mine = [i for i in repo.issues if i.milestone is ms]
    return sum(1 for i in mine if i.state == "closed") / len(mine) if mine else 0.0


@handles("issues/list-milestones")
def list_milestones(req: Request) -> Response:
    """``state`` open|closed|all, ``sort`` due_on|completeness, ``direction`` asc|desc."""
    repo = find_repo(req)
    state = req.args.get("state", "open")
    items = [m for m in repo.milestones if state == "all" or m.state == state]
    descending = req.args.get("direction", "asc") == "desc"
    if req.args.get("sort", "due_on") == "completeness":
        items.sort(key=lambda m: _completeness(m, repo), reverse=descending)
    else:
        dated = sorted((m for m in items if m.due_on), key=lambda m: m.due_on or 0, reverse=descending)
        items = dated + [m for m in items if not m.due_on]
    page, headers = paginate(req, items)
    return Response(200, [payloads.milestone(m, repo, req.api_url) for m in page], headers)


@handles("issues/get-milestone")
def get_milestone(req: Request) -> Response:
    repo = find_repo(req)
    return Response(200, payloads.milestone(_milestone(req, repo), repo, req.api_url))


def _due_on(value: Any) -> Any:
    """``due_on`` is kept as a date: floored to midnight US Pacific time, like GitHub."""
    return None if value is None else milestone_due(str(value))


def _duplicate_title(repo: Repo, title: str, me: Milestone | None = None) -> None:
    if any(m.title == title and m is not me for m in repo.milestones):
        raise HttpError(
            422,
            "Validation Failed",
            errors=[{"resource": "Milestone", "code": "already_exists", "field": "title"}],
        )


@handles("issues/create-milestone")
def create_milestone(req: Request) -> Response:
    repo = find_repo(req, write=True)
    body = body_dict(req)
    title = str(body.get("title", ""))
    _duplicate_title(repo, title)
    now = req.state.clock.now()
    mid = req.state.next_id("milestone")
    state = body.get("state", "open")
    ms = Milestone(
        id=mid,
        node_id="",
        number=max((m.number for m in repo.milestones), default=0) + 1,
        title=title,
        description=body.get("description"),
        state=state,
        due_on=_due_on(body.get("due_on")),
        creator=viewer(req),
        created_at=now,
        updated_at=now,
        closed_at=now if state == "closed" else None,
    )
    ms.node_id = req.state.register("MI", mid, ms)
    repo.milestones.append(ms)
    return Response(201, payloads.milestone(ms, repo, req.api_url))


@handles("issues/update-milestone")
def update_milestone(req: Request) -> Response:
    repo = find_repo(req, write=True)
    ms = _milestone(req, repo)
    body = body_dict(req)
    if "title" in body:
        _duplicate_title(repo, str(body["title"]), ms)
        ms.title = str(body["title"])
    if "description" in body:
        ms.description = body["description"]
    if "due_on" in body:
        ms.due_on = _due_on(body["due_on"])
    now = req.state.clock.now()
    if body.get("state") in ("open", "closed") and body["state"] != ms.state:
        ms.state = body["state"]
        ms.closed_at = now if ms.state == "closed" else None
    ms.updated_at = now
    return Response(200, payloads.milestone(ms, repo, req.api_url))
