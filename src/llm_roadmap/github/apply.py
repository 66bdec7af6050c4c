"""Carry out a plan: the only code that writes to GitHub.

Writes are serial (PyGithub's requester paces them); board writes are batched into a
few GraphQL documents. Every change is safe to repeat, so a run that dies anywhere is
finished by the next run, which re-reads the state and plans only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any

from github import GithubException

from llm_roadmap.github import projects
from llm_roadmap.github.client import graphql
from llm_roadmap.github.errors import translate
from llm_roadmap.github.gateway import read_board

if TYPE_CHECKING:
    from collections.abc import Callable

    from github.Milestone import Milestone

    from llm_roadmap.github.gateway import Target
    from llm_roadmap.plan.changes import Change, Plan
    from llm_roadmap.plan.existing import Existing, ExistingBoard


@dataclass
class Applied:
    """What the run created, for the summary."""

    done: int = 0
    issue_urls: dict[str, str] = field(default_factory=dict)
    board_url: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Applier:
    target: Target
    existing: Existing
    progress: Callable[[Change], None] = lambda change: None
    result: Applied = field(default_factory=Applied)
    _milestones: dict[str, Milestone] = field(default_factory=dict)
    _issues: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # key → number, id, node id
    _board: ExistingBoard | None = None
    _items: dict[str, str] = field(default_factory=dict)  # issue key → item id

    def __post_init__(self) -> None:
        self._issues = {k: (i.number, i.id, i.node_id) for k, i in self.existing.issues.items()}
        self.result.issue_urls = {k: i.html_url for k, i in self.existing.issues.items()}
        self._board = self.existing.board
        if self._board is not None:
            self.result.board_url = self._board.url
            by_node = {node: key for key, (_, _, node) in self._issues.items()}
            self._items = {by_node[c]: item.id for c, item in self._board.items.items() if c in by_node}

    def apply(self, plan: Plan) -> Applied:
        for (kind, action), group in groupby(plan.changes, key=lambda c: (c.kind, c.action)):
            changes = list(group)
            if kind == "item":
                self._add_items(changes)
            elif kind == "value":
                self._set_values(changes)
            else:
                for change in changes:
                    self._one(change)
            del action
        return self.result

    def _one(self, change: Change) -> None:
        handler = getattr(self, f"_{change.action}_{change.kind.replace('-', '_')}")
        try:
            handler(change)
        except GithubException as exc:
            raise translate(exc, f"{change.action} {change.kind} {change.title!r}") from None
        self._done(change)

    def _done(self, change: Change) -> None:
        self.result.done += 1
        self.progress(change)

    # labels and milestones -------------------------------------------------------

    def _create_label(self, change: Change) -> None:
        self.target.repo.create_label(change.key, change.data["color"], change.data["description"])

    def _milestone(self, title: str) -> Milestone | None:
        if not self._milestones:
            self._milestones = {m.title: m for m in self.target.repo.get_milestones(state="all")}
        return self._milestones.get(title)

    def _create_milestone(self, change: Change) -> None:
        created = self.target.repo.create_milestone(
            change.title, description=change.data["description"], due_on=change.data["due_on"]
        )
        self._milestones[created.title] = created

    def _update_milestone(self, change: Change) -> None:
        milestone = self.target.repo.get_milestone(change.data["number"])
        edits: dict[str, Any] = {k: v for k, v in change.data.items() if k in ("description", "due_on")}
        milestone.edit(milestone.title, **edits)

    # issues ----------------------------------------------------------------------

    def _create_issue(self, change: Change) -> None:
        milestone = self._milestone(change.data["milestone"]) if change.data["milestone"] else None
        kwargs: dict[str, Any] = {"body": change.data["body"], "labels": change.data["labels"]}
        if milestone is not None:
            kwargs["milestone"] = milestone
        issue = self.target.repo.create_issue(change.title, **kwargs)
        self._issues[change.key] = (issue.number, issue.id, str(issue.raw_data.get("node_id", "")))
        self.result.issue_urls[change.key] = issue.html_url

    def _update_issue(self, change: Change) -> None:
        data = dict(change.data)
        number = data.pop("number")
        if "milestone" in data:
            data["milestone"] = self._milestone(data["milestone"]) if data["milestone"] else None
        self._patch_issue(number, data)

    def _close_issue(self, change: Change) -> None:
        self._patch_issue(
            change.data["number"], {"state": "closed", "state_reason": change.data["state_reason"]}
        )

    def _patch_issue(self, number: int, data: dict[str, Any]) -> None:
        # A PATCH straight to the issue; Issue.edit() would need a GET of the issue first.
        if "milestone" in data:
            data["milestone"] = data["milestone"].number if data["milestone"] is not None else None
        self.target.repo.requester.requestJsonAndCheck(
            "PATCH", f"{self.target.repo.url}/issues/{number}", input=data
        )

    def _link_sub_issue(self, change: Change) -> None:
        parent_number = self._issues[change.data["parent"]][0]
        child_id = self._issues[change.data["child"]][1]
        try:
            self.target.repo.requester.requestJsonAndCheck(
                "POST",
                f"{self.target.repo.url}/issues/{parent_number}/sub_issues",
                input={"sub_issue_id": child_id},
            )
        except GithubException as exc:
            if exc.status != 422:
                raise
            # Already a sub-issue (of this epic after a lost response, or of another
            # issue the learner chose): either way, leave it as it is.
            self.result.notes.append(f"{change.title}: already has a parent issue; left as it is")

    # the board ---------------------------------------------------------------------

    def _gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return graphql(self.target.client, self.target.graphql_url, query, variables)

    def _create_board(self, change: Change) -> None:
        owner = self.target.repo.owner.raw_data.get("node_id")
        repo_node = self.target.repo.raw_data.get("node_id")
        data = self._gql(projects.CREATE_PROJECT, {"owner": owner, "title": change.title, "repo": repo_node})
        project = data["createProjectV2"]["projectV2"]
        self._gql(
            projects.UPDATE_PROJECT,
            {"id": project["id"], "description": change.data["description"]},
        )
        self._board = read_board(self.target, project["id"])
        self.result.board_url = project["url"]

    def _link_board(self, change: Change) -> None:
        assert self._board is not None
        self._gql(
            projects.LINK_PROJECT,
            {"project": self._board.id, "repo": self.target.repo.raw_data.get("node_id")},
        )

    def _create_field(self, change: Change) -> None:
        assert self._board is not None
        data = self._gql(
            projects.CREATE_FIELD,
            {"input": projects.field_input(self._board.id, change.data["field"])},
        )
        created = projects.parse_field(data["createProjectV2Field"]["projectV2Field"])
        if created is not None:
            self._board.fields[created.name] = created

    def _create_view(self, change: Change) -> None:
        assert self._board is not None
        view = change.data["view"]
        body: dict[str, Any] = {"name": view.name, "layout": view.layout}
        if view.filter:
            body["filter"] = view.filter
        group = self._board.fields.get(view.group_by) if view.group_by else None
        if group is not None and group.database_id is not None:
            body["vertical_group_by" if view.layout == "board" else "group_by"] = [group.database_id]
        owner = self.target.repo.owner
        base = f"/orgs/{owner.login}" if owner.type == "Organization" else f"/users/{owner.id}"
        self.target.repo.requester.requestJsonAndCheck(
            "POST", f"{base}/projectsV2/{self._board.number}/views", input=body
        )

    def _add_items(self, changes: list[Change]) -> None:
        assert self._board is not None
        for start in range(0, len(changes), projects.BATCH):
            batch = changes[start : start + projects.BATCH]
            variables: dict[str, Any] = {"project": self._board.id}
            for i, change in enumerate(batch):
                variables[f"c{i}"] = self._issues[change.key][2]
            data = self._gql(projects.add_items_document(len(batch)), variables)
            for i, change in enumerate(batch):
                self._items[change.key] = data[f"a{i}"]["item"]["id"]
                self._done(change)

    def _set_values(self, changes: list[Change]) -> None:
        assert self._board is not None
        ready = []
        for change in changes:
            target_field = self._board.fields.get(change.data["field"])
            value = projects.value_input(target_field, change.data["value"]) if target_field else None
            if value is None or change.key not in self._items:
                self.result.notes.append(f"board: could not set {change.title} on {change.key}")
                continue
            ready.append((change, target_field, value))
        for start in range(0, len(ready), projects.BATCH):
            batch = ready[start : start + projects.BATCH]
            variables: dict[str, Any] = {"project": self._board.id}
            for n, (change, target_field, value) in enumerate(batch):
                variables.update({f"i{n}": self._items[change.key], f"f{n}": target_field.id, f"v{n}": value})
            self._gql(projects.set_values_document(len(batch)), variables)
            for change, _, _ in batch:
                self._done(change)
