"""Find what a write whose answer was lost may have made, by the same keys the diff uses.

GitHub can apply a write and lose its answer (a 5xx, a timeout, a reset connection).
Before such a write is sent again, these read-only look-ups say whether it landed; only
when it did not is it sent again, so nothing is ever made twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from github import UnknownObjectException
from github.Issue import Issue, SubIssue
from github.PaginatedList import PaginatedList

from llm_roadmap.adapter import projects
from llm_roadmap.adapter.gateway import read_board
from llm_roadmap.ownership import find_key

if TYPE_CHECKING:
    from llm_roadmap.adapter.gateway import Target
    from llm_roadmap.snapshot import Project


def label_node_id(target: Target, name: str) -> str | None:
    """The node id of the label called `name`, or None when there is none."""
    try:
        return str(target.repo.get_label(name).node_id)
    except UnknownObjectException:
        return None


def milestone(target: Target, title: str) -> tuple[int, str] | None:
    """(number, node id) of the milestone titled `title`, or None."""
    found = ((m.number, m.node_id) for m in target.repo.get_milestones(state="all") if m.title == title)
    return next(found, None)


def issue_with_key(target: Target, key: str) -> tuple[int, int, str, str] | None:
    """(number, id, node id, URL) of the token's own issue marked with `key`, newest first.

    Only issues the token's account opened count: a stranger may copy a marker.
    """
    repo = target.repo
    params = {
        "state": "all",
        "sort": "created",
        "direction": "desc",
        "creator": target.login,
        "per_page": 100,
    }
    for issue in PaginatedList(Issue, repo.requester, f"{repo.url}/issues", params):
        mine = issue.user is not None and issue.user.login == target.login  # should the filter be ignored
        if mine and "/pull/" not in issue.html_url and find_key(issue.body) == key:
            return issue.number, issue.id, issue.node_id, issue.html_url
    return None


def is_sub_issue(target: Target, parent_number: int, child_number: int) -> bool:
    repo = target.repo
    url = f"{repo.url}/issues/{parent_number}/sub_issues"
    pages = PaginatedList(SubIssue, repo.requester, url, {"per_page": 100})
    return any(sub.number == child_number for sub in pages)


def board_id(target: Target, title: str) -> str | None:
    """The id of the owner's newest open board titled exactly `title`."""
    data = target.graphql(projects.RECENT_PROJECTS, {"owner": target.repo.owner.node_id})
    nodes = ((data.get("node") or {}).get("projectsV2") or {}).get("nodes") or []
    return next((n["id"] for n in nodes if n and n["title"] == title and not n["closed"]), None)


def board(target: Target, project_id: str) -> Project:
    return read_board(target, project_id)
