"""REST JSON representations of stored objects, shaped like GitHub's (and its OpenAPI).

Every builder takes ``base``: the fake's API root (``http://127.0.0.1:PORT``), used
wherever GitHub answers with ``https://api.github.com/...`` URLs, so clients such as
PyGithub that follow ``url`` fields keep talking to the fake. ``html_url`` fields point
at ``https://github.com`` like the real thing (they are never fetched).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from .http import HTML_URL
from .state import (
    Account,
    Comment,
    Commit,
    Issue,
    Label,
    Milestone,
    Project,
    ProjectField,
    ProjectItem,
    ProjectView,
    Repo,
    Runner,
    Token,
    Workflow,
    iso,
)

REST_FIELD_TYPES = {
    "TITLE": "title",
    "ASSIGNEES": "assignees",
    "SINGLE_SELECT": "single_select",
    "LABELS": "labels",
    "LINKED_PULL_REQUESTS": "linked_pull_requests",
    "MILESTONE": "milestone",
    "REPOSITORY": "repository",
    "REVIEWERS": "reviewers",
    "PARENT_ISSUE": "parent_issue",
    "SUB_ISSUES_PROGRESS": "sub_issues_progress",
    "TEXT": "text",
    "NUMBER": "number",
    "DATE": "date",
    "ITERATION": "iteration",
}


def _q(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def simple_user(acc: Account, base: str) -> dict[str, Any]:
    """``simple-user``."""
    api = f"{base}/users/{_q(acc.login)}"
    html = (
        f"{HTML_URL}/apps/{acc.login.removesuffix('[bot]')}"
        if acc.type == "Bot"
        else (f"{HTML_URL}/{acc.login}")
    )
    return {
        "login": acc.login,
        "id": acc.id,
        "node_id": acc.node_id,
        "avatar_url": f"https://avatars.githubusercontent.com/u/{acc.id}?v=4",
        "gravatar_id": "",
        "url": api,
        "html_url": html,
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": acc.type,
        "user_view_type": "public",
        "site_admin": False,
    }


def full_user(acc: Account, base: str, *, private: bool, repos: int) -> dict[str, Any]:
    """``private-user`` (``private=True``: the authenticated user) or ``public-user``."""
    out = simple_user(acc, base)
    out.update(
        {
            "name": acc.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": acc.email,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": repos,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": iso(acc.created_at),
            "updated_at": iso(acc.created_at),
        }
    )
    if private:
        out["user_view_type"] = "private"
        out.update(
            {
                "private_gists": 0,
                "total_private_repos": 0,
                "owned_private_repos": 0,
                "disk_usage": 0,
                "collaborators": 0,
                "two_factor_authentication": True,
                "plan": {"name": "free", "space": 976562499, "collaborators": 0, "private_repos": 10000},
            }
        )
    return out


def _repo_urls(api: str) -> dict[str, str]:
    templated = {
        "archive_url": "{archive_format}{/ref}",
        "assignees_url": "assignees{/user}",
        "blobs_url": "git/blobs{/sha}",
        "branches_url": "branches{/branch}",
        "collaborators_url": "collaborators{/collaborator}",
        "comments_url": "comments{/number}",
        "commits_url": "commits{/sha}",
        "compare_url": "compare/{base}...{head}",
        "contents_url": "contents/{+path}",
        "git_commits_url": "git/commits{/sha}",
        "git_refs_url": "git/refs{/sha}",
        "git_tags_url": "git/tags{/sha}",
        "issue_comment_url": "issues/comments{/number}",
        "issue_events_url": "issues/events{/number}",
        "issues_url": "issues{/number}",
        "keys_url": "keys{/key_id}",
        "labels_url": "labels{/name}",
        "milestones_url": "milestones{/number}",
        "pulls_url": "pulls{/number}",
        "notifications_url": "notifications{?since,all,participating}",
        "releases_url": "releases{/id}",
        "statuses_url": "statuses/{sha}",
        "trees_url": "git/trees{/sha}",
    }
    plain = (
        "contributors",
        "deployments",
        "downloads",
        "events",
        "forks",
        "hooks",
        "languages",
        "merges",
        "stargazers",
        "subscribers",
        "subscription",
        "tags",
        "teams",
    )
    out = {key: f"{api}/{suffix}" for key, suffix in templated.items()}
    out.update({f"{name}_url": f"{api}/{name}" for name in plain})
    return out


def repository(repo: Repo, base: str, perm: str | None) -> dict[str, Any]:
    """``full-repository``; ``permissions`` are those of the requesting token."""
    api = f"{base}/repos/{repo.full_name}"
    html = f"{HTML_URL}/{repo.full_name}"
    open_issues = sum(1 for i in repo.issues if i.state == "open")
    out: dict[str, Any] = {
        "id": repo.id,
        "node_id": repo.node_id,
        "name": repo.name,
        "full_name": repo.full_name,
        "owner": simple_user(repo.owner, base),
        "private": repo.private,
        "html_url": html,
        "description": repo.description,
        "fork": False,
        "url": api,
        **_repo_urls(api),
        "git_url": f"git://github.com/{repo.full_name}.git",
        "ssh_url": f"git@github.com:{repo.full_name}.git",
        "clone_url": f"{html}.git",
        "svn_url": html,
        "mirror_url": None,
        "homepage": None,
        "language": None,
        "forks_count": 0,
        "stargazers_count": 0,
        "watchers_count": 0,
        "size": 0,
        "default_branch": repo.default_branch,
        "open_issues_count": open_issues,
        "is_template": repo.is_template,
        "topics": [],
        "has_issues": repo.has_issues,
        "has_projects": True,
        "has_wiki": False,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "visibility": "private" if repo.private else "public",
        "pushed_at": iso(repo.updated_at),
        "created_at": iso(repo.created_at),
        "updated_at": iso(repo.updated_at),
        "allow_forking": True,
        "web_commit_signoff_required": False,
        "subscribers_count": 1,
        "network_count": 0,
        "license": None,
        "forks": 0,
        "open_issues": open_issues,
        "watchers": 0,
        "template_repository": (
            None if repo.template_repository is None else repository(repo.template_repository, base, None)
        ),
    }
    if repo.owner.type == "Organization":
        out["organization"] = simple_user(repo.owner, base)
    if perm is not None:
        order = ["pull", "triage", "push", "maintain", "admin"]
        level = order.index(perm)
        out["permissions"] = {name: level >= i for i, name in enumerate(order)}
    return out


def label(lb: Label, repo: Repo, base: str) -> dict[str, Any]:
    """``label``."""
    return {
        "id": lb.id,
        "node_id": lb.node_id,
        "url": f"{base}/repos/{repo.full_name}/labels/{_q(lb.name)}",
        "name": lb.name,
        "color": lb.color,
        "default": lb.default,
        "description": lb.description,
    }


def milestone(ms: Milestone, repo: Repo, base: str) -> dict[str, Any]:
    """``milestone``; ``open_issues``/``closed_issues`` are computed from the issues."""
    api = f"{base}/repos/{repo.full_name}/milestones/{ms.number}"
    mine = [i for i in repo.issues if i.milestone is ms]
    return {
        "url": api,
        "html_url": f"{HTML_URL}/{repo.full_name}/milestone/{ms.number}",
        "labels_url": f"{api}/labels",
        "id": ms.id,
        "node_id": ms.node_id,
        "number": ms.number,
        "title": ms.title,
        "description": ms.description,
        "creator": simple_user(ms.creator, base),
        "open_issues": sum(1 for i in mine if i.state == "open"),
        "closed_issues": sum(1 for i in mine if i.state == "closed"),
        "state": ms.state,
        "created_at": iso(ms.created_at),
        "updated_at": iso(ms.updated_at),
        "due_on": iso(ms.due_on),
        "closed_at": iso(ms.closed_at),
    }


def author_association(acc: Account, repo: Repo) -> str:
    if acc is repo.owner:
        return "OWNER"
    if acc.login.casefold() in repo.permissions:
        return "COLLABORATOR"
    if repo.owner.type == "Organization" and acc.login.casefold() in repo.owner.members:
        return "MEMBER"
    return "NONE"


def reactions(url: str) -> dict[str, Any]:
    keys = ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")
    return {"url": url, "total_count": 0, **dict.fromkeys(keys, 0)}


def sub_issues_summary(issue: Issue) -> dict[str, int]:
    total = len(issue.sub_issues)
    done = sum(1 for s in issue.sub_issues if s.state == "closed")
    return {"total": total, "completed": done, "percent_completed": (done * 100 // total) if total else 0}


def issue(it: Issue, base: str) -> dict[str, Any]:
    """``issue``."""
    repo = it.repo
    api = f"{base}/repos/{repo.full_name}/issues/{it.number}"
    out: dict[str, Any] = {
        "id": it.id,
        "node_id": it.node_id,
        "url": api,
        "repository_url": f"{base}/repos/{repo.full_name}",
        "labels_url": f"{api}/labels{{/name}}",
        "comments_url": f"{api}/comments",
        "events_url": f"{api}/events",
        "html_url": f"{HTML_URL}/{repo.full_name}/issues/{it.number}",
        "number": it.number,
        "state": it.state,
        "state_reason": it.state_reason,
        "title": it.title,
        "body": it.body,
        "user": simple_user(it.user, base),
        "labels": [label(lb, repo, base) for lb in it.labels],
        "assignee": simple_user(it.assignees[0], base) if it.assignees else None,
        "assignees": [simple_user(a, base) for a in it.assignees],
        "milestone": milestone(it.milestone, repo, base) if it.milestone else None,
        "locked": it.locked,
        "active_lock_reason": None,
        "comments": len(it.comments),
        "closed_at": iso(it.closed_at),
        "created_at": iso(it.created_at),
        "updated_at": iso(it.updated_at),
        "closed_by": simple_user(it.closed_by, base) if it.closed_by else None,
        "author_association": author_association(it.user, repo),
        "reactions": reactions(f"{api}/reactions"),
        "timeline_url": f"{api}/timeline",
        "performed_via_github_app": None,
        "sub_issues_summary": sub_issues_summary(it),
        "parent_issue_url": (
            f"{base}/repos/{it.parent.repo.full_name}/issues/{it.parent.number}" if it.parent else None
        ),
    }
    return out


def comment(cm: Comment, base: str) -> dict[str, Any]:
    """``issue-comment``."""
    repo = cm.issue.repo
    api = f"{base}/repos/{repo.full_name}/issues/comments/{cm.id}"
    return {
        "id": cm.id,
        "node_id": cm.node_id,
        "url": api,
        "html_url": f"{HTML_URL}/{repo.full_name}/issues/{cm.issue.number}#issuecomment-{cm.id}",
        "body": cm.body,
        "user": simple_user(cm.user, base),
        "created_at": iso(cm.created_at),
        "updated_at": iso(cm.updated_at),
        "issue_url": f"{base}/repos/{repo.full_name}/issues/{cm.issue.number}",
        "author_association": author_association(cm.user, repo),
        "performed_via_github_app": None,
        "reactions": reactions(f"{api}/reactions"),
    }


def commit(cm: Commit, repo: Repo, base: str) -> dict[str, Any]:
    """``commit`` as listed by ``GET /repos/{o}/{r}/commits`` (dates in UTC, like GitHub)."""
    api = f"{base}/repos/{repo.full_name}"
    return {
        "url": f"{api}/commits/{cm.sha}",
        "sha": cm.sha,
        "node_id": cm.node_id,
        "html_url": f"{HTML_URL}/{repo.full_name}/commit/{cm.sha}",
        "comments_url": f"{api}/commits/{cm.sha}/comments",
        "commit": {
            "url": f"{api}/git/commits/{cm.sha}",
            "author": {"name": cm.author_name, "email": cm.author_email, "date": iso(cm.author_date)},
            "committer": {
                "name": cm.committer_name,
                "email": cm.committer_email,
                "date": iso(cm.committer_date),
            },
            "message": cm.message,
            "tree": {"sha": cm.sha[::-1], "url": f"{api}/git/trees/{cm.sha[::-1]}"},
            "comment_count": 0,
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        },
        "author": simple_user(cm.author, base) if cm.author else None,
        "committer": simple_user(cm.committer, base) if cm.committer else None,
        "parents": [
            {"sha": p, "url": f"{api}/commits/{p}", "html_url": f"{HTML_URL}/{repo.full_name}/commit/{p}"}
            for p in cm.parents
        ],
    }


def branch(name: str, sha: str, repo: Repo, base: str) -> dict[str, Any]:
    """``short-branch``."""
    api = f"{base}/repos/{repo.full_name}"
    return {
        "name": name,
        "commit": {"sha": sha, "url": f"{api}/commits/{sha}"},
        "protected": False,
        "protection_url": f"{api}/branches/{_q(name)}/protection",
    }


def workflow(wf: Workflow, repo: Repo, base: str) -> dict[str, Any]:
    """``workflow``."""
    file = wf.path.rsplit("/", 1)[-1]
    return {
        "id": wf.id,
        "node_id": wf.node_id,
        "name": wf.name,
        "path": wf.path,
        "state": wf.state,
        "created_at": iso(wf.created_at),
        "updated_at": iso(wf.updated_at),
        "url": f"{base}/repos/{repo.full_name}/actions/workflows/{wf.id}",
        "html_url": f"{HTML_URL}/{repo.full_name}/blob/{repo.default_branch}/{wf.path}",
        "badge_url": f"{HTML_URL}/{repo.full_name}/actions/workflows/{file}/badge.svg",
    }


def runner(rn: Runner) -> dict[str, Any]:
    """``runner``; label ids are stable per name, custom labels after the default ones."""
    defaults = {"self-hosted", "linux", "x64", "arm64", "windows", "macos"}
    labels = [
        {"id": index + 1, "name": name, "type": "read-only" if name in defaults else "custom"}
        for index, name in enumerate(rn.labels)
    ]
    return {
        "id": rn.id,
        "runner_group_id": 1,
        "name": rn.name,
        "os": rn.os,
        "status": rn.status,
        "busy": False,
        "ephemeral": False,
        "labels": labels,
    }


def rate_limit(token: Token | None, reset: int) -> dict[str, Any]:
    """``rate-limit-overview``."""

    def one(resource: str, limit: int) -> dict[str, int]:
        used = token.rate_used.get(resource, 0) if token else 0
        return {"limit": limit, "used": used, "remaining": limit - used, "reset": reset}

    core_limit = token.rate_limit if token else 60
    resources = {
        "core": one("core", core_limit),
        "graphql": one("graphql", core_limit if token else 0),
        "search": one("search", 30),
        "code_search": one("code_search", 10),
        "integration_manifest": one("integration_manifest", 5000),
        "source_import": one("source_import", 100),
    }
    return {"resources": resources, "rate": resources["core"]}


# -- Projects v2 ----------------------------------------------------------------------
def project_api_url(project: Project, base: str) -> str:
    kind = "orgs" if project.owner.type == "Organization" else "users"
    return f"{base}/{kind}/{_q(project.owner.login)}/projectsV2/{project.number}"


def project_html_url(project: Project) -> str:
    kind = "orgs" if project.owner.type == "Organization" else "users"
    return f"{HTML_URL}/{kind}/{project.owner.login}/projects/{project.number}"


def project(pj: Project, base: str) -> dict[str, Any]:
    """``projects-v2``."""
    return {
        "id": pj.id,
        "node_id": pj.node_id,
        "owner": simple_user(pj.owner, base),
        "creator": simple_user(pj.creator, base),
        "title": pj.title,
        "description": pj.short_description,
        "public": pj.public,
        "closed_at": iso(pj.closed_at),
        "created_at": iso(pj.created_at),
        "updated_at": iso(pj.updated_at),
        "number": pj.number,
        "short_description": pj.short_description,
        "deleted_at": None,
        "deleted_by": None,
        "state": "closed" if pj.closed else "open",
        "is_template": False,
    }


def _raw_html(text: str) -> dict[str, str]:
    return {"raw": text, "html": text}


def project_field(fd: ProjectField, base: str) -> dict[str, Any]:
    """``projects-v2-field``."""
    out: dict[str, Any] = {
        "id": fd.id,
        "node_id": fd.node_id,
        "project_url": project_api_url(fd.project, base),
        "name": fd.name,
        "data_type": REST_FIELD_TYPES[fd.data_type],
        "created_at": iso(fd.created_at),
        "updated_at": iso(fd.updated_at),
    }
    if fd.data_type == "SINGLE_SELECT":
        out["options"] = [
            {"id": o.id, "name": _raw_html(o.name), "color": o.color, "description": _raw_html(o.description)}
            for o in fd.options
        ]
    if fd.data_type == "ITERATION":
        out["configuration"] = {
            "start_day": fd.iteration_start_day,
            "duration": fd.iteration_duration,
            "iterations": [
                {
                    "id": it.id,
                    "title": _raw_html(it.title),
                    "start_date": it.start_date.isoformat(),
                    "duration": it.duration,
                    "completed": False,
                }
                for it in fd.iterations
            ],
        }
    return out


def _field_value(item: ProjectItem, fd: ProjectField, base: str) -> Any:
    issue_ = item.content
    if fd.data_type == "TITLE":
        return {
            **_raw_html(issue_.title),
            "number": issue_.number,
            "url": f"{HTML_URL}/{issue_.repo.full_name}/issues/{issue_.number}",
            "issue_id": issue_.id,
            "state": issue_.state,
            "state_reason": issue_.state_reason,
            "is_draft": False,
        }
    value = item.values.get(fd.id)
    if value is None:
        return None
    if fd.data_type == "SINGLE_SELECT":
        opt = next((o for o in fd.options if o.id == value), None)
        return opt and {
            "id": opt.id,
            "name": _raw_html(opt.name),
            "color": opt.color,
            "description": _raw_html(opt.description),
        }
    if fd.data_type == "ITERATION":
        it = next((i for i in fd.iterations if i.id == value), None)
        return it and {
            "id": it.id,
            "title": _raw_html(it.title),
            "start_date": it.start_date.isoformat(),
            "duration": it.duration,
        }
    return value


def project_item(item: ProjectItem, base: str, field_ids: list[int] | None) -> dict[str, Any]:
    """``projects-v2-item-with-content``; ``fields`` holds the requested fields (default Title)."""
    pj = item.project
    wanted = [f for f in pj.fields if (f.id in field_ids if field_ids else f.data_type == "TITLE")]
    out = project_item_simple(item, base)
    out["fields"] = [
        {
            "id": f.id,
            "name": f.name,
            "data_type": REST_FIELD_TYPES[f.data_type],
            "value": _field_value(item, f, base),
        }
        for f in wanted
    ]
    return out


def project_item_simple(item: ProjectItem, base: str) -> dict[str, Any]:
    """``projects-v2-item-simple``."""
    project_url = project_api_url(item.project, base)
    return {
        "id": item.id,
        "node_id": item.node_id,
        "content": issue(item.content, base),
        "content_type": "Issue",
        "creator": simple_user(item.creator, base),
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
        "archived_at": iso(item.updated_at) if item.archived else None,
        "project_url": project_url,
        "item_url": f"{project_url}/items/{item.id}",
    }


def project_view(view: ProjectView, base: str) -> dict[str, Any]:
    """``projects-v2-view``."""
    return {
        "id": view.id,
        "number": view.number,
        "name": view.name,
        "layout": view.layout,
        "node_id": view.node_id,
        "project_url": project_api_url(view.project, base),
        "html_url": f"{project_html_url(view.project)}/views/{view.number}",
        "creator": simple_user(view.creator, base),
        "created_at": iso(view.created_at),
        "updated_at": iso(view.updated_at),
        "filter": view.filter,
        "visible_fields": view.visible_fields,
        "sort_by": view.sort_by,
        "group_by": view.group_by,
        "vertical_group_by": view.vertical_group_by,
    }
