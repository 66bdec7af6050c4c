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
from llm_roadmap.github.dates import due_on_for
from llm_roadmap.github.errors import talking_to_github
from llm_roadmap.github.gateway import read_board

if TYPE_CHECKING:
    from collections.abc import Callable

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
    _milestones: dict[str, int] = field(default_factory=dict)  # title → number
    _issues: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # key → number, id, node id
    _board: ExistingBoard | None = None
    _items: dict[str, str] = field(default_factory=dict)  # issue key → item id

    def __post_init__(self) -> None:
        self._milestones = {title: m.number for title, m in self.existing.milestones.items()}
        self._issues = {k: (i.number, i.id, i.node_id) for k, i in self.existing.issues.items()}
        self.result.issue_urls = {k: i.html_url for k, i in self.existing.issues.items()}
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
            handler(change)
        self._done(change)

    def _done(self, change: Change) -> None:
        self.result.done += 1
        self.progress(change)

    # labels and milestones -------------------------------------------------------

    def _create_label(self, change: Change) -> None:
        self.target.repo.create_label(change.key, change.data["color"], change.data["description"])

    def _request(self, verb: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """One REST call on the repository, through PyGithub's requester (paced, retried).

        Used where PyGithub's objects would cost an extra GET (Issue.edit needs the issue
        first) or need an object we only know by number (a milestone).
        """
        repo = self.target.repo
        _, body = repo.requester.requestJsonAndCheck(verb, f"{repo.url}{path}", input=data)
        return dict(body or {})

    def _create_milestone(self, change: Change) -> None:
        created = self._request(
            "POST",
            "/milestones",
            {
                "title": change.title,
                "description": change.data["description"],
                "due_on": due_on_for(change.data["due_on"]),
            },
        )
        self._milestones[change.title] = int(created["number"])

    def _update_milestone(self, change: Change) -> None:
        data = {k: v for k, v in change.data.items() if k in ("description", "due_on")}
        if "due_on" in data:
            data["due_on"] = due_on_for(data["due_on"])
        self._request("PATCH", f"/milestones/{change.data['number']}", data)

    # issues ----------------------------------------------------------------------

    def _create_issue(self, change: Change) -> None:
        data: dict[str, Any] = {
            "title": change.title,
            "body": change.data["body"],
            "labels": change.data["labels"],
        }
        milestone = self._milestones.get(change.data["milestone"] or "")
        if milestone is not None:
            data["milestone"] = milestone
        issue = self._request("POST", "/issues", data)
        self._issues[change.key] = (int(issue["number"]), int(issue["id"]), str(issue["node_id"]))
        self.result.issue_urls[change.key] = str(issue["html_url"])

    def _update_issue(self, change: Change) -> None:
        data = dict(change.data)
        number = data.pop("number")
        if "milestone" in data:
            data["milestone"] = self._milestones.get(data["milestone"] or "")
        self._request("PATCH", f"/issues/{number}", data)

    def _close_issue(self, change: Change) -> None:
        data = {"state": "closed", "state_reason": change.data["state_reason"]}
        self._request("PATCH", f"/issues/{change.data['number']}", data)

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
        return self.target.graphql(query, variables)

    def _create_board(self, change: Change) -> None:
        owner = self.target.repo.owner.node_id
        repo_node = self.target.repo.node_id
        data = self._gql(projects.CREATE_PROJECT, {"owner": owner, "title": change.title, "repo": repo_node})
        project = data["createProjectV2"]["projectV2"]
        self._gql(
            projects.UPDATE_PROJECT,
            {"id": project["id"], "description": change.data["description"]},
        )
        self._board = read_board(self.target, project["id"])
        self.result.board_url = project["url"]

    def _update_board(self, change: Change) -> None:
        assert self._board is not None
        self._gql(projects.UPDATE_PROJECT, {"id": self._board.id, "description": change.data["description"]})

    def _link_board(self, change: Change) -> None:
        assert self._board is not None
        self._gql(
            projects.LINK_PROJECT,
            {"project": self._board.id, "repo": self.target.repo.node_id},
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

    def _update_field(self, change: Change) -> None:
        """Replace an iteration field's weeks; the new ids replace the old in what we know."""
        assert self._board is not None
        current = self._board.fields[change.key]
        data = self._gql(
            projects.UPDATE_ITERATIONS,
            {
                "input": {
                    "fieldId": current.id,
                    "iterationConfiguration": projects.iteration_configuration(change.data["iterations"]),
                }
            },
        )
        updated = projects.parse_field(data["updateProjectV2Field"]["projectV2Field"])
        if updated is not None:
            self._board.fields[updated.name] = updated

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
        requester = self.target.repo.requester
        requester.requestJsonAndCheck("POST", f"{base}/projectsV2/{self._board.number}/views", input=body)

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
            if target_field is None or value is None or change.key not in self._items:
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
