"""Pull requests: read as snapshots, opened and edited (for `roadmap upgrade`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from llm_roadmap.snapshot import PullRequest

if TYPE_CHECKING:
    from llm_roadmap.adapter.rest import GitHubRepo


def read_pulls(github: GitHubRepo, *, head: str, base: str) -> list[PullRequest]:
    """Every pull request, open and closed, from `head` (`owner:branch`) into `base`."""
    items = github.read_all(f"/repos/{github.repo}/pulls", {"state": "all", "head": head, "base": base})
    return [_pull(item) for item in items]


def open_pull(github: GitHubRepo, *, base: str, head: str, title: str, body: str, draft: bool) -> PullRequest:
    data = github.request(
        "POST",
        f"/repos/{github.repo}/pulls",
        body={"base": base, "head": head, "title": title, "body": body, "draft": draft},
    )
    return _pull(data)


def edit_pull(github: GitHubRepo, number: int, *, title: str, body: str) -> None:
    github.request("PATCH", f"/repos/{github.repo}/pulls/{number}", body={"title": title, "body": body})


def _pull(data: dict[str, Any]) -> PullRequest:
    return PullRequest(
        number=int(data["number"]),
        title=data.get("title") or "",
        body=data.get("body") or "",
        state=data.get("state", "open"),
        author=(data.get("user") or {}).get("login"),
        url=data.get("html_url") or "",
        head_sha=(data.get("head") or {}).get("sha") or "",
        merged=data.get("merged_at") is not None,
    )
