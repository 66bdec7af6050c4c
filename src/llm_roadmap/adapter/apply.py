"""Carry out changes: the only code that writes to GitHub.

The one entry point is `Applier.apply(changes)`: it sends a list of `llm_roadmap.changes`
in the order given, dispatching on each change's class. bootstrap makes its applier with
`Applier.for_target` (a preflighted `Target` and what `read_existing` found); the bots
with `Applier(rest=...)` on their counted REST door (`adapter.rest.GitHubRepo.apply`).
Whatever else writes to GitHub should build changes and go through it too.

Writes are serial (PyGithub's requester paces them); board writes are batched into a
few GraphQL documents. Every write request sent is counted (`Applied.writes`): what the
summary reports. Every change is safe to repeat, so a run that dies anywhere is
finished by the next run, which re-reads the state and plans only what is missing.

A write whose answer is lost (5xx, timeout, reset) may still have been applied by
GitHub; before sending it again, the applier reads back by the object's key (name,
title, marker) and sends it again only when nothing is there (`adapter.readback`).
When GitHub refuses one part of the board (a field name it reserves, a view), the rest
is still made and the refusal is reported at the end (exit code 5).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import requests
from github import GithubException

from llm_roadmap.adapter import issues, projects, readback
from llm_roadmap.adapter.client import AnswerLost, GraphQLError, answer_lost, is_mutation
from llm_roadmap.adapter.dates import due_on_for
from llm_roadmap.adapter.errors import talking_to_github
from llm_roadmap.adapter.gateway import read_board
from llm_roadmap.changes import (
    UNCHANGED,
    AddItem,
    CloseIssue,
    CreateBoard,
    CreateComment,
    CreateField,
    CreateIssue,
    CreateLabel,
    CreateMilestone,
    CreateView,
    LinkBoard,
    LinkSubIssue,
    SetValue,
    UpdateBoard,
    UpdateComment,
    UpdateField,
    UpdateIssue,
    UpdateMilestone,
)
from llm_roadmap.errors import GitHubError
from llm_roadmap.pacing import Pacing
from llm_roadmap.snapshot import Existing

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from github.Repository import Repository

    from llm_roadmap.adapter.gateway import Target
    from llm_roadmap.changes import Change
    from llm_roadmap.snapshot import Project

T = TypeVar("T")
LOST = (GithubException, requests.RequestException, AnswerLost)
# GraphQL error types that concern the token, not the part being written: not a refusal.
_ACCESS_TYPES = frozenset({"FORBIDDEN", "INSUFFICIENT_SCOPES", "NOT_FOUND", "RATE_LIMITED"})


class Rest(Protocol):
    """One REST request on the repository: `path` below `/repos/{owner}/{name}`."""

    def __call__(self, verb: str, path: str, data: dict[str, Any] | None) -> dict[str, Any]: ...


def repository_rest(repo: Repository) -> Rest:
    """REST on `repo` through PyGithub's requester (paced, retried).

    Used where PyGithub's objects would cost an extra GET (Issue.edit needs the issue
    first) or need an object we only know by number (a milestone).
    """

    def send(verb: str, path: str, data: dict[str, Any] | None) -> dict[str, Any]:
        _, body = repo.requester.requestJsonAndCheck(verb, f"{repo.url}{path}", input=data)
        return dict(body or {})

    return send


@dataclass(frozen=True)
class Refusal:
    """A part of the board GitHub would not take; everything else was still made."""

    part: str
    reason: str  # GitHub's words, or empty when `waits_for` says why
    reserved_name: bool = False
    waits_for: str | None = None  # a view grouped by a field that is not on the board


@dataclass
class Applied:
    """What the run did, for the summary."""

    done: int = 0  # changes carried out, board values included
    values: int = 0  # of those, board values set (the plan's summary counts them apart)
    writes: int = 0  # write requests sent (a batch of board values is one)
    addresses: list[str] = field(default_factory=list)  # per change sent one by one: its URL or ""
    issue_urls: dict[str, str] = field(default_factory=dict)
    board_url: str | None = None
    notes: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


@dataclass
class Applier:
    rest: Rest
    target: Target | None = None  # GraphQL, the board and read-back need it (bootstrap)
    existing: Existing = field(default_factory=Existing)
    progress: Callable[[Change], None] = lambda change: None
    result: Applied = field(default_factory=Applied)
    pacing: Pacing = field(default_factory=Pacing)
    sleep: Callable[[float], None] = time.sleep
    _milestones: dict[str, int] = field(default_factory=dict)  # title → number
    _milestone_ids: dict[str, str] = field(default_factory=dict)  # title → node id
    _labels: dict[str, str] = field(default_factory=dict)  # name → node id
    _issue_path: issues.IssuePath | None = None  # asked once, at the first issue to create
    _issues: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # key → number, id, node id
    _board: Project | None = None
    _items: dict[str, str] = field(default_factory=dict)  # issue key → item id
    _refused_fields: set[str] = field(default_factory=set)

    @classmethod
    def for_target(cls, target: Target, existing: Existing, pacing: Pacing | None = None) -> Applier:
        """bootstrap's applier: REST and GraphQL on `target`, knowing what `existing` holds."""
        return cls(repository_rest(target.repo), target, existing, pacing=pacing or Pacing())

    def __post_init__(self) -> None:
        self._milestones = {title: m.number for title, m in self.existing.milestones.items()}
        self._milestone_ids = {title: m.node_id for title, m in self.existing.milestones.items()}
        self._labels = {name: label.node_id for name, label in self.existing.labels.items()}
        self._issues = {k: (i.number, i.id, i.node_id) for k, i in self.existing.issues.items()}
        self.result.issue_urls = {k: i.url for k, i in self.existing.issues.items()}
        self._board = self.existing.board
        if self._board is not None:
            self.result.board_url = self._board.url
            by_node = {node: key for key, (_, _, node) in self._issues.items()}
            self._items = {by_node[c]: item.id for c, item in self._board.items.items() if c in by_node}

    def apply(self, changes: Iterable[Change]) -> Applied:
        """Send `changes` in the order given; board items and values go in batches."""
        for _, run in groupby(changes, key=type):
            group = list(run)
            match group[0]:
                case AddItem():
                    with talking_to_github("adding issues to the board"):
                        self._add_items([c for c in group if isinstance(c, AddItem)])
                case SetValue():
                    with talking_to_github("setting board fields"):
                        self._set_values([c for c in group if isinstance(c, SetValue)])
                case _:
                    for change in group:
                        self._one(change)
        return self.result

    def _one(self, change: Change) -> None:
        with talking_to_github(f"{change.action} {change.kind} {change.caption!r}"):
            address = self._write(change)
        if address is None:
            return  # refused by GitHub and reported; not done
        self.result.addresses.append(address)
        self._done(change)

    def _write(self, change: Change) -> str | None:
        """Send one change; its address ("" when none), or None when GitHub refused it."""
        match change:
            case CreateLabel():
                self._create_label(change)
            case CreateMilestone():
                self._create_milestone(change)
            case UpdateMilestone():
                return self._update_milestone(change)
            case (
                CreateIssue()
                | UpdateIssue()
                | CloseIssue()
                | LinkSubIssue()
                | CreateComment()
                | UpdateComment()
            ):
                return self._write_issue(change)
            case _:
                return self._write_board(change)
        return ""

    def _write_issue(
        self, change: CreateIssue | UpdateIssue | CloseIssue | LinkSubIssue | CreateComment | UpdateComment
    ) -> str:
        match change:
            case CreateIssue():
                return self._create_issue(change)
            case UpdateIssue():
                return self._update_issue(change)
            case CloseIssue():
                self._close_issue(change)
            case LinkSubIssue():
                self._link(change.parent, change.child, change.title)
            case CreateComment():
                return _address(self._rest("POST", f"/issues/{change.issue}/comments", {"body": change.body}))
            case UpdateComment():
                body = {"body": change.body}
                return _address(self._rest("PATCH", f"/issues/comments/{change.comment_id}", body))
        return ""

    def _write_board(
        self,
        change: CreateBoard
        | UpdateBoard
        | LinkBoard
        | CreateField
        | UpdateField
        | CreateView
        | AddItem
        | SetValue,
    ) -> str | None:
        match change:
            case CreateBoard():
                self._create_board(change)
            case UpdateBoard():
                self._update_board(change)
            case LinkBoard():
                self._link_board()
            case CreateField():
                return "" if self._create_field(change) else None
            case UpdateField():
                self._update_field(change)
            case CreateView():
                return "" if self._create_view(change) else None
            case AddItem() | SetValue():
                raise AssertionError("board items and values are sent in batches by apply()")
        return ""

    def _done(self, change: Change) -> None:
        self.result.done += 1
        if isinstance(change, SetValue):
            self.result.values += 1
        self.progress(change)

    def _rest(self, verb: str, path: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        if verb != "GET":
            self.result.writes += 1
        return self.rest(verb, path, data)

    @property
    def _target(self) -> Target:
        assert self.target is not None, "this change needs a preflighted target (Applier.for_target)"
        return self.target

    def _settle(self, write: Callable[[], T], find: Callable[[], T | None] | None = None) -> T:
        """Send a write; when its answer is lost, look for its result (`find`) before sending
        it again. Without `find` the write sets absolute values and is simply sent again."""
        attempt = 0
        while True:
            try:
                return write()
            except LOST as exc:
                if not answer_lost(exc) or attempt >= self.pacing.retries:
                    raise
            self.sleep(self.pacing.backoff_factor * 2**attempt)
            attempt += 1
            found = find() if find is not None else None
            if found is not None:
                return found

    # labels and milestones -------------------------------------------------------

    def _create_label(self, change: CreateLabel) -> None:
        data = {"name": change.name, "color": change.color, "description": change.description}

        def write() -> str:
            return str(self._rest("POST", "/labels", data)["node_id"])

        def find() -> str | None:
            return readback.label_node_id(self._target, change.name)

        self._labels[change.name] = self._settle(write, find)

    def _create_milestone(self, change: CreateMilestone) -> None:
        data = {
            "title": change.title,
            "description": change.description,
            "due_on": due_on_for(change.due_on),
        }

        def write() -> tuple[int, str]:
            made = self._rest("POST", "/milestones", data)
            return int(made["number"]), str(made["node_id"])

        number, node_id = self._settle(write, lambda: readback.milestone(self._target, change.title))
        self._milestones[change.title], self._milestone_ids[change.title] = number, node_id

    def _update_milestone(self, change: UpdateMilestone) -> str:
        data: dict[str, Any] = {}
        if change.state is not None:
            data["state"] = change.state
        if change.description is not None:
            data["description"] = change.description
        if change.due_on is not None:
            data["due_on"] = due_on_for(change.due_on)
        return _address(self._settle(lambda: self._rest("PATCH", f"/milestones/{change.number}", data)))

    def _milestone_number(self, title: str, change: CreateIssue | UpdateIssue) -> int:
        """The number of the milestone titled `title`. An unknown title is refused before
        anything is sent: sent as no milestone, it would remove the one the issue has."""
        number = self._milestones.get(title)
        if number is None:
            raise GitHubError(
                f"{change.action} issue {change.caption!r} refused: no milestone {title!r} is known"
                " to this run; nothing was sent for this issue\n"
                "  hint: create the milestone (scripts/bootstrap makes the roadmap's milestones)"
                " or fix its title, then run again"
            )
        return number

    # issues ----------------------------------------------------------------------

    def _create_issue(self, change: CreateIssue) -> str:
        """One write on GitHub.com (GraphQL createIssue under its epic); two over REST.
        The bots' issues (no key) are made over REST: there is nothing to read back by."""
        parent = change.parent
        if change.milestone is not None:
            self._milestone_number(change.milestone, change)  # refused before anything is sent
        if self.target is None or not change.key:
            return self._create_issue_rest(change)[3]
        label_ids = [self._labels.get(name, "") for name in change.labels]
        if self._path().graphql and all(label_ids) and (parent is None or parent in self._issues):
            created = self._settle(
                lambda: self._create_issue_graphql(change, label_ids),
                lambda: readback.issue_with_key(self._target, change.key),
            )
            self._created(change.key, created)
            return created[3]
        created = self._create_issue_rest(change)
        self._created(change.key, created)
        if parent is not None:
            self._link(parent, change.key, change.title)
        return created[3]

    def _path(self) -> issues.IssuePath:
        if self._issue_path is None:
            try:
                self._issue_path = issues.issue_path(self._target)
            except GraphQLError:  # a server that refuses introspection: REST always works
                self._issue_path = issues.IssuePath(graphql=False, missing=issues.NEEDED_INPUTS)
            self.result.notes.append(self._issue_path.describe())
        return self._issue_path

    def _create_issue_graphql(self, change: CreateIssue, label_ids: list[str]) -> tuple[int, int, str, str]:
        parent = change.parent
        variables = {
            "input": issues.create_input(
                self._target.repo.node_id,
                change.title,
                change.body,
                label_ids,
                self._milestone_ids[change.milestone] if change.milestone is not None else None,
                self._issues[parent][2] if parent is not None else None,
            )
        }
        return issues.parse_created(self._gql(issues.CREATE_ISSUE, variables))

    def _create_issue_rest(self, change: CreateIssue) -> tuple[int, int, str, str]:
        data: dict[str, Any] = {"title": change.title, "body": change.body, "labels": list(change.labels)}
        if change.milestone is not None:
            data["milestone"] = self._milestone_number(change.milestone, change)

        def write() -> tuple[int, int, str, str]:
            issue = self._rest("POST", "/issues", data)
            return int(issue["number"]), int(issue["id"]), str(issue["node_id"]), _address(issue)

        if self.target is None or not change.key:
            return write()  # a POST is never sent twice blindly
        return self._settle(write, lambda: readback.issue_with_key(self._target, change.key))

    def _created(self, key: str, created: tuple[int, int, str, str]) -> None:
        number, issue_id, node_id, url = created
        self._issues[key] = (number, issue_id, node_id)
        self.result.issue_urls[key] = url

    def _update_issue(self, change: UpdateIssue) -> str:
        data: dict[str, Any] = {}
        if change.milestone is not UNCHANGED:  # first: an unknown title is refused before any request
            data["milestone"] = (
                None if change.milestone is None else self._milestone_number(change.milestone, change)
            )
        body, url = self._fresh_body(change)
        if change.title is not None:
            data["title"] = change.title
        if change.labels is not None:
            data["labels"] = list(change.labels)
        if body is not None:
            data["body"] = body
        if change.state is not None:
            data["state"] = change.state
        if change.state_reason is not None:
            data["state_reason"] = change.state_reason
        if not data:
            return url  # already right on GitHub: nothing to send
        return _address(self._settle(lambda: self._rest("PATCH", f"/issues/{change.number}", data)))

    def _fresh_body(self, change: UpdateIssue) -> tuple[str | None, str]:
        """The body to send, and the issue's address: `change.edit` applied to the body as it
        is now (read again just before the write), None when GitHub already holds that.
        Issues have no conditional writes (no ETag on PATCH), so this keeps the window for
        overwriting a concurrent edit as small as the API allows."""
        if change.edit is None or change.body is None:
            return change.body, ""
        data = self._rest("GET", f"/issues/{change.number}")
        current = data.get("body") or ""
        body = change.edit(current)
        return (None if body == current else body), _address(data)

    def _close_issue(self, change: CloseIssue) -> None:
        data = {"state": "closed", "state_reason": change.state_reason}
        self._settle(lambda: self._rest("PATCH", f"/issues/{change.number}", data))

    def _link(self, parent: str, child: str, title: str) -> None:
        parent_number = self._issues[parent][0]
        child_number, child_id, _ = self._issues[child]

        def write() -> bool:
            self._rest("POST", f"/issues/{parent_number}/sub_issues", {"sub_issue_id": child_id})
            return True

        try:
            self._settle(
                write, lambda: readback.is_sub_issue(self._target, parent_number, child_number) or None
            )
        except GithubException as exc:
            if exc.status != 422:
                raise
            # Already a sub-issue of another issue the learner chose: leave it as it is.
            self.result.notes.append(f"{title}: already has a parent issue; left as it is")

    # the board ---------------------------------------------------------------------

    def _gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        if is_mutation(query):
            self.result.writes += 1
        return self._target.graphql(query, variables)

    def _create_board(self, change: CreateBoard) -> None:
        owner = self._target.repo.owner.node_id
        repo_node = self._target.repo.node_id
        variables = {"owner": owner, "title": change.title, "repo": repo_node}
        project_id = self._settle(
            lambda: str(self._gql(projects.CREATE_PROJECT, variables)["createProjectV2"]["projectV2"]["id"]),
            lambda: readback.board_id(self._target, change.title),
        )
        describe = {"id": project_id, "description": change.description}
        self._settle(lambda: self._gql(projects.UPDATE_PROJECT, describe))
        self._board = read_board(self._target, project_id)
        self.result.board_url = self._board.url

    def _update_board(self, change: UpdateBoard) -> None:
        assert self._board is not None
        describe = {"id": self._board.id, "description": change.description}
        self._settle(lambda: self._gql(projects.UPDATE_PROJECT, describe))

    def _link_board(self) -> None:
        assert self._board is not None
        link = {"project": self._board.id, "repo": self._target.repo.node_id}
        self._settle(lambda: self._gql(projects.LINK_PROJECT, link))

    def _create_field(self, change: CreateField) -> bool:
        board = self._board
        assert board is not None
        wanted = change.field
        variables = {"input": projects.field_input(board.id, wanted)}
        try:
            created = self._settle(
                lambda: projects.parse_field(
                    self._gql(projects.CREATE_FIELD, variables)["createProjectV2Field"]["projectV2Field"]
                ),
                lambda: readback.board(self._target, board.id).fields.get(wanted.name),
            )
        except GraphQLError as exc:
            if exc.types & _ACCESS_TYPES:
                raise
            self._refused_fields.add(wanted.name)
            self._refuse(f"board field {wanted.name!r}", str(exc))
            return False
        if created is not None:
            board.fields[created.name] = created
        return True

    def _update_field(self, change: UpdateField) -> None:
        """Replace an iteration field's weeks; the new ids replace the old in what we know."""
        assert self._board is not None
        current = self._board.fields[change.key]
        variables = {
            "input": {
                "fieldId": current.id,
                "iterationConfiguration": projects.iteration_configuration(change.field),
            }
        }
        data = self._settle(lambda: self._gql(projects.UPDATE_ITERATIONS, variables))
        updated = projects.parse_field(data["updateProjectV2Field"]["projectV2Field"])
        if updated is not None:
            self._board.fields[updated.name] = updated

    def _create_view(self, change: CreateView) -> bool:
        board = self._board
        assert board is not None
        view = change.view
        body: dict[str, Any] = {"name": view.name, "layout": view.layout}
        if view.filter:
            body["filter"] = view.filter
        group = board.fields.get(view.group_by) if view.group_by else None
        if view.group_by and (group is None or group.database_id is None):
            self.result.refused.append(Refusal(f"board view {view.name!r}", "", waits_for=view.group_by))
            return False
        if group is not None and group.database_id is not None:
            body["vertical_group_by" if view.layout == "board" else "group_by"] = [group.database_id]
        owner = self._target.repo.owner
        base = f"/orgs/{owner.login}" if owner.type == "Organization" else f"/users/{owner.id}"
        requester = self._target.repo.requester
        url = f"{base}/projectsV2/{board.number}/views"

        def write() -> tuple[dict[str, Any], Any]:
            self.result.writes += 1
            return requester.requestJsonAndCheck("POST", url, input=body)

        try:
            self._settle(
                write,
                lambda: ({}, {}) if view.name in readback.board(self._target, board.id).views else None,
            )
        except GithubException as exc:
            if exc.status != 422:
                raise
            self._refuse(f"board view {view.name!r}", str((exc.data or {}).get("message") or exc))
            return False
        return True

    def _refuse(self, part: str, reason: str) -> None:
        reserved = "reserved" in reason.lower()
        self.result.refused.append(Refusal(part, reason, reserved_name=reserved))

    def _add_items(self, changes: list[AddItem]) -> None:
        assert self._board is not None
        for start in range(0, len(changes), projects.BATCH):
            batch = changes[start : start + projects.BATCH]
            self._add_batch(self._board.id, list(batch))
            for change in batch:
                self._done(change)

    def _add_batch(self, project_id: str, pending: list[AddItem]) -> None:
        """Add one batch; after a lost answer, add only the issues not on the board yet."""

        def write() -> bool:
            variables: dict[str, Any] = {"project": project_id}
            for i, change in enumerate(pending):
                variables[f"c{i}"] = self._issues[change.key][2]
            data = self._gql(projects.add_items_document(len(pending)), variables)
            for i, change in enumerate(pending):
                self._items[change.key] = data[f"a{i}"]["item"]["id"]
            return True

        def find() -> bool | None:
            on_board = readback.board(self._target, project_id).items
            for change in list(pending):
                item = on_board.get(self._issues[change.key][2])
                if item is not None:
                    self._items[change.key] = item.id
                    pending.remove(change)
            return True if not pending else None

        self._settle(write, find)

    def _set_values(self, changes: list[SetValue]) -> None:
        assert self._board is not None
        ready = []
        for change in changes:
            name = change.field
            if name in self._refused_fields:
                continue  # the field was refused: reported once, not once per item
            target_field = self._board.fields.get(name)
            value = projects.value_input(target_field, change.value) if target_field else None
            if target_field is None or value is None or change.key not in self._items:
                self.result.notes.append(f"board: could not set {change.caption} on {change.key}")
                continue
            ready.append((change, target_field, value))
        for start in range(0, len(ready), projects.BATCH):
            batch = ready[start : start + projects.BATCH]
            variables: dict[str, Any] = {"project": self._board.id}
            for n, (change, target_field, value) in enumerate(batch):
                variables.update({f"i{n}": self._items[change.key], f"f{n}": target_field.id, f"v{n}": value})
            try:
                self._send_values(projects.set_values_document(len(batch)), variables)
            except GraphQLError as exc:
                if exc.types & _ACCESS_TYPES:
                    raise
                self._refuse(f"board values ({len(batch)} of them)", str(exc))
                continue
            for change, _, _ in batch:
                self._done(change)

    def _send_values(self, document: str, variables: dict[str, Any]) -> None:
        self._settle(lambda: self._gql(document, variables))


def _address(data: dict[str, Any]) -> str:
    """Where a written object is seen: its page, else its API address."""
    return str(data.get("html_url") or data.get("url") or "")
