"""Names GitHub keeps for itself, in one place for validation and the board code.

A Projects (v2) board has built-in fields, and GitHub refuses a custom field that takes
one of their names: `createProjectV2Field` answers "Name cannot have a reserved value".
`Type` is the built-in field for issue types (the REST description lists a field with
`data_type: issue_type`); a roadmap that named a field `Type` never got its board
(lhpaul/ai-dev-framework-template#1191). GitHub compares names without regard to case.
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

_FOLDED = frozenset(name.casefold() for name in RESERVED_PROJECT_FIELD_NAMES)


def is_reserved_field_name(name: str) -> bool:
    """True when GitHub would refuse `name` for a custom board field (any case, outer spaces)."""
    return name.strip().casefold() in _FOLDED
