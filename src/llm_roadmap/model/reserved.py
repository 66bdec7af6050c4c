"""Names GitHub keeps for itself on a Projects (v2) board, in one place for validation,
the board code and the tests' fake server.

Creating a custom field with one of these names fails with "Name cannot have a reserved
value" (GitHub compares them without regard to case). `Type` is the built-in field for
issue types (the REST description lists a field with `data_type: issue_type`); a roadmap
that named a field `Type` never got its board (lhpaul/ai-dev-framework-template#1191).
"""

from __future__ import annotations

RESERVED_PROJECT_FIELD_NAMES: frozenset[str] = frozenset(
    {
        "Title",
        "Assignees",
        "Status",
        "Labels",
        "Linked pull requests",
        "Milestone",
        "Repository",
        "Reviewers",
        "Type",
        "Parent issue",
        "Sub-issues progress",
        "Tracks",
        "Tracked by",
    }
)
