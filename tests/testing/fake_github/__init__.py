"""A fake GitHub server on loopback, for tests that use the real PyGithub client.

Tests never mock PyGithub or HTTP: the code under test talks HTTP to this server, which
behaves like api.github.com for the parts the project uses, and validates every request
against GitHub's published descriptions (vendored in ``tests/testing/schemas``):

* REST requests (path, query, JSON body) and the fake's own responses against
  ``@octokit/openapi`` (``api.github.com.trimmed.json``; regenerate or add operations with
  ``scripts/update-github-schemas``);
* GraphQL documents (``POST /graphql``) against ``@octokit/graphql-schema``
  (``schema.graphql``), executed by graphql-core.

Anything GitHub would reject, and anything the fake cannot answer faithfully, is appended
to ``gh.violations``; the ``fake_github`` pytest fixture fails the test if any remain.

Usage::

    from testing.fake_github import FakeGitHub

    with FakeGitHub() as gh:
        gh.add_user("octocat", token="t0ken", scopes=("repo", "project"))
        gh.add_repo("octocat/my-year")
        g = gh.client("t0ken")               # github.Github(base_url=gh.api_url, ...)
        g.get_repo("octocat/my-year").create_label("type: lecture", "0e8a16")
        assert [w.operation for w in gh.writes] == ["issues/create-label"]

GraphQL through PyGithub (2.10): the requester derives its GraphQL endpoint from
``base_url`` exactly like GitHub's ``GITHUB_GRAPHQL_URL`` relates to ``GITHUB_API_URL``:
``https://api.github.com`` -> ``https://api.github.com/graphql`` and, for GitHub Enterprise
Server, ``https://HOST/api/v3`` -> ``https://HOST/api/graphql`` (a trailing ``/v3`` is
dropped, then ``/graphql`` appended). With ``base_url=gh.api_url`` that is
``gh.graphql_url``. Two ways to send a document:

* ``g.requester.graphql_query(query, variables)`` -> ``(headers, body)``; raises
  ``GithubException(400)`` when the body has ``errors`` (``UnknownObjectException`` when the
  only error is ``NOT_FOUND``);
* ``g.requester.requestJsonAndCheck("POST", g.requester.graphql_url,
  input={"query": query, "variables": variables})`` -> ``(headers, body)`` without looking
  at ``errors`` (partial data, ``RATE_LIMITED``...). Both honour PyGithub's ``retry``.
  (``graphql_named_mutation`` and ``graphql_node`` exist too.)

Behaviour notes (deliberate, documented deviations or GitHub quirks):

* issue ids (``3_000_000_001``...) never equal issue numbers; ``sub_issue_id`` takes the id;
* milestone ``due_on`` is kept as a date, like GitHub: floored to midnight US Pacific
  time and answered in UTC (``T07:00:00Z`` in daylight time, ``T08:00:00Z`` otherwise), so
  ``2027-01-31T00:00:00Z`` comes back as ``2027-01-30T08:00:00Z``;
* custom board fields may not take the name of a built-in one, case-insensitively
  (``Name cannot have a reserved value``: Status, Type, Tracks...);
  ``gh.reserve_field_name`` adds one, as GitHub did with ``Type``;
* commit dates keep their offset in ``gh.state`` but REST answers in UTC like GitHub;
* new repositories get GitHub's nine default labels (``default_labels=False`` to skip);
* labels are listed in creation order; unknown label names on issue create/update are
  created (colour ``ededed``), as GitHub does;
* new projects get GitHub's default fields (Status: Todo / In Progress / Done) and a
  "View 1" table view; item ``fieldValues`` hold the Title and custom-field values only;
* error messages of a few project validations are approximations (marked in
  ``projects.py``).
"""

from __future__ import annotations

from .server import FakeGitHub, RecordedRequest
from .state import State

__all__ = ["FakeGitHub", "RecordedRequest", "State"]
