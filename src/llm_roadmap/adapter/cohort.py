"""The cohort's reads: many learners' repositories in few GraphQL queries (docs/cohort.md).

The documents and what an answer means are in `llm_roadmap.cohort.query`; this module
sends them with the client of the mentor's `GitHubRepo` (`adapter.rest.open_repository`).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any

from llm_roadmap.adapter.client import RateLimitSpent, graphql_partial
from llm_roadmap.cohort.query import (
    DEFAULT_BATCH,
    SEARCH_DOCUMENT,
    SEARCH_MAX,
    Collected,
    Found,
    Spend,
    batch_document,
    fatal,
    repo_facts,
)
from llm_roadmap.cohort.roster import Learner
from llm_roadmap.errors import GitHubError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from llm_roadmap.adapter.rest import GitHubRepo

# The cohort's own advice when its GraphQL points run out: shards can spread the load.
POINTS_SPENT = (
    "the token's GraphQL points are used up for {minutes:.0f} more minutes\n"
    "  hint: run again after that, or split the cohort (--shard) across the tokens of "
    "several mentors: slices of one token share its budget"
)


def read_cohort(
    github: GitHubRepo,
    learners: list[Learner],
    since: dt.datetime,
    *,
    batch: int = DEFAULT_BATCH,
    on_batch: Callable[[int], None] = lambda _: None,
) -> Collected:
    """Read every learner's repository, `batch` per query; `on_batch(n)` after each."""
    out = Collected()
    for chunk in _chunks(learners, batch):
        variables: dict[str, Any] = {"since": since.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")}
        for i, learner in enumerate(chunk):
            owner, _, name = learner.repo.partition("/")
            variables |= {f"o{i}": owner, f"n{i}": name, f"l{i}": learner.login}
        started = time.perf_counter()
        data, errors = _query(github, batch_document(len(chunk)), variables)
        out.spend.add(data.get("rateLimit"), time.perf_counter() - started)
        fatal(errors)
        for i, learner in enumerate(chunk):
            node = data.get(f"r{i}")
            if node is None:
                out.unreadable.append(learner)
            else:
                out.facts.append(repo_facts(learner, node))
        on_batch(len(chunk))
    return out


def _chunks(items: list[Learner], size: int) -> Iterator[list[Learner]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_search(github: GitHubRepo, query: str, spend: Spend) -> Found:
    """Repositories matching a GitHub search (e.g. `topic:llm-roadmap`), at most 1,000."""
    learners: list[Learner] = []
    after: str | None = None
    total = 0
    while True:
        started = time.perf_counter()
        data, errors = _query(github, SEARCH_DOCUMENT, {"q": query, "after": after})
        spend.add(data.get("rateLimit"), time.perf_counter() - started)
        fatal(errors)
        result = data["search"]
        total = int(result["repositoryCount"])
        learners += [Learner.of(str(n["nameWithOwner"])) for n in result["nodes"] if n]
        page = result["pageInfo"]
        if not page["hasNextPage"] or len(learners) >= SEARCH_MAX:
            return Found(learners, total)
        after = page["endCursor"]


def _query(
    github: GitHubRepo, document: str, variables: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        return graphql_partial(
            github.client, github.graphql_url, document, variables, max_wait=github.max_wait
        )
    except RateLimitSpent as exc:
        raise GitHubError(POINTS_SPENT.format(minutes=exc.wait / 60)) from exc
