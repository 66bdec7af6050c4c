"""The fake GitHub's model of GraphQL cost, node limit and the reads `roadmap cohort` makes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql import get_operation_ast, parse

from llm_roadmap.cohort.query import batch_document, batch_nodes
from testing.fake_github.graphql_api import load_schema
from testing.fake_github.graphql_cost import MAX_NODES, document_cost

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub

# The worked example of GitHub's docs ("Rate limits and query limits for the GraphQL API").
DOCS_EXAMPLE = """query {
  viewer {
    login
    repositories(first: 100) {
      edges { node { id
        issues(first: 50) { edges { node { id
          labels(first: 60) { edges { node { id name } } }
        } } }
      } }
    }
  }
}"""


def _cost(text: str, variables: dict[str, object] | None = None) -> tuple[int, int, int]:
    document = parse(text)
    operation = get_operation_ast(document)
    assert operation is not None
    cost = document_cost(load_schema(), document, operation, variables or {})
    return cost.requests, cost.nodes, cost.points


def test_the_docs_example_costs_51_points() -> None:
    assert _cost(DOCS_EXAMPLE) == (5101, 305_100, 51)


def test_a_cohort_batch_costs_what_the_module_says() -> None:
    requests, nodes, points = _cost(batch_document(50))
    assert (requests, nodes, points) == (50 * 43, batch_nodes(50), 22)
    assert nodes < MAX_NODES


def test_the_node_limit_refuses_before_running(fake_github: FakeGitHub) -> None:
    fake_github.add_user("mentor", token="t", scopes=None)
    too_many = "query { viewer { repositories(first: 100) { nodes { issues(first: 100) { nodes {"
    too_many += " labels(first: 100) { nodes { name } } } } } } } }"
    client = fake_github.client("t")
    _, body = client.requester.requestJsonAndCheck("POST", fake_github.graphql_url, input={"query": too_many})
    assert body == {
        "errors": [
            {
                "type": "MAX_NODE_LIMIT_EXCEEDED",
                "message": "This query requests up to 1,010,100 possible nodes which exceeds the maximum "
                "limit of 500,000.",
            }
        ]
    }


def test_rate_limit_reports_and_charges_the_cost(fake_github: FakeGitHub) -> None:
    fake_github.add_user("mentor", token="t", scopes=None)
    client = fake_github.client("t")
    query = "query { rateLimit { cost remaining } viewer { login } }"
    headers, body = client.requester.requestJsonAndCheck(
        "POST", fake_github.graphql_url, input={"query": query}
    )
    assert body["data"]["rateLimit"] == {"cost": 1, "remaining": 4999}
    assert headers["x-ratelimit-used"] == "1"


def test_search_lists_at_most_1000_repositories(fake_github: FakeGitHub) -> None:
    """GitHub's search answers at most 1,000 results; the count says how many matched."""
    from llm_roadmap.adapter.client import connect
    from llm_roadmap.adapter.cohort import read_search
    from llm_roadmap.adapter.rest import GitHubRepo
    from llm_roadmap.cohort.query import Spend
    from llm_roadmap.pacing import Pacing
    from testing.fake_github import seed

    fake_github.add_user("mentor", token="t", scopes=None)
    with fake_github.state.lock:
        for n in range(1001):
            repo = seed.repo(
                fake_github.state,
                f"learner{n:04d}/llm-year",
                private=False,
                is_template=False,
                push=True,
                default_branch="main",
                has_issues=True,
                description=None,
                default_labels=False,
                collaborators=None,
            )
            repo.topics.append("llm-roadmap")
    spend = Spend()
    client = connect(fake_github.api_url, "t", Pacing.off())
    github = GitHubRepo(client, "", graphql_url=fake_github.graphql_url)
    found = read_search(github, "topic:llm-roadmap", spend)
    assert (found.total, len(found.learners), spend.queries) == (1001, 1000, 10)
    assert found.learners[0].repo == "learner0000/llm-year"
