"""Carry out a plan: the only code that writes to GitHub.

Writes are serial (PyGithub's requester paces them); board writes are batched into a
few GraphQL documents. Every change is safe to repeat, so a run that dies anywhere is
finished by the next run, which re-reads the state and plans only what is missing.

A write whose answer is lost (5xx, timeout, reset) may still have been applied by
GitHub; before sending it again, the applier reads back by the object's key (name,
title, marker) and sends it again only when nothing is there (`github.readback`).
When GitHub refuses one part of the board (a field name it reserves, a view), the rest
is still made and the refusal is reported at the end (exit code 5).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any, TypeVar

import requests
from github import GithubException

from llm_roadmap.adapter import issues, projects, readback
from llm_roadmap.adapter.client import AnswerLost, GraphQLError, answer_lost
from llm_roadmap.adapter.dates import due_on_for
from llm_roadmap.adapter.errors import talking_to_github
from llm_roadmap.adapter.gateway import read_board
from llm_roadmap.pacing import Pacing

if TYPE_CHECKING:
    from collections.abc import Callable

    from llm_roadmap.adapter.gateway import Target
    from llm_roadmap.plan.changes import Change, Plan
    from llm_roadmap.snapshot import Existing, Project

T = TypeVar("T")
LOST = (GithubException, requests.RequestException, AnswerLost)
# GraphQL error types that concern the token, not the part being written: not a refusal.
_ACCESS_TYPES = frozenset({"FORBIDDEN", "INSUFFICIENT_SCOPES", "NOT_FOUND", "RATE_LIMITED"})


@dataclass(frozen=True)
class Refusal:
    """A part of the board GitHub would not take; everything else was still made."""

    part: str
    reason: str  # GitHub's words, or empty when `waits_for` says why
    reserved_name: bool = False
    waits_for: str | None = None  # a view grouped by a field that is not on the board


@dataclass
class Applied:
    """What the run created, for the summary."""

    done: int = 0
    issue_urls: dict[str, str] = field(default_factory=dict)
    board_url: str | None = None
    notes: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


@dataclass
class Applier:
    target: Target
    existing: Existing
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

    def apply(self, plan: Plan) -> Applied:
        for kind, group in groupby(plan.changes, key=lambda c: c.kind):
            changes = list(group)
            if kind == "item":
                with talking_to_github("adding issues to the board"):
                    self._add_items(changes)
            elif kind == "value":
                with talking_to_github("setting board fields"):
                    self._set_values(changes)
            else:
                for change in changes:
                    self._one(change)
        return self.result

    def _one(self, change: Change) -> None:
        handler = getattr(self, f"_{change.action}_{change.kind.replace('-', '_')}")
        with talking_to_github(f"{change.action} {change.kind} {change.title!r}"):
            if handler(change) is False:
                return  # refused by GitHub and reported; not done
        self._done(change)

    def _done(self, change: Change) -> None:
        self.result.done += 1
        self.progress(change)

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

    def _create_label(self, change: Change) -> None:
        repo = self.target.repo

        def write() -> str:
            label = repo.create_label(change.key, change.data["color"], change.data["description"])
            return str(label.node_id)

        def find() -> str | None:
            return readback.label_node_id(self.target, change.key)

        self._labels[change.key] = self._settle(write, find)

    def _request(self, verb: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """One REST call on the repository, through PyGithub's requester (paced, retried).

        Used where PyGithub's objects would cost an extra GET (Issue.edit needs the issue
        first) or need an object we only know by number (a milestone).
        """
        repo = self.target.repo
        _, body = repo.requester.requestJsonAndCheck(verb, f"{repo.url}{path}", input=data)
        return dict(body or {})

    def _create_milestone(self, change: Change) -> None:
        data = {
            "title": change.title,
            "description": change.data["description"],
            "due_on": due_on_for(change.data["due_on"]),
        }

        def write() -> tuple[int, str]:
            made = self._request("POST", "/milestones", data)
            return int(made["number"]), str(made["node_id"])

        number, node_id = self._settle(write, lambda: readback.milestone(self.target, change.title))
        self._milestones[change.title], self._milestone_ids[change.title] = number, node_id

    def _update_milestone(self, change: Change) -> None:
        data = {k: v for k, v in change.data.items() if k in ("description", "due_on")}
        if "due_on" in data:
            data["due_on"] = due_on_for(data["due_on"])
        self._settle(lambda: self._request("PATCH", f"/milestones/{change.data['number']}", data))

    # issues ----------------------------------------------------------------------

    def _create_issue(self, change: Change) -> None:
        """One write on GitHub.com (GraphQL createIssue under its epic); two over REST."""
        parent = change.data.get("parent")
        label_ids = [self._labels.get(name, "") for name in change.data["labels"]]
        if self._path().graphql and all(label_ids) and (parent is None or parent in self._issues):
            created = self._settle(
                lambda: self._create_issue_graphql(change, label_ids),
                lambda: readback.issue_with_key(self.target, change.key),
            )
            self._created(change.key, created)
            return
        self._created(change.key, self._create_issue_rest(change))
        if parent is not None:
            self._link(parent, change.key, change.title)
            self.result.done += 1  # the second write of this change

    def _path(self) -> issues.IssuePath:
        if self._issue_path is None:
            try:
                self._issue_path = issues.issue_path(self.target)
            except GraphQLError:  # a server that refuses introspection: REST always works
                self._issue_path = issues.IssuePath(graphql=False, missing=issues.NEEDED_INPUTS)
            self.result.notes.append(self._issue_path.describe())
        return self._issue_path

    def _create_issue_graphql(self, change: Change, label_ids: list[str]) -> tuple[int, int, str, str]:
        parent = change.data.get("parent")
        variables = {
            "input": issues.create_input(
                self.target.repo.node_id,
                change.title,
                change.data["body"],
                label_ids,
                self._milestone_ids.get(change.data["milestone"] or ""),
                self._issues[parent][2] if parent is not None else None,
            )
        }
        return issues.parse_created(self._gql(issues.CREATE_ISSUE, variables))

    def _create_issue_rest(self, change: Change) -> tuple[int, int, str, str]:
        data: dict[str, Any] = {
            "title": change.title,
            "body": change.data["body"],
            "labels": change.data["labels"],
        }
        milestone = self._milestones.get(change.data["milestone"] or "")
        if milestone is not None:
            data["milestone"] = milestone

        def write() -> tuple[int, int, str, str]:
            issue = self._request("POST", "/issues", data)
            return int(issue["number"]), int(issue["id"]), str(issue["node_id"]), str(issue["html_url"])

        return self._settle(write, lambda: readback.issue_with_key(self.target, change.key))

    def _created(self, key: str, created: tuple[int, int, str, str]) -> None:
        number, issue_id, node_id, url = created
        self._issues[key] = (number, issue_id, node_id)
        self.result.issue_urls[key] = url

    def _update_issue(self, change: Change) -> None:
        data = dict(change.data)
        number = data.pop("number")
        if "milestone" in data:
            data["milestone"] = self._milestones.get(data["milestone"] or "")
        self._settle(lambda: self._request("PATCH", f"/issues/{number}", data))

    def _close_issue(self, change: Change) -> None:
        data = {"state": "closed", "state_reason": change.data["state_reason"]}
        self._settle(lambda: self._request("PATCH", f"/issues/{change.data['number']}", data))

    def _link_sub_issue(self, change: Change) -> None:
        self._link(change.data["parent"], change.data["child"], change.title)

    def _link(self, parent: str, child: str, title: str) -> None:
        parent_number = self._issues[parent][0]
        child_number, child_id, _ = self._issues[child]

        def write() -> bool:
            self._request("POST", f"/issues/{parent_number}/sub_issues", {"sub_issue_id": child_id})
            return True

        try:
            self._settle(
                write, lambda: readback.is_sub_issue(self.target, parent_number, child_number) or None
            )
        except GithubException as exc:
            if exc.status != 422:
                raise
            # Already a sub-issue of another issue the learner chose: leave it as it is.
            self.result.notes.append(f"{title}: already has a parent issue; left as it is")

    # the board ---------------------------------------------------------------------

    def _gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return self.target.graphql(query, variables)

    def _create_board(self, change: Change) -> None:
        owner = self.target.repo.owner.node_id
        repo_node = self.target.repo.node_id
        variables = {"owner": owner, "title": change.title, "repo": repo_node}
        project_id = self._settle(
            lambda: str(self._gql(projects.CREATE_PROJECT, variables)["createProjectV2"]["projectV2"]["id"]),
            lambda: readback.board_id(self.target, change.title),
        )
        describe = {"id": project_id, "description": change.data["description"]}
        self._settle(lambda: self._gql(projects.UPDATE_PROJECT, describe))
        self._board = read_board(self.target, project_id)
        self.result.board_url = self._board.url

    def _update_board(self, change: Change) -> None:
        assert self._board is not None
        describe = {"id": self._board.id, "description": change.data["description"]}
        self._settle(lambda: self._gql(projects.UPDATE_PROJECT, describe))

    def _link_board(self, change: Change) -> None:
        assert self._board is not None
        link = {"project": self._board.id, "repo": self.target.repo.node_id}
        self._settle(lambda: self._gql(projects.LINK_PROJECT, link))

    def _create_field(self, change: Change) -> bool:
        board = self._board
        assert board is not None
        wanted = change.data["field"]
        variables = {"input": projects.field_input(board.id, wanted)}
        try:
            created = self._settle(
                lambda: projects.parse_field(
                    self._gql(projects.CREATE_FIELD, variables)["createProjectV2Field"]["projectV2Field"]
                ),
                lambda: readback.board(self.target, board.id).fields.get(wanted.name),
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

    def _update_field(self, change: Change) -> None:
        """Replace an iteration field's weeks; the new ids replace the old in what we know."""
        assert self._board is not None
        current = self._board.fields[change.key]
        variables = {
            "input": {
                "fieldId": current.id,
                "iterationConfiguration": projects.iteration_configuration(change.data["iterations"]),
            }
        }
        data = self._settle(lambda: self._gql(projects.UPDATE_ITERATIONS, variables))
        updated = projects.parse_field(data["updateProjectV2Field"]["projectV2Field"])
        if updated is not None:
            self._board.fields[updated.name] = updated

    def _create_view(self, change: Change) -> bool:
        board = self._board
        assert board is not None
        view = change.data["view"]
        body: dict[str, Any] = {"name": view.name, "layout": view.layout}
        if view.filter:
            body["filter"] = view.filter
        group = board.fields.get(view.group_by) if view.group_by else None
        if view.group_by and (group is None or group.database_id is None):
            self.result.refused.append(Refusal(f"board view {view.name!r}", "", waits_for=view.group_by))
            return False
        if group is not None and group.database_id is not None:
            body["vertical_group_by" if view.layout == "board" else "group_by"] = [group.database_id]
        owner = self.target.repo.owner
        base = f"/orgs/{owner.login}" if owner.type == "Organization" else f"/users/{owner.id}"
        requester = self.target.repo.requester
        url = f"{base}/projectsV2/{board.number}/views"
        try:
            self._settle(
                lambda: requester.requestJsonAndCheck("POST", url, input=body),
                lambda: (True, {}) if view.name in readback.board(self.target, board.id).views else None,
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

    def _add_items(self, changes: list[Change]) -> None:
        assert self._board is not None
        for start in range(0, len(changes), projects.BATCH):
            batch = changes[start : start + projects.BATCH]
            self._add_batch(self._board.id, list(batch))
            for change in batch:
                self._done(change)

    def _add_batch(self, project_id: str, pending: list[Change]) -> None:
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
            on_board = readback.board(self.target, project_id).items
            for change in list(pending):
                item = on_board.get(self._issues[change.key][2])
                if item is not None:
                    self._items[change.key] = item.id
                    pending.remove(change)
            return True if not pending else None

        self._settle(write, find)

    def _set_values(self, changes: list[Change]) -> None:
        assert self._board is not None
        ready = []
        for change in changes:
            name = change.data["field"]
            if name in self._refused_fields:
                continue  # the field was refused: reported once, not once per item
            target_field = self._board.fields.get(name)
            value = projects.value_input(target_field, change.data["value"]) if target_field else None
            if target_field is None or value is None or change.key not in self._items:
                self.result.notes.append(f"board: could not set {change.title} on {change.key}")
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
