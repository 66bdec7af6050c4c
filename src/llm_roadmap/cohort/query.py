"""What the cohort asks GitHub, and what the answers mean (docs/cohort.md); the adapter
(`llm_roadmap.adapter.cohort`) sends the queries.

One query reads a batch of repositories, one alias each (`r0: repository(...)`), and asks
`rateLimit { cost ... }` so the report states what the run really cost. GitHub scores a
query by the connections it asks for (docs: "Rate limits and query limits for the GraphQL
API"): per repository, `milestones` (1) + all and closed `issues` of each of up to 20
milestones (40) + deliverable issues (1) + commit history (1) = 43 requests, so a batch of
50 costs about 22 points, and 1,000 learners about 440 of a user token's 5,000 points an
hour. Each batch asks for ~180 nodes per repository, far inside the 500,000-node limit.
(`Milestone.progressPercentage` would save the closed counts, but GitHub counts pull
requests in it, and the total here counts issues only.)

A repository the token cannot read answers `null` with a NOT_FOUND error at its alias;
the rest of the batch is still read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from llm_roadmap.cohort.progress import DeliverableFacts, MilestoneFacts, RepoFacts
from llm_roadmap.errors import GitHubError
from llm_roadmap.snapshot import Commit

if TYPE_CHECKING:
    from llm_roadmap.cohort.roster import Learner

MILESTONES = 20  # the roadmap has 9; room for a learner's own
DELIVERABLES = 20  # the roadmap has 12
COMMITS = 100  # enough for a streak of a few months of daily work
DEFAULT_BATCH = 50
MAX_BATCH = 100
SEARCH_PAGE = 100
SEARCH_MAX = 1000  # GitHub's search never answers more results than this

_RATE = "rateLimit { cost limit remaining resetAt }"
_REPO_FIELDS = """
    nameWithOwner url isPrivate
    milestones(first: %(milestones)d, orderBy: {field: DUE_DATE, direction: ASC}) {
      nodes {
        title dueOn
        issues(first: 1) { totalCount }
        closed: issues(first: 1, states: [CLOSED]) { totalCount }
      }
    }
    deliverables: issues(first: %(deliverables)d, labels: ["deliverable"], filterBy: {createdBy: $l%(i)d}) {
      nodes { body author { login } }
    }
    defaultBranchRef {
      target {
        ... on Commit {
          history(first: %(commits)d, since: $since) {
            pageInfo { hasNextPage }
            nodes { authoredDate author { email user { login } } }
          }
        }
      }
    }"""
SEARCH_DOCUMENT = f"""query CohortSearch($q: String!, $after: String) {{
  {_RATE}
  search(type: REPOSITORY, query: $q, first: {SEARCH_PAGE}, after: $after) {{
    repositoryCount
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ ... on Repository {{ nameWithOwner owner {{ login }} }} }}
  }}
}}"""


@dataclass
class Spend:
    """What the run cost, from GitHub's own `rateLimit` answers."""

    queries: int = 0
    points: int = 0
    limit: int | None = None
    remaining: int | None = None
    reset_at: str | None = None
    seconds: float = 0.0

    def add(self, rate: dict[str, Any] | None, seconds: float) -> None:
        self.queries += 1
        self.seconds += seconds
        if rate:
            self.points += int(rate.get("cost") or 0)
            self.limit = rate.get("limit", self.limit)
            self.remaining = rate.get("remaining", self.remaining)
            self.reset_at = rate.get("resetAt", self.reset_at)


@dataclass
class Collected:
    """Everything one run read: facts by repository, the unreadable ones, the cost."""

    facts: list[RepoFacts] = field(default_factory=list)
    unreadable: list[Learner] = field(default_factory=list)
    spend: Spend = field(default_factory=Spend)


def batch_document(size: int) -> str:
    """The query for a batch of `size` repositories (variables `$o<i>`, `$n<i>`, `$l<i>`)."""
    params = ", ".join(f"$o{i}: String!, $n{i}: String!, $l{i}: String!" for i in range(size))
    shape = {"milestones": MILESTONES, "deliverables": DELIVERABLES, "commits": COMMITS}
    repos = "\n".join(
        f"  r{i}: repository(owner: $o{i}, name: $n{i}) {{{_REPO_FIELDS % {**shape, 'i': i}}\n  }}"
        for i in range(size)
    )
    return f"query Cohort($since: GitTimestamp!, {params}) {{\n  {_RATE}\n{repos}\n}}\n"


def batch_nodes(size: int) -> int:
    """The node count GitHub computes for a batch (must stay within 500,000)."""
    return size * (MILESTONES + MILESTONES * 2 + DELIVERABLES + COMMITS)


def fatal(errors: list[dict[str, Any]]) -> None:
    """Errors other than an unreadable repository stop the run (a bad token, a refusal)."""
    other = [e for e in errors if e.get("type") != "NOT_FOUND" or len(e.get("path") or ()) != 1]
    if other:
        raise GitHubError(
            "GitHub refused the cohort query: " + "; ".join(str(e.get("message")) for e in other[:3])
        )


def repo_facts(learner: Learner, node: dict[str, Any]) -> RepoFacts:
    """The facts of one repository's answer."""
    history = ((node.get("defaultBranchRef") or {}).get("target") or {}).get("history") or {}
    return RepoFacts(
        repo=str(node["nameWithOwner"]),
        learner=learner.login,
        url=str(node["url"]),
        private=bool(node["isPrivate"]),
        milestones=tuple(_milestone(m) for m in node["milestones"]["nodes"]),
        deliverables=tuple(
            DeliverableFacts(str(d["body"]), (d.get("author") or {}).get("login"))
            for d in node["deliverables"]["nodes"]
        ),
        commits=tuple(_commit(c) for c in history.get("nodes") or ()),
        history_complete=not (history.get("pageInfo") or {}).get("hasNextPage", False),
    )


def _milestone(node: dict[str, Any]) -> MilestoneFacts:
    total = int(node["issues"]["totalCount"])
    due = node.get("dueOn")
    return MilestoneFacts(
        title=str(node["title"]),
        due_on=dt.datetime.fromisoformat(due).astimezone(dt.UTC).date() if due else None,
        total=total,
        closed=int(node["closed"]["totalCount"]),
    )


def _commit(node: dict[str, Any]) -> Commit:
    author = node.get("author") or {}
    user = author.get("user") or {}
    return Commit(
        sha="",
        authored_at=dt.datetime.fromisoformat(node["authoredDate"]),
        author_login=user.get("login"),
        author_type="User" if user else None,
        author_email=str(author.get("email") or ""),
    )


# -- finding the cohort by search -------------------------------------------------------
@dataclass
class Found:
    learners: list[Learner]
    total: int  # what GitHub says matched; more than SEARCH_MAX cannot all be listed
