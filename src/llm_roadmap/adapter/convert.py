"""GitHub's issues as `snapshot.Issue`: one function per source, filling the same fields.

Bootstrap reads issues through PyGithub's paginated list (`issue_from_pygithub`); the
bots, `roadmap check --publish` and `roadmap doctor` read the REST JSON themselves
(`issue_from_rest`). Both fill every field of `snapshot.Issue`, so whichever read
produced an issue, the rest of the code sees the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from llm_roadmap.snapshot import EPOCH, Issue

if TYPE_CHECKING:
    from github.Issue import Issue as PyGithubIssue


def time_of(value: str | None) -> dt.datetime | None:
    """A REST timestamp (`2027-01-01T00:00:00Z`) as an aware datetime; None for null."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def issue_from_rest(data: dict[str, Any]) -> Issue:
    """One issue of a REST answer (`GET /repos/{repo}/issues` and its kin)."""
    summary = data.get("sub_issues_summary") or {}
    return Issue(
        number=data["number"],
        title=data.get("title") or "",
        body=data.get("body") or "",
        state=data.get("state", "open"),
        labels=tuple(label["name"] for label in data.get("labels", []) if isinstance(label, dict)),
        created_at=time_of(data.get("created_at")) or EPOCH,
        closed_at=time_of(data.get("closed_at")),
        milestone=(data.get("milestone") or {}).get("title"),
        author=(data.get("user") or {}).get("login"),
        url=data.get("html_url", ""),
        association=data.get("author_association"),
        id=data.get("id", 0),
        node_id=data.get("node_id", ""),
        sub_issue_count=int(summary.get("total", 0)),
    )


def issue_from_pygithub(issue: PyGithubIssue) -> Issue:
    """One issue of a PyGithub paginated list.

    Attributes only, and only those a list answer carries: `raw_data`, or an attribute
    the answer lacks, would make PyGithub fetch the issue again (one request per issue).
    """
    summary = issue.sub_issues_summary
    return Issue(
        number=issue.number,
        title=issue.title or "",
        body=issue.body or "",
        state=issue.state,
        labels=tuple(label.name for label in issue.labels),
        created_at=issue.created_at or EPOCH,
        closed_at=issue.closed_at,
        milestone=issue.milestone.title if issue.milestone else None,
        author=issue.user.login if issue.user else None,
        url=issue.html_url,
        association=issue.author_association,
        id=issue.id,
        node_id=issue.node_id,
        sub_issue_count=summary.total if summary is not None else 0,
    )
