"""The one-write issue creation's pure parts: the input document and the path's wording."""

from __future__ import annotations

import pytest

from llm_roadmap.adapter import issues


@pytest.mark.parametrize(
    ("milestone", "parent", "extra"),
    [
        (None, None, {}),
        ("MI_1", None, {"milestoneId": "MI_1"}),
        (None, "I_9", {"parentIssueId": "I_9"}),
        ("MI_1", "I_9", {"milestoneId": "MI_1", "parentIssueId": "I_9"}),
    ],
)
def test_create_input_leaves_out_what_is_absent(
    milestone: str | None, parent: str | None, extra: dict[str, str]
) -> None:
    made = issues.create_input("R_1", "t", "b", ["LA_1"], milestone, parent)
    assert made == {"repositoryId": "R_1", "title": "t", "body": "b", "labelIds": ["LA_1"], **extra}
    assert "projectIds" not in made  # classic projects only: the board is joined apart


def test_parse_created_takes_the_big_id() -> None:
    data = {"createIssue": {"issue": {"id": "I_x", "fullDatabaseId": "3000000001", "number": 4, "url": "u"}}}
    assert issues.parse_created(data) == (4, 3_000_000_001, "I_x", "u")


def test_the_path_says_what_the_server_lacks() -> None:
    assert "one GraphQL createIssue each" in issues.IssuePath(graphql=True).describe()
    old = issues.IssuePath(graphql=False, missing=frozenset({"parentIssueId"})).describe()
    assert "REST" in old
    assert "lacks parentIssueId" in old
