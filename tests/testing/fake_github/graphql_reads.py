"""GraphQL reads of a repository's progress: issues, milestones, commit history, search.

What a mentor's `roadmap cohort` asks of many repositories at once (docs/cohort.md):
``Repository.issues`` / ``Repository.milestones`` / ``Milestone.issues`` with their
filters, ``Repository.defaultBranchRef.target.history``, and ``Query.search`` of type
``REPOSITORY``. Filters the fake does not model answer "not implemented" (a violation),
never a guess.
"""

# GraphQL field names are camelCase by definition.
# ruff: noqa: N802

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from .graphql_types import GitHubError, connection, ctx
from .http import HTML_URL, permission
from .state import Commit, Issue, Milestone, Repo, iso, parse_time

if TYPE_CHECKING:
    from .graphql_types import Info

# GitHub's search answers at most 1,000 results for any query (docs: "About searching on GitHub").
SEARCH_MAX_RESULTS = 1000
_MODELLED_FILTERS = frozenset({"createdBy", "labels", "states", "since", "viewerSubscribed"})


def _not_modelled(what: str) -> GitHubError:
    return GitHubError(f"The fake GitHub server does not implement {what}", violation=True)


def _matches_filters(issue: Issue, filters: dict[str, Any] | None) -> bool:
    if not filters:
        return True
    unknown = {k for k, v in filters.items() if v is not None} - _MODELLED_FILTERS
    if unknown or filters.get("viewerSubscribed"):
        raise _not_modelled(f"IssueFilters {sorted(unknown) or ['viewerSubscribed']}")
    creator = filters.get("createdBy")
    if creator is not None and issue.user.login.casefold() != creator.casefold():
        return False
    wanted = filters.get("labels")
    if wanted is not None and not {w.casefold() for w in wanted} <= {
        lb.name.casefold() for lb in issue.labels
    }:
        return False
    states = filters.get("states")
    if states is not None and issue.state.upper() not in states:
        return False
    since = filters.get("since")
    return since is None or issue.updated_at >= parse_time(since)


def _issue_key(order: dict[str, Any] | None) -> tuple[Any, bool]:
    if order is None:
        return (lambda i: i.created_at), False
    fields = {
        "CREATED_AT": lambda i: i.created_at,
        "UPDATED_AT": lambda i: i.updated_at,
        "COMMENTS": lambda i: len(i.comments),
    }
    return fields[order["field"]], order["direction"] == "DESC"


def issues_connection(name: str, issues: list[Issue], args: dict[str, Any]) -> dict[str, Any]:
    """``issues(labels, states, filterBy, orderBy, first...)``; ``labels`` matches any of them."""
    from .graphql_types import GIssue

    labels = {name.casefold() for name in args.get("labels") or ()}
    states = args.get("states")
    found = [
        i
        for i in issues
        if (not labels or labels & {lb.name.casefold() for lb in i.labels})
        and (states is None or i.state.upper() in states)
        and _matches_filters(i, args.get("filterBy"))
    ]
    key, reverse = _issue_key(args.get("orderBy"))
    found.sort(key=key, reverse=reverse)
    return connection(name, [GIssue(i) for i in found], args)


class GMilestone:
    typename: ClassVar[str] = "Milestone"

    def __init__(self, ms: Milestone, repo: Repo) -> None:
        self.ms = ms
        self._repo = repo
        self.id = ms.node_id
        self.number = ms.number
        self.title = ms.title
        self.description = ms.description
        self.state = ms.state.upper()
        self.closed = ms.state == "closed"
        self.closedAt = iso(ms.closed_at)
        self.createdAt = iso(ms.created_at)
        self.updatedAt = iso(ms.updated_at)
        self.dueOn = iso(ms.due_on)
        self.url = f"{HTML_URL}/{repo.full_name}/milestone/{ms.number}"
        self.resourcePath = f"/{repo.full_name}/milestone/{ms.number}"

    def _issues(self) -> list[Issue]:
        return [i for i in self._repo.issues if i.milestone is self.ms]

    def progressPercentage(self, info: Info) -> float:
        issues = self._issues()
        closed = sum(1 for i in issues if i.state == "closed")
        return 100.0 * closed / len(issues) if issues else 0.0

    def issues(self, info: Info, **args: Any) -> dict[str, Any]:
        return issues_connection("issues", self._issues(), args)


def milestones_connection(repo: Repo, args: dict[str, Any]) -> dict[str, Any]:
    """``milestones(states, orderBy, query, first...)``; no due date sorts last, as on GitHub."""
    states = args.get("states")
    query = str(args.get("query") or "").casefold()
    found = [
        m
        for m in repo.milestones
        if (states is None or m.state.upper() in states) and query in m.title.casefold()
    ]
    order = args.get("orderBy") or {"field": "NUMBER", "direction": "ASC"}
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    keys = {
        "NUMBER": lambda m: (m.number,),
        "CREATED_AT": lambda m: (m.created_at, m.number),
        "UPDATED_AT": lambda m: (m.updated_at, m.number),
        "DUE_DATE": lambda m: (m.due_on or far, m.number),
    }
    found.sort(key=keys[order["field"]], reverse=order["direction"] == "DESC")
    return connection("milestones", [GMilestone(m, repo) for m in found], args)


# -- git history ------------------------------------------------------------------------
class GActor:
    typename: ClassVar[str] = "GitActor"

    def __init__(self, name: str, email: str, date: dt.datetime, user: Any) -> None:
        self.name = name
        self.email = email
        self.date = date.isoformat()
        self.user = user


class GCommit:
    typename: ClassVar[str] = "Commit"

    def __init__(self, cm: Commit, repo: Repo) -> None:
        from .graphql_types import wrap

        self.cm = cm
        self._repo = repo
        self.id = cm.node_id
        self.oid = cm.sha
        self.abbreviatedOid = cm.sha[:7]
        self.message = cm.message
        self.messageHeadline = cm.message.splitlines()[0] if cm.message else ""
        self.authoredDate = iso(cm.author_date)
        self.committedDate = iso(cm.committer_date)
        self.url = f"{HTML_URL}/{repo.full_name}/commit/{cm.sha}"
        self.author = GActor(
            cm.author_name, cm.author_email, cm.author_date, wrap(cm.author) if cm.author else None
        )
        self.committer = GActor(
            cm.committer_name,
            cm.committer_email,
            cm.committer_date,
            wrap(cm.committer) if cm.committer else None,
        )

    def history(self, info: Info, **args: Any) -> dict[str, Any]:
        """Commits reachable from this one, newest first; ``since``/``until`` bound the
        commit date as on GitHub (``GitTimestamp``)."""
        if args.get("path") or args.get("author"):
            raise _not_modelled("Commit.history(path/author)")
        since = parse_time(args["since"]) if args.get("since") else None
        until = parse_time(args["until"]) if args.get("until") else None
        found = [
            c
            for c in _reachable(self._repo, self.cm)
            if (since is None or c.committer_date >= since) and (until is None or c.committer_date <= until)
        ]
        found.sort(key=lambda c: c.committer_date, reverse=True)
        return connection("history", [GCommit(c, self._repo) for c in found], args)


def _reachable(repo: Repo, head: Commit) -> list[Commit]:
    seen: dict[str, Commit] = {}
    todo = [head]
    while todo:
        cm = todo.pop()
        if cm.sha in seen:
            continue
        seen[cm.sha] = cm
        todo.extend(repo.commits[p] for p in cm.parents if p in repo.commits)
    return list(seen.values())


class GRef:
    typename: ClassVar[str] = "Ref"

    def __init__(self, repo: Repo, name: str) -> None:
        self.id = f"REF_{repo.node_id}_{name}"
        self.name = name
        self.prefix = "refs/heads/"
        head = repo.commits.get(repo.branches.get(name, ""))
        self.target = GCommit(head, repo) if head else None


def default_branch_ref(repo: Repo) -> GRef | None:
    """``null`` for an empty repository (no commit yet), as on GitHub."""
    return GRef(repo, repo.default_branch) if repo.default_branch in repo.branches else None


# -- search -----------------------------------------------------------------------------
def _qualifier_match(repo: Repo, key: str, value: str) -> bool:
    value = value.casefold()
    if key == "topic":
        return value in {t.casefold() for t in repo.topics}
    if key in ("user", "org", "owner"):
        return repo.owner.login.casefold() == value
    if key == "repo":
        return repo.full_name.casefold() == value
    if key == "is":
        if value not in ("public", "private"):
            raise _not_modelled(f"the search qualifier is:{value}")
        return repo.private == (value == "private")
    if key == "archived" and value == "false":
        return True
    raise _not_modelled(f"the search qualifier {key}:")


def _search_match(repo: Repo, query: str) -> bool:
    for term in query.split():
        key, colon, value = term.partition(":")
        if colon:
            if not _qualifier_match(repo, key.casefold(), value):
                return False
        elif term.casefold() not in f"{repo.name} {repo.description or ''}".casefold():
            return False
    return True


def search(info: Info, **args: Any) -> dict[str, Any]:
    """``search(type: REPOSITORY)``: repositories the viewer can see, at most 1,000 of them
    (GitHub's cap); sorted by name (GitHub's "best match" order is not modelled)."""
    from .graphql_types import GRepository

    if args["type"] != "REPOSITORY":
        raise _not_modelled(f"search(type: {args['type']})")
    token = ctx(info).token
    found = sorted(
        (
            r
            for r in ctx(info).state.repos.values()
            if permission(r, token) is not None and _search_match(r, args["query"])
        ),
        key=lambda r: r.full_name.casefold(),
    )
    out = connection("search", [GRepository(r) for r in found[:SEARCH_MAX_RESULTS]], args)
    counts = {"repositoryCount": len(found), "issueCount": 0, "userCount": 0, "wikiCount": 0}
    return {**out, **counts, "codeCount": 0, "discussionCount": 0}


__all__ = ["GMilestone", "default_branch_ref", "issues_connection", "milestones_connection", "search"]
