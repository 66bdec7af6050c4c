"""Checks on roadmap/github.yaml that GitHub would otherwise make halfway through a bootstrap.

Each returns `path:line:col` problems; none needs the network. Label and field names are
compared as GitHub compares them: without regard to case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args

from llm_roadmap.model.reserved import RESERVED_PROJECT_FIELD_NAMES
from llm_roadmap.model.schema import Kind

if TYPE_CHECKING:
    from llm_roadmap.errors import Problem
    from llm_roadmap.model.schema import GitHubSetup
    from llm_roadmap.model.yamlsource import Loc, Located

# The label the bots and `roadmap check --publish` look for (bots/daily.py, deliverables/publish.py).
OWNERSHIP_LABEL = "roadmap"
# Built-in fields a view can be grouped by, besides the board's own fields.
_GROUPABLE_BUILT_INS = frozenset({"Status", "Assignees", "Milestone", "Repository", "Type", "Parent issue"})
_COLUMN_TYPES = frozenset({"single_select", "iteration"})
_RESERVED = {name.casefold(): name for name in RESERVED_PROJECT_FIELD_NAMES}


def github_problems(src: Located, setup: GitHubSetup) -> list[Problem]:
    """Every problem of roadmap/github.yaml that its schema alone cannot see."""
    return [
        *_duplicates(
            src, [(("labels", i, "name"), label.name) for i, label in enumerate(setup.labels)], "label"
        ),
        *_importances(src, setup),
        *_kinds(src, setup),
        *_ownership(src, setup),
        *_duplicates(
            src, [(("board", "fields", i, "name"), f.name) for i, f in enumerate(setup.board.fields)], "field"
        ),
        *_reserved(src, setup),
        *_group_by(src, setup),
    ]


def _duplicates(src: Located, names: list[tuple[Loc, str]], what: str) -> list[Problem]:
    seen: dict[str, Loc] = {}
    problems = []
    for loc, name in names:
        first = seen.setdefault(name.casefold(), loc)
        if first != loc:
            line = src.position(first).line
            problems.append(
                src.problem(
                    loc,
                    f"{what} name {name!r} is used twice (also at line {line})",
                    f"GitHub compares {what} names without regard to case; rename or remove one",
                )
            )
    return problems


def _importances(src: Located, setup: GitHubSetup) -> list[Problem]:
    seen: dict[int, int] = {}
    problems = []
    for i, label in enumerate(setup.labels):
        if label.importance is None:
            continue
        first = seen.setdefault(label.importance, i)
        if first != i:
            line = src.position(("labels", first, "importance")).line
            problems.append(
                src.problem(
                    ("labels", i, "importance"),
                    f"two labels for importance {label.importance} (also at line {line})",
                    "give each importance 1-5 one label",
                )
            )
    return problems


def _kinds(src: Located, setup: GitHubSetup) -> list[Problem]:
    return [
        src.problem(
            ("kinds",),
            f"no name for the kind {kind!r}",
            f"add '{kind}: {{ja: ..., en: ...}}' under kinds; the board and issues show it",
            prefer_key=True,
        )
        for kind in get_args(Kind)
        if kind not in setup.kinds
    ]


def _ownership(src: Located, setup: GitHubSetup) -> list[Problem]:
    owners = [i for i, label in enumerate(setup.labels) if label.every_item]
    if not owners:
        return [
            src.problem(
                ("labels",),
                "no label has 'every_item: true'",
                f"mark the label {OWNERSHIP_LABEL!r} with 'every_item: true': the bots find their"
                " issues by it",
                prefer_key=True,
            )
        ]
    return [
        src.problem(
            ("labels", i, "every_item"),
            f"'every_item: true' on the label {setup.labels[i].name!r}",
            f"only the label {OWNERSHIP_LABEL!r} carries 'every_item: true': the bots and"
            " `roadmap check --publish` find their issues by it",
        )
        for i in owners
        if setup.labels[i].name != OWNERSHIP_LABEL or i != owners[0]
    ]


def _reserved(src: Located, setup: GitHubSetup) -> list[Problem]:
    return [
        src.problem(
            ("board", "fields", i, "name"),
            f"{field.name!r} is a name GitHub keeps for a built-in field",
            "rename the field (GitHub refuses it with 'Name cannot have a reserved value'); for the"
            " kind of item use Kind",
        )
        for i, field in enumerate(setup.board.fields)
        if field.name.casefold() in _RESERVED
    ]


def _group_by(src: Located, setup: GitHubSetup) -> list[Problem]:
    fields = {f.name: f.type for f in setup.board.fields}
    problems = []
    for i, view in enumerate(setup.board.views):
        name = view.group_by
        if name is None:
            continue
        loc = ("board", "views", i, "group_by")
        if name not in fields and name not in _GROUPABLE_BUILT_INS:
            known = ", ".join([*fields, *sorted(_GROUPABLE_BUILT_INS)])
            problems.append(src.problem(loc, f"group_by names no field: {name!r}", f"use one of {known}"))
        elif view.layout == "board" and name != "Status" and fields.get(name) not in _COLUMN_TYPES:
            problems.append(
                src.problem(
                    loc,
                    f"a board's columns cannot come from {name!r}",
                    "group a board by Status or by a single_select or iteration field",
                )
            )
    return problems
