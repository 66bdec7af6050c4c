"""Creating an issue in one write: GraphQL `createIssue` with labels, milestone and parent.

GitHub's `CreateIssueInput` takes `labelIds`, `milestoneId` and `parentIssueId`, so one
mutation makes the issue with its labels and milestone and attaches it to its epic, where
REST needs `POST /issues` and then `POST .../sub_issues` (issue #12: 127 → 88 writes for
the default roadmap). Its `projectIds` takes classic-project ids only (a Projects v2 id
fails with "Could not resolve to Project node", robvanderleek/create-issue-branch#922),
so board items are still added with `addProjectV2ItemById`.

Older GitHub Enterprise Server versions lack some of these inputs; the schema is asked
once (introspection, one read) and REST is used when any is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llm_roadmap.adapter.gateway import Target

NEEDED_INPUTS = frozenset({"labelIds", "milestoneId", "parentIssueId"})

CREATE_ISSUE_INPUTS = """
query CreateIssueInputs {
  __type(name: "CreateIssueInput") { inputFields { name } }
}
"""

CREATE_ISSUE = """
mutation CreateIssue($input: CreateIssueInput!) {
  createIssue(input: $input) { issue { id fullDatabaseId number url } }
}
"""


@dataclass(frozen=True)
class IssuePath:
    """How issues are created on this server, and the line that says so."""

    graphql: bool
    missing: frozenset[str] = frozenset()

    def describe(self) -> str:
        if self.graphql:
            return "issues: one GraphQL createIssue each, with labels, milestone and epic in the same write"
        lacking = ", ".join(sorted(self.missing))
        return (
            f"issues: created through REST, one more write per sub-issue: this GitHub's GraphQL"
            f" CreateIssueInput lacks {lacking} (an older GitHub Enterprise Server)"
        )


def issue_path(target: Target) -> IssuePath:
    """Ask the server's schema once whether `createIssue` takes everything one write needs."""
    data = target.graphql(CREATE_ISSUE_INPUTS, {})
    fields = ((data.get("__type") or {}).get("inputFields")) or []
    names = {str(f.get("name")) for f in fields if isinstance(f, dict)}
    missing = NEEDED_INPUTS - names
    return IssuePath(graphql=not missing, missing=frozenset(missing))


def create_input(
    repository_id: str,
    title: str,
    body: str,
    label_ids: list[str],
    milestone_id: str | None,
    parent_id: str | None,
) -> dict[str, Any]:
    """`CreateIssueInput` for one issue; absent milestone or parent are left out."""
    data: dict[str, Any] = {
        "repositoryId": repository_id,
        "title": title,
        "body": body,
        "labelIds": label_ids,
    }
    if milestone_id:
        data["milestoneId"] = milestone_id
    if parent_id:
        data["parentIssueId"] = parent_id
    return data


def parse_created(data: dict[str, Any]) -> tuple[int, int, str, str]:
    """(number, id, node id, URL) from a `createIssue` answer."""
    issue = data["createIssue"]["issue"]
    # `databaseId` is an Int (32 bits): issue ids passed 2**31, so GitHub added the BigInt.
    return int(issue["number"]), int(issue["fullDatabaseId"]), str(issue["id"]), str(issue["url"])
