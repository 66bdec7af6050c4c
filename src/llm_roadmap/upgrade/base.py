"""The merge base: the template commit this copy was last brought up to.

Recorded in `roadmap/upgrade.yaml` by each upgrade (the file travels on the upgrade pull
request, so it is true once that is merged). Before the first upgrade there is no record:
GitHub makes a copy's first commit from the template's tree at that moment, so the base is
the template commit whose tree equals the copy's root commit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import StringConstraints

from llm_roadmap.errors import InvalidInput, UsageError
from llm_roadmap.model.schema import Frozen
from llm_roadmap.model.validation import validate
from llm_roadmap.model.yamlsource import YamlProblems, read_yaml
from llm_roadmap.upgrade.owned import RECORD_FILE

if TYPE_CHECKING:
    from llm_roadmap.upgrade.git import Git

Sha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")]
_SHA = re.compile(r"^[0-9a-fA-F]{4,40}$")
BASE_HINT = (
    "find the template commit your copy was made from (the template's history on GitHub, on"
    " the day you pressed 'Use this template') and run `roadmap upgrade --base <sha>`"
)


class Record(Frozen):
    """roadmap/upgrade.yaml: the template commit the copy was last upgraded to."""

    template_commit: Sha


def read_record(root: Path) -> str | None:
    path = root / RECORD_FILE
    if not path.is_file():
        return None
    try:
        return validate(read_yaml(path, Path(RECORD_FILE)), Record).template_commit
    except YamlProblems as exc:
        raise InvalidInput(exc.problems) from None


def render_record(commit: str) -> str:
    return (
        "# Written by `roadmap upgrade` (docs/upgrade.md): the template commit this copy was last\n"
        "# brought up to, the base of the next three-way merge. Do not edit by hand.\n"
        "# `roadmap upgrade` が書くファイルです。次の三方向マージの基準となるテンプレートのコミット。\n"
        f"template_commit: {commit}\n"
    )


def find_base(git: Git, *, option: str | None, recorded: str | None, head: str, template: str) -> str:
    """--base, else the record, else the template commit whose tree is the copy's root tree."""
    if option is not None:
        return _checked_option(git, option, template)
    if recorded is not None:
        if git.rev(recorded) is None or not git.is_ancestor(recorded, template):
            raise UsageError(
                f"{RECORD_FILE} names template commit {recorded[:12]}, which is not in the template's"
                f" history\n  hint: {BASE_HINT}"
            )
        return recorded
    roots = {git.tree_id(c) for c in git.root_commits(head)}
    for commit, tree in git.commits_with_trees(template):
        if tree in roots:
            return commit
    raise UsageError(
        "no template commit has the same files as your copy's first commit, so the base of the"
        f" merge is unknown\n  hint: {BASE_HINT}"
    )


def _checked_option(git: Git, option: str, template: str) -> str:
    commit = git.rev(option) if _SHA.match(option) else None
    if commit is None or not git.is_ancestor(commit, template):
        raise UsageError(
            f"--base {option}: not a commit of the template's history\n"
            "  hint: give the full or abbreviated id of a template commit (git log of the template)"
        )
    return commit
