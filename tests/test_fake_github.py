"""Tests of the fake GitHub server itself, driven by the real PyGithub client."""

from __future__ import annotations

import datetime as dt
import socket
from typing import TYPE_CHECKING, Any

import github
import pytest
import requests

from llm_roadmap.model.reserved import RESERVED_PROJECT_FIELD_NAMES
from testing.fixtures import RealGitHubAccessError

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub

TOKEN = "ghp_octocat"
REPO = "octocat/my-year"


@pytest.fixture
def gh(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_user("octocat", token=TOKEN, scopes=("repo", "project"))
    fake_github.add_repo(REPO)
    return fake_github


@pytest.fixture
def g(gh: FakeGitHub) -> github.Github:
    return gh.client(TOKEN)


def graphql(g: github.Github, query: str, **variables: Any) -> dict[str, Any]:
    """Send a document through PyGithub's requester; raises on GraphQL errors."""
    _, body = g.requester.graphql_query(query, variables)
    return body["data"]


def raw_graphql(g: github.Github, query: str, **variables: Any) -> dict[str, Any]:
    """Send a document and return the whole body (``errors`` included)."""
    _, body = g.requester.requestJsonAndCheck(
        "POST", g.requester.graphql_url, input={"query": query, "variables": variables}
    )
    return body


# -- REST basics ------------------------------------------------------------------------
def test_repository_shape(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    assert repo.permissions.push
    assert repo.permissions.admin
    assert (repo.owner.type, repo.default_branch, repo.is_template) == ("User", "main", False)
    assert repo.id == gh.state.repos[REPO].id
    assert repo.node_id.startswith("R_")
    assert g.get_user().login == "octocat"
    assert g.requester.graphql_url == gh.graphql_url


def test_labels_paginate_like_github(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    for i in range(31):  # + GitHub's 9 default labels = 40
        repo.create_label(f"topic {i:02}", "0e8a16", description="d")
    labels = list(repo.get_labels())
    assert len(labels) == 40
    assert repo.get_labels().totalCount == 40
    pages = [r.query.get("page") for r in gh.requests if r.operation == "issues/list-labels-for-repo"]
    assert "2" in pages
    first = next(r for r in gh.requests if r.operation == "issues/list-labels-for-repo")
    assert first.status == 200
    assert repo.get_label("TOPIC 05").name == "topic 05"  # case-insensitive, %-encoded name


def test_link_header_format(gh: FakeGitHub, g: github.Github) -> None:
    for i in range(5):
        gh.add_label(REPO, f"x{i}")
    headers, _ = g.requester.requestJsonAndCheck(
        "GET", f"/repos/{REPO}/labels", parameters={"per_page": 3, "page": 2}
    )
    base = f"{gh.api_url}/repos/{REPO}/labels"
    assert headers["link"] == (
        f'<{base}?per_page=3&page=1>; rel="prev", <{base}?per_page=3&page=3>; rel="next", '
        f'<{base}?per_page=3&page=5>; rel="last", <{base}?per_page=3&page=1>; rel="first"'
    )
    assert headers["x-ratelimit-resource"] == "core"
    assert headers["x-oauth-scopes"] == "project, repo"


def test_duplicates_are_422(g: github.Github) -> None:
    repo = g.get_repo(REPO)
    with pytest.raises(github.GithubException) as exc:
        repo.create_label("BUG", "ffffff")  # "bug" is a default label
    assert exc.value.status == 422
    assert exc.value.data["errors"] == [{"resource": "Label", "code": "already_exists", "field": "name"}]
    repo.create_milestone("Month 1")
    with pytest.raises(github.GithubException) as exc:
        repo.create_milestone("Month 1")
    assert exc.value.data["errors"][0]["resource"] == "Milestone"


def test_bad_credentials_and_not_found(gh: FakeGitHub, g: github.Github) -> None:
    with pytest.raises(github.BadCredentialsException):
        gh.client("wrong").get_repo(REPO)
    with pytest.raises(github.UnknownObjectException):
        g.get_repo("octocat/nope")
    with pytest.raises(github.UnknownObjectException):
        g.get_repo(REPO).get_issue(99)


def test_read_only_token_cannot_write(gh: FakeGitHub) -> None:
    gh.add_user("reader", token="ro")
    repo = gh.client("ro").get_repo(REPO)
    with pytest.raises(github.GithubException) as exc:
        repo.create_label("nope", "ffffff")
    assert exc.value.status == 403


def test_milestones_list_and_due_on(g: github.Github) -> None:
    repo = g.get_repo(REPO)
    later = repo.create_milestone("B", due_on=dt.date(2027, 2, 1))
    repo.create_milestone("A", due_on=dt.date(2027, 1, 1))
    later.edit("B", state="closed")
    assert [m.title for m in repo.get_milestones()] == ["A"]
    assert [m.title for m in repo.get_milestones(state="all")] == ["A", "B"]
    assert [m.title for m in repo.get_milestones(state="all", direction="desc")] == ["B", "A"]
    # PyGithub sends a date as midnight UTC, the evening before in California: GitHub keeps
    # the Pacific date (Jan 31) and answers with its midnight in UTC.
    assert repo.get_milestone(later.number).due_on == dt.datetime(2027, 1, 31, 8, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("2027-01-31T00:00:00Z", "2027-01-30T08:00:00Z"),  # winter: PST, UTC-8
        ("2027-07-31T00:00:00Z", "2027-07-30T07:00:00Z"),  # summer: PDT, UTC-7
        ("2027-01-31T12:00:00Z", "2027-01-31T08:00:00Z"),
        ("2027-07-31T12:00:00Z", "2027-07-31T07:00:00Z"),
        ("2027-03-14T12:00:00Z", "2027-03-14T08:00:00Z"),  # the day clocks go forward
        ("2027-11-07T12:00:00Z", "2027-11-07T07:00:00Z"),  # the day clocks go back
        ("2027-01-31T07:59:59Z", "2027-01-30T08:00:00Z"),
        ("2027-01-31T08:00:00Z", "2027-01-31T08:00:00Z"),
        ("2027-01-31T00:00:00+09:00", "2027-01-30T08:00:00Z"),
    ],
)
def test_milestone_due_on_is_floored_to_midnight_pacific(g: github.Github, sent: str, kept: str) -> None:
    repo = g.get_repo(REPO)
    _, created = g.requester.requestJsonAndCheck(
        "POST", f"{repo.url}/milestones", input={"title": "M", "due_on": sent}
    )
    assert created["due_on"] == kept
    _, updated = g.requester.requestJsonAndCheck(
        "PATCH", f"{repo.url}/milestones/{created['number']}", input={"due_on": sent}
    )
    assert updated["due_on"] == kept


def test_issue_lifecycle(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    ms = repo.create_milestone("Month 1")
    issue = repo.create_issue("Read chapter 1", labels=["bug", "brand new"], milestone=ms)
    assert issue.id != issue.number
    assert {lb.name for lb in issue.labels} == {"bug", "brand new"}  # unknown label created
    issue.edit(state="closed", state_reason="not_planned")
    assert (issue.state, issue.state_reason, issue.closed_by.login) == ("closed", "not_planned", "octocat")
    assert issue.closed_at is not None
    assert [i.number for i in repo.get_issues(state="closed", labels=["BUG"])] == [issue.number]
    assert list(repo.get_issues()) == []
    issue.edit(state="open")
    assert (issue.state, issue.state_reason) == ("open", "reopened")
    assert repo.get_milestone(ms.number).open_issues == 1


def test_sub_issues(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    parent, child, other = (repo.create_issue(t) for t in ("parent", "child", "other"))
    parent.add_sub_issue(child.id)  # the id, not the number
    assert [s.number for s in parent.get_sub_issues()] == [child.number]
    assert repo.get_issue(parent.number).raw_data["sub_issues_summary"]["total"] == 1
    with pytest.raises(github.GithubException) as exc:
        other.add_sub_issue(child.id)  # already has a parent
    assert exc.value.status == 422
    _, body = g.requester.requestJsonAndCheck("GET", f"/repos/{REPO}/issues/{child.number}/parent")
    assert body["number"] == parent.number
    assert gh.state.sub_issues == [(gh.state.repos[REPO].issue(1), gh.state.repos[REPO].issue(2))]


CREATE_ISSUE = """
mutation($input: CreateIssueInput!) {
  createIssue(input: $input) { issue { id fullDatabaseId number parent { number } } }
}
"""


def test_graphql_create_issue_with_labels_milestone_and_parent(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    label = repo.create_label("skill", "1d76db")
    milestone = repo.create_milestone("Phase 1")
    epic = repo.create_issue("epic")
    made = graphql(
        g,
        CREATE_ISSUE,
        input={
            "repositoryId": repo.node_id,
            "title": "child",
            "body": "b",
            "labelIds": [label.node_id],
            "milestoneId": milestone.node_id,
            "parentIssueId": epic.node_id,
        },
    )["createIssue"]["issue"]
    assert made["parent"] == {"number": epic.number}
    assert int(made["fullDatabaseId"]) > 2**31  # why `databaseId` (an Int) cannot carry it
    child = repo.get_issue(made["number"])
    assert ([x.name for x in child.labels], child.milestone.title) == (["skill"], "Phase 1")
    assert [s.number for s in epic.get_sub_issues()] == [child.number]
    assert child.user.login == "octocat"


def test_graphql_create_issue_refuses_a_projects_v2_id_and_makes_nothing(
    gh: FakeGitHub, g: github.Github
) -> None:
    """``projectIds`` takes classic projects only (robvanderleek/create-issue-branch#922)."""
    repo = g.get_repo(REPO)
    owner = graphql(g, "query { viewer { id } }")["viewer"]["id"]
    project = graphql(
        g,
        'mutation($o: ID!) { createProjectV2(input: {ownerId: $o, title: "b"}) { projectV2 { id } } }',
        o=owner,
    )["createProjectV2"]["projectV2"]["id"]
    body = raw_graphql(
        g, CREATE_ISSUE, input={"repositoryId": repo.node_id, "title": "t", "projectIds": [project]}
    )
    assert body["data"]["createIssue"] is None
    [error] = body["errors"]
    assert error["type"] == "NOT_FOUND"
    assert error["message"].startswith("Could not resolve to Project node")
    assert gh.state.repos[REPO].issues == []


def test_an_older_server_schema_lacks_parent_issue_id(gh: FakeGitHub, g: github.Github) -> None:
    gh.lack_graphql_inputs("CreateIssueInput.parentIssueId")
    fields = graphql(g, '{ __type(name: "CreateIssueInput") { inputFields { name } } }')
    names = {f["name"] for f in fields["__type"]["inputFields"]}
    assert {"labelIds", "milestoneId"} <= names
    assert "parentIssueId" not in names
    repo = g.get_repo(REPO)
    body = raw_graphql(
        g, CREATE_ISSUE, input={"repositoryId": repo.node_id, "title": "t", "parentIssueId": repo.node_id}
    )
    assert "data" not in body or body["data"] is None
    assert len(gh.take_violations()) == 1
    assert gh.state.repos[REPO].issues == []


def test_comments_and_actions_bot(gh: FakeGitHub, g: github.Github) -> None:
    issue = g.get_repo(REPO).create_issue("hello")
    issue.create_comment("from the learner")
    gh.add_actions_token("ghs_actions", REPO)
    bot = gh.client("ghs_actions")
    comment = bot.get_repo(REPO).get_issue(issue.number).create_comment("from a bot")
    assert (comment.user.login, comment.user.type) == ("github-actions[bot]", "Bot")
    bodies = [c.body for c in g.get_repo(REPO).get_issue(issue.number).get_comments()]
    assert bodies == ["from the learner", "from a bot"]
    comment.edit("edited")
    assert g.get_repo(REPO).get_issue(issue.number).get_comment(comment.id).body == "edited"
    with pytest.raises(github.GithubException) as exc:
        bot.get_user().login  # noqa: B018 - GET /user with an installation token
    assert exc.value.status == 403


def test_commits_branches_workflows(gh: FakeGitHub, g: github.Github) -> None:
    gh.add_commit(REPO, "a" * 40, author_login="octocat", date="2026-11-26T10:00:00+09:00")
    gh.add_commit(REPO, "b" * 40, author_login="octocat", date="2026-11-27T23:30:00+09:00")
    gh.add_commit(REPO, "c" * 40, author_email="ghost@example.com", date="2026-11-28T08:00:00Z")
    gh.add_workflow(REPO, "Streak", state="disabled_inactivity")
    repo = g.get_repo(REPO)
    commits = list(repo.get_commits())
    assert [c.sha[0] for c in commits] == ["c", "b", "a"]
    assert commits[1].raw_data["commit"]["author"]["date"] == "2026-11-27T14:30:00Z"
    assert commits[0].author is None
    assert commits[1].author.login == "octocat"
    since = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    assert [c.sha[0] for c in repo.get_commits(since=since, author="octocat")] == ["b"]
    assert [b.name for b in repo.get_branches()] == ["main"]
    assert [w.state for w in repo.get_workflows()] == ["disabled_inactivity"]


def test_secrets_are_only_visible_to_admins(gh: FakeGitHub, g: github.Github) -> None:
    gh.add_secret(REPO, "OPENAI_API_KEY")
    _, body = g.requester.requestJsonAndCheck("GET", f"/repos/{REPO}/actions/secrets/OPENAI_API_KEY")
    assert body["name"] == "OPENAI_API_KEY"
    with pytest.raises(github.UnknownObjectException):
        g.requester.requestJsonAndCheck("GET", f"/repos/{REPO}/actions/secrets/MISSING")
    gh.add_actions_token("ghs_bot", REPO)
    with pytest.raises(github.GithubException) as exc:
        gh.client("ghs_bot").requester.requestJsonAndCheck(
            "GET", f"/repos/{REPO}/actions/secrets/OPENAI_API_KEY"
        )
    assert exc.value.status == 403


# -- GraphQL ------------------------------------------------------------------------------
CREATE_PROJECT = """
mutation($owner: ID!, $repo: ID!, $title: String!) {
  createProjectV2(input: {ownerId: $owner, repositoryId: $repo, title: $title}) {
    projectV2 { id number url fields(first: 30) { nodes {
      ... on ProjectV2FieldCommon { id name }
      ... on ProjectV2SingleSelectField { options { id name } }
    } } }
  }
}
"""

BOARD_WRITES = """
mutation($project: ID!, $issue: ID!) {
  hours: createProjectV2Field(input: {projectId: $project, dataType: NUMBER, name: "Hours"}) {
    projectV2Field { ... on ProjectV2Field { id } }
  }
  sprint: createProjectV2Field(input: {projectId: $project, dataType: ITERATION, name: "Week",
      iterationConfiguration: {startDate: "2026-01-05", duration: 7,
        iterations: [{title: "W1", startDate: "2026-01-05", duration: 7}]}}) {
    projectV2Field { ... on ProjectV2IterationField {
      id configuration { iterations { id startDate duration } } } }
  }
  add: addProjectV2ItemById(input: {projectId: $project, contentId: $issue}) { item { id } }
}
"""

SET_VALUES = """
mutation($p: ID!, $i: ID!, $hours: ID!, $status: ID!, $todo: String!) {
  a: updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $hours,
      value: {number: 2.5}}) { projectV2Item { id } }
  b: updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $status,
      value: {singleSelectOptionId: $todo}}) { projectV2Item { id } }
}
"""

READ_ITEMS = """
query($login: String!, $number: Int!, $after: String) {
  user(login: $login) { projectV2(number: $number) { items(first: 1, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { content { ... on Issue { number } } fieldValues(first: 20) { nodes {
      ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2Field { name } } }
      ... on ProjectV2ItemFieldSingleSelectValue { name }
    } } }
  } } }
}
"""


def _status_options(fields: list[dict[str, Any]]) -> tuple[str, dict[str, str]]:
    status = next(f for f in fields if f.get("name") == "Status")
    return status["id"], {o["name"]: o["id"] for o in status["options"]}


def test_graphql_board_flow(gh: FakeGitHub, g: github.Github) -> None:
    gh.state.clock.set("2026-01-01T00:00:00Z")  # before the iteration below starts
    repo = g.get_repo(REPO)
    issue = repo.create_issue("Week 1")
    viewer = graphql(g, "query { viewer { login id } }")["viewer"]
    created = graphql(g, CREATE_PROJECT, owner=viewer["id"], repo=repo.node_id, title="My year")
    project = created["createProjectV2"]["projectV2"]
    status_id, options = _status_options(project["fields"]["nodes"])
    assert list(options) == ["Todo", "In Progress", "Done"]

    data = graphql(g, BOARD_WRITES, project=project["id"], issue=issue.raw_data["node_id"])
    item_id = data["add"]["item"]["id"]
    iterations = data["sprint"]["projectV2Field"]["configuration"]["iterations"]
    assert iterations[0]["startDate"] == "2026-01-05"
    graphql(
        g,
        SET_VALUES,
        p=project["id"],
        i=item_id,
        hours=data["hours"]["projectV2Field"]["id"],
        status=status_id,
        todo=options["Todo"],
    )

    read = graphql(g, READ_ITEMS, login="octocat", number=project["number"])
    items = read["user"]["projectV2"]["items"]
    assert items["pageInfo"]["hasNextPage"] is False
    values = items["nodes"][0]["fieldValues"]["nodes"]
    assert {"number": 2.5, "field": {"name": "Hours"}} in values
    assert {"name": "Todo"} in values

    board = gh.state.projects[0]
    assert board.repositories == [gh.state.repos[REPO]]
    assert [i.content.number for i in board.items] == [issue.number]
    mutations = [r.graphql_fields for r in gh.writes if r.operation == "graphql"]
    # three aliased mutations, one request
    assert mutations[1] == ["createProjectV2Field", "createProjectV2Field", "addProjectV2ItemById"]


ITERATIONS = """
query($id: ID!) { node(id: $id) { ... on ProjectV2IterationField { configuration {
  iterations { title } completedIterations { title } } } } }
"""

UPDATE_ITERATIONS = """
mutation($field: ID!) { updateProjectV2Field(input: {fieldId: $field, iterationConfiguration: {
    startDate: "2026-02-02", duration: 7,
    iterations: [{title: "W1", startDate: "2026-02-02", duration: 7}]}}) {
  projectV2Field { ... on ProjectV2IterationField { configuration { iterations { id startDate } } } } } }
"""


def test_iterations_end_and_can_be_replaced(gh: FakeGitHub, g: github.Github) -> None:
    """An ended iteration moves to completedIterations; updateProjectV2Field replaces them
    and clears item values that pointed at the old ones."""
    gh.state.clock.set("2026-01-01T00:00:00Z")
    repo = g.get_repo(REPO)
    issue = repo.create_issue("Week 1")
    viewer = graphql(g, "query { viewer { login id } }")["viewer"]
    created = graphql(g, CREATE_PROJECT, owner=viewer["id"], repo=repo.node_id, title="My year")
    project = created["createProjectV2"]["projectV2"]["id"]
    data = graphql(g, BOARD_WRITES, project=project, issue=issue.raw_data["node_id"])
    week = data["sprint"]["projectV2Field"]["id"]
    [w1] = data["sprint"]["projectV2Field"]["configuration"]["iterations"]
    graphql(
        g,
        """mutation($p: ID!, $i: ID!, $f: ID!, $w: String!) { updateProjectV2ItemFieldValue(input:
        {projectId: $p, itemId: $i, fieldId: $f, value: {iterationId: $w}}) { projectV2Item { id } } }""",
        p=project,
        i=data["add"]["item"]["id"],
        f=week,
        w=w1["id"],
    )
    config = graphql(g, ITERATIONS, id=week)["node"]["configuration"]
    assert config == {"iterations": [{"title": "W1"}], "completedIterations": []}
    gh.state.clock.set("2026-01-12T00:00:00Z")  # W1 ran 2026-01-05 → 2026-01-11
    config = graphql(g, ITERATIONS, id=week)["node"]["configuration"]
    assert config == {"iterations": [], "completedIterations": [{"title": "W1"}]}

    [moved] = graphql(g, UPDATE_ITERATIONS, field=week)["updateProjectV2Field"]["projectV2Field"][
        "configuration"
    ]["iterations"]
    assert moved["startDate"] == "2026-02-02"
    assert moved["id"] != w1["id"]
    [item] = gh.state.projects[0].items
    assert item.values == {}


CREATE_FIELD = """
mutation($project: ID!, $name: String!) {
  createProjectV2Field(input: {projectId: $project, dataType: NUMBER, name: $name}) {
    projectV2Field { ... on ProjectV2Field { id name } }
  }
}
"""


@pytest.mark.parametrize("name", [*sorted(RESERVED_PROJECT_FIELD_NAMES), "type", "TRACKED BY", " Status "])
def test_reserved_field_names_are_refused_like_github(gh: FakeGitHub, g: github.Github, name: str) -> None:
    viewer = graphql(g, "query { viewer { id } }")["viewer"]
    created = graphql(g, CREATE_PROJECT, owner=viewer["id"], repo=gh.state.repos[REPO].node_id, title="Y")
    project = created["createProjectV2"]["projectV2"]
    body = raw_graphql(g, CREATE_FIELD, project=project["id"], name=name)
    assert body["data"] == {"createProjectV2Field": None}
    [error] = body["errors"]
    assert (error["type"], error["message"]) == ("UNPROCESSABLE", "Name cannot have a reserved value")
    assert not gh.take_violations()


def test_the_fake_reserves_exactly_the_names_the_product_avoids() -> None:
    from testing.fake_github.projects import RESERVED_FIELD_NAMES

    assert {n.casefold() for n in RESERVED_PROJECT_FIELD_NAMES} == RESERVED_FIELD_NAMES


def test_a_name_github_starts_to_reserve_is_refused(gh: FakeGitHub, g: github.Github) -> None:
    viewer = graphql(g, "query { viewer { id } }")["viewer"]
    created = graphql(g, CREATE_PROJECT, owner=viewer["id"], repo=gh.state.repos[REPO].node_id, title="Y")
    project = created["createProjectV2"]["projectV2"]
    assert graphql(g, CREATE_FIELD, project=project["id"], name="Kind")["createProjectV2Field"]
    gh.reserve_field_name("hours")
    body = raw_graphql(g, CREATE_FIELD, project=project["id"], name="Hours")
    assert body["errors"][0]["message"] == "Name cannot have a reserved value"


def test_graphql_invalid_document_is_a_violation(gh: FakeGitHub, g: github.Github) -> None:
    body = raw_graphql(g, "query { viewer { loginn } }")
    assert "data" not in body
    assert body["errors"]
    with pytest.raises(github.GithubException):
        graphql(g, "query { user(login: 1) { id } }")
    assert len(gh.take_violations()) == 2


def test_graphql_not_found_and_pagination_rules(gh: FakeGitHub, g: github.Github) -> None:
    with pytest.raises(github.UnknownObjectException):
        graphql(g, 'query { user(login: "nobody") { id } }')
    body = raw_graphql(g, 'query { user(login: "octocat") { projectsV2 { totalCount } } }')
    assert body["errors"][0]["type"] == "MISSING_PAGINATION_BOUNDARIES"
    assert len(gh.take_violations()) == 1


def test_graphql_project_permissions(gh: FakeGitHub) -> None:
    gh.add_user("classic", token="no-project-scope", scopes=("repo",))
    query = 'query { user(login: "octocat") { projectV2(number: 1) { id title } } }'
    body = raw_graphql(gh.client("no-project-scope"), query)
    assert "data" not in body
    assert {e["type"] for e in body["errors"]} == {"INSUFFICIENT_SCOPES"}
    assert "['read:project']" in body["errors"][0]["message"]

    gh.add_actions_token("ghs_x", REPO)
    octocat_id = gh.state.account("octocat").node_id
    body = raw_graphql(
        gh.client("ghs_x"),
        'mutation($o: ID!) { createProjectV2(input: {ownerId: $o, title: "t"}) { projectV2 { id } } }',
        o=octocat_id,
    )
    assert body["data"] == {"createProjectV2": None}
    assert body["errors"][0]["type"] == "FORBIDDEN"
    assert body["errors"][0]["message"] == "Resource not accessible by integration"
    assert gh.state.projects == []


def test_graphql_rate_limited(gh: FakeGitHub, g: github.Github) -> None:
    gh.graphql_rate_limit_next()
    body = raw_graphql(g, "query { viewer { login } }")
    assert body == {"errors": [{"type": "RATE_LIMITED", "message": body["errors"][0]["message"]}]}
    assert body["errors"][0]["message"].startswith("API rate limit exceeded for user ID")
    assert graphql(g, "query { viewer { login } }") == {"viewer": {"login": "octocat"}}


def test_org_projects_and_paging(gh: FakeGitHub) -> None:
    gh.add_org("acme", members={"octocat": "admin"})
    gh.add_user("fine", token="github_pat_x", scopes=None)  # fine-grained: no scopes header
    gh.add_repo("acme/course")
    g = gh.client(TOKEN)
    org = graphql(g, 'query { organization(login: "acme") { id } }')["organization"]
    for title in ("one", "two", "three"):
        graphql(g, CREATE_PROJECT, owner=org["id"], repo=gh.state.repos["acme/course"].node_id, title=title)
    page = """query($after: String) { organization(login: "acme") {
      projectsV2(first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { number title } }
    } }"""
    first = graphql(g, page)["organization"]["projectsV2"]
    assert [p["number"] for p in first["nodes"]] == [3, 2]
    rest = graphql(g, page, after=first["pageInfo"]["endCursor"])["organization"]["projectsV2"]
    assert ([p["title"] for p in rest["nodes"]], rest["pageInfo"]["hasNextPage"]) == (["one"], False)
    _, listed = g.requester.requestJsonAndCheck("GET", "/orgs/acme/projectsV2", parameters={"q": "t"})
    assert sorted(p["title"] for p in listed) == ["three", "two"]
    headers, repo = gh.client("github_pat_x").requester.requestJsonAndCheck("GET", "/repos/acme/course")
    assert "x-oauth-scopes" not in headers
    assert repo["owner"]["type"] == "Organization"


# -- Projects v2 REST -----------------------------------------------------------------
def test_projects_rest_fields_items_and_views(gh: FakeGitHub, g: github.Github) -> None:
    issue = g.get_repo(REPO).create_issue("Week 1")
    viewer = graphql(g, "query { viewer { id } }")["viewer"]
    graphql(g, CREATE_PROJECT, owner=viewer["id"], repo=gh.state.repos[REPO].node_id, title="Y")
    req = g.requester
    base = "/users/octocat/projectsV2/1"
    _, fields = req.requestJsonAndCheck("GET", f"{base}/fields")
    assert fields[0]["data_type"] == "title"
    status = next(f for f in fields if f["name"] == "Status")
    _, added = req.requestJsonAndCheck("POST", f"{base}/items", input={"type": "Issue", "id": issue.id})
    todo = status["options"][0]["id"]
    req.requestJsonAndCheck(
        "PATCH", f"{base}/items/{added['id']}", input={"fields": [{"id": status["id"], "value": todo}]}
    )
    _, items = req.requestJsonAndCheck("GET", f"{base}/items", parameters={"fields": status["id"]})
    assert items[0]["fields"][0]["value"]["name"]["raw"] == "Todo"
    user_id = gh.state.account("octocat").id
    _, view = req.requestJsonAndCheck(
        "POST",
        f"/users/{user_id}/projectsV2/1/views",
        input={"name": "Board", "layout": "board", "vertical_group_by": [status["id"]]},
    )
    assert (view["number"], view["layout"]) == (2, "board")


# -- faults ---------------------------------------------------------------------------
def test_secondary_rate_limit_is_retried_after_retry_after(gh: FakeGitHub) -> None:
    g = gh.client(TOKEN, retry=github.GithubRetry(total=3, backoff_factor=0))
    gh.fail_next("POST", r"^/repos/.*/labels$", status=403, headers={"Retry-After": "1"})
    g.get_repo(REPO).create_label("after a pause", "ededed")
    attempts = [r for r in gh.requests if r.operation == "issues/create-label" or r.injected]
    assert [(r.status, r.injected) for r in attempts] == [(403, True), (201, False)]
    assert (attempts[1].time - attempts[0].time).total_seconds() >= 0.9
    assert len(gh.writes) == 1


def test_die_after_writes(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    gh.die_after_writes(2)
    repo.create_label("one", "ededed")
    repo.create_label("two", "ededed")
    with pytest.raises(github.GithubException) as exc:
        repo.create_label("three", "ededed")
    assert exc.value.status == 503
    with pytest.raises(github.GithubException):
        repo.get_labels().totalCount  # noqa: B018 - reads fail too while "down"
    gh.revive()
    assert {lb.name for lb in repo.get_labels()} >= {"one", "two"}
    assert repo.get_labels().totalCount == 11


def test_lost_answer_of_an_applied_write(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    gh.lose_answers(at=2)
    repo.create_label("one", "ededed")
    with pytest.raises(github.GithubException) as exc:
        repo.create_label("two", "ededed")
    assert exc.value.status == 502
    repo.create_label("three", "ededed")
    assert {"one", "two", "three"} <= {lb.name for lb in repo.get_labels()}
    assert [r.json["name"] for r in gh.lost_answers] == ["two"]


def test_every_first_answer_lost_catches_a_blind_resend(gh: FakeGitHub, g: github.Github) -> None:
    repo = g.get_repo(REPO)
    gh.lose_answers(status=None)  # connections drop, as on a reset
    with pytest.raises(requests.ConnectionError):
        repo.create_issue("Once")
    again = repo.create_issue("Once")  # the same request again: really answered
    assert [i.title for i in repo.get_issues()] == ["Once", "Once"]
    assert again.number == 2


def test_openapi_violations_are_recorded(gh: FakeGitHub, g: github.Github) -> None:
    with pytest.raises(github.GithubException) as exc:
        g.requester.requestJsonAndCheck("POST", f"/repos/{REPO}/labels", input={"name": "x", "color": 123})
    assert exc.value.status == 422
    g.requester.requestJsonAndCheck("GET", f"/repos/{REPO}/labels", parameters={"colour": "x"})
    with pytest.raises(github.UnknownObjectException):
        g.requester.requestJsonAndCheck("GET", f"/repos/{REPO}/no-such-endpoint")
    found = gh.take_violations()
    assert len(found) == 3
    assert "color" in found[0]
    assert "colour" in found[1]
    assert "no such path" in found[2]


def test_real_github_is_unreachable(no_real_github: list[str]) -> None:
    with pytest.raises(RealGitHubAccessError):
        socket.getaddrinfo("api.github.com", 443)
    with pytest.raises(RealGitHubAccessError):
        socket.create_connection(("uploads.github.com", 443))
    assert no_real_github == ["api.github.com", "uploads.github.com"]
    no_real_github.clear()
