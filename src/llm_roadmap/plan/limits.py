"""GitHub's limits on what bootstrap writes, checked on the desired state before any write.

A title or body that GitHub refuses would stop a bootstrap halfway; `validate` and the dry
run render everything, so they find it first and point at the item in the roadmap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from llm_roadmap.model.limits import BODY_MAX, TITLE_MAX
from llm_roadmap.model.roadmap import GUIDE_ORIGIN, Origin
from llm_roadmap.plan.diff import compose_body

if TYPE_CHECKING:
    from llm_roadmap.errors import Problem
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.plan.desired import Desired, DesiredIssue

_NOWHERE = Origin(Path("roadmap"), 1, 1)


def limit_problems(desired: Desired, roadmap: Roadmap) -> list[Problem]:
    """A problem for each issue whose title or full body is longer than GitHub accepts."""
    problems = []
    for issue in desired.issues:
        origin = _origin(roadmap, issue)
        if len(issue.title) > TITLE_MAX:
            problems.append(
                origin.problem(
                    f"the title of issue {issue.key!r} would be {len(issue.title):,} characters long;"
                    f" GitHub allows at most {TITLE_MAX}",
                    "shorten this title (templates/issue-title.txt.j2 adds the rest of it)",
                )
            )
        length = len(compose_body(desired, issue))
        if length > BODY_MAX:
            problems.append(
                origin.problem(
                    f"the body of issue {issue.key!r} would be {length:,} characters long;"
                    f" GitHub allows at most {BODY_MAX:,}",
                    f"shorten the text of this item (templates/issues/{issue.kind}.md.j2 renders it)",
                )
            )
    return problems


def _origin(roadmap: Roadmap, issue: DesiredIssue) -> Origin:
    key = issue.phase if issue.kind == "epic" else issue.key
    if issue.kind == "dashboard":
        key = GUIDE_ORIGIN
    return roadmap.origins.get(key or "", _NOWHERE)
