"""REST routes: pull requests (list, create, get, update) between branches of one repository.

Modelled: issues and pull requests share numbers; one open pull request per head and base
(422 "A pull request already exists"); the head branch must exist; the Actions token may
open one only where the repository allows it (off by default, 403 otherwise).
"""

from __future__ import annotations

import subprocess
from typing import Any

from . import payloads
from .http import HTML_URL, HttpError, Request, Response, body_dict, find_repo, handles, paginate
from .state import PullRequest, Repo, iso

ACTIONS_REFUSED = "GitHub Actions is not permitted to create or approve pull requests."


def branches(repo: Repo) -> dict[str, str]:
    """Branch heads: seeded ones, and those pushed to the linked git repository."""
    heads = dict(repo.branches)
    if repo.git_dir is not None:
        out = subprocess.run(
            [
                "git",
                "--git-dir",
                repo.git_dir,
                "for-each-ref",
                "--format=%(objectname) %(refname)",
                "refs/heads",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in out.splitlines():
            sha, ref = line.split(" ", 1)
            heads[ref.removeprefix("refs/heads/")] = sha
    return heads


def _links(api: str, html: str) -> dict[str, Any]:
    names = {
        "comments": f"{api.replace('/pulls/', '/issues/')}/comments",
        "commits": f"{api}/commits",
        "statuses": f"{api}/statuses",
        "html": html,
        "issue": api.replace("/pulls/", "/issues/"),
        "review_comments": f"{api}/comments",
        "review_comment": f"{api.rsplit('/', 1)[0]}/comments{{/number}}",
        "self": api,
    }
    return {key: {"href": href} for key, href in names.items()}


def _side(repo: Repo, branch: str, base: str, sha: str | None = None) -> dict[str, Any]:
    return {
        "label": f"{repo.owner.login}:{branch}",
        "ref": branch,
        "sha": sha or branches(repo).get(branch, "0" * 40),
        "user": payloads.simple_user(repo.owner, base),
        "repo": payloads.repository(repo, base, None),
    }


def simple(pr: PullRequest, repo: Repo, base: str) -> dict[str, Any]:
    """``pull-request-simple``."""
    api = f"{base}/repos/{repo.full_name}/pulls/{pr.number}"
    html = f"{HTML_URL}/{repo.full_name}/pull/{pr.number}"
    issue_api = f"{base}/repos/{repo.full_name}/issues/{pr.number}"
    return {
        "url": api,
        "id": pr.id,
        "node_id": pr.node_id,
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": issue_api,
        "commits_url": f"{api}/commits",
        "review_comments_url": f"{api}/comments",
        "review_comment_url": f"{base}/repos/{repo.full_name}/pulls/comments{{/number}}",
        "comments_url": f"{issue_api}/comments",
        "statuses_url": f"{base}/repos/{repo.full_name}/statuses/{branches(repo).get(pr.head, '0' * 40)}",
        "number": pr.number,
        "state": pr.state,
        "locked": False,
        "title": pr.title,
        "user": payloads.simple_user(pr.user, base),
        "body": pr.body,
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": iso(pr.created_at),
        "updated_at": iso(pr.updated_at),
        "closed_at": iso(pr.closed_at),
        "merged_at": None,
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": _side(repo, pr.head, base, pr.closed_head if pr.state == "closed" else None),
        "base": _side(repo, pr.base, base),
        "_links": _links(api, html),
        "author_association": payloads.author_association(pr.user, repo),
        "auto_merge": None,
        "draft": pr.draft,
    }


def full(pr: PullRequest, repo: Repo, base: str) -> dict[str, Any]:
    """``pull-request``."""
    return {
        **simple(pr, repo, base),
        "merged": False,
        "mergeable": None,
        "rebaseable": None,
        "mergeable_state": "unknown",
        "merged_by": None,
        "comments": 0,
        "review_comments": 0,
        "maintainer_can_modify": False,
        "commits": 1,
        "additions": 0,
        "deletions": 0,
        "changed_files": 0,
    }


def _pull(req: Request, repo: Repo) -> PullRequest:
    number = int(req.params["pull_number"])
    pr = next((p for p in repo.pulls if p.number == number), None)
    if pr is None:
        raise HttpError(404, "Not Found")
    return pr


def _branch_of(repo: Repo, head: str) -> str:
    """``owner:branch`` or ``branch`` of this repository (the fake has no forks)."""
    owner, colon, branch = head.rpartition(":")
    if colon and owner.casefold() != repo.owner.login.casefold():
        return ""
    return branch


@handles("pulls/list")
def list_pulls(req: Request) -> Response:
    repo = find_repo(req)
    state = req.args.get("state", "open")
    items = [p for p in repo.pulls if state == "all" or p.state == state]
    head = req.args.get("head")
    if isinstance(head, str):
        branch = _branch_of(repo, head) if ":" in head else None
        items = [p for p in items if p.head == branch] if branch is not None else items
    if isinstance(req.args.get("base"), str):
        items = [p for p in items if p.base == req.args["base"]]
    items.sort(key=lambda p: p.created_at, reverse=req.args.get("direction", "desc") == "desc")
    page, headers = paginate(req, items)
    return Response(200, [simple(p, repo, req.api_url) for p in page], headers)


@handles("pulls/get")
def get_pull(req: Request) -> Response:
    repo = find_repo(req)
    return Response(200, full(_pull(req, repo), repo, req.api_url))


def _invalid(field: str, code: str = "invalid", message: str | None = None) -> HttpError:
    error: dict[str, Any] = {"resource": "PullRequest", "field": field, "code": code}
    if message:
        error = {"resource": "PullRequest", "code": "custom", "message": message}
    return HttpError(422, "Validation Failed", errors=[error])


@handles("pulls/create")
def create_pull(req: Request) -> Response:
    repo = find_repo(req, write=True)
    if req.token is not None and req.token.kind == "actions" and not repo.actions_can_open_pulls:
        raise HttpError(403, ACTIONS_REFUSED)
    body = body_dict(req)
    head, base = _branch_of(repo, str(body.get("head", ""))), str(body.get("base", ""))
    if not str(body.get("title") or "").strip():
        raise _invalid("title", "missing_field")
    heads = branches(repo)
    if head not in heads:
        raise _invalid("head")
    if base not in heads:
        raise _invalid("base")
    if any(p.state == "open" and p.head == head and p.base == base for p in repo.pulls):
        raise _invalid("head", message=f"A pull request already exists for {repo.owner.login}:{head}.")
    if heads[head] == heads[base]:
        raise _invalid("head", message=f"No commits between {base} and {head}")
    now = req.state.clock.now()
    pid = req.state.next_id("pull")
    assert req.token is not None  # find_repo(write=True) refused anonymous requests
    user = req.token.account
    pr = PullRequest(
        id=pid,
        node_id="",
        number=repo.next_number(),
        title=str(body["title"]),
        body=body.get("body"),
        user=user,
        head=head,
        base=base,
        draft=bool(body.get("draft", False)),
        created_at=now,
        updated_at=now,
    )
    pr.node_id = req.state.register("PR", pid, pr)
    repo.pulls.append(pr)
    return Response(201, full(pr, repo, req.api_url))


@handles("pulls/update")
def update_pull(req: Request) -> Response:
    repo = find_repo(req, write=True)
    pr = _pull(req, repo)
    body = body_dict(req)
    if "title" in body:
        pr.title = str(body["title"])
    if "body" in body:
        pr.body = body["body"]
    if body.get("state") in ("open", "closed") and body["state"] != pr.state:
        pr.state = body["state"]
        pr.closed_at = req.state.clock.now() if pr.state == "closed" else None
        pr.closed_head = branches(repo).get(pr.head) if pr.state == "closed" else None
    pr.updated_at = req.state.clock.now()
    return Response(200, full(pr, repo, req.api_url))
