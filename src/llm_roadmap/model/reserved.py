"""Names GitHub keeps for itself on a Projects (v2) board.

Creating a custom field with one of these names fails with "Name cannot have a reserved
value" (GitHub compares them without regard to case); `Type` is the issue-type field.
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
