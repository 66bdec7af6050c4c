"""What the diff left alone on purpose, and why: one small typed note per case.

The diff (`plan.diff`) records these in `Plan.left_alone`; the plan's templates word them
(`templates/partials/plan-kinds.j2`, `note`), Japanese and English, and `roadmap plan
--json` gives each as an object: its `what` code and its fields. A note never holds a
stranger's text: a look-alike gives only its number, its author's login and the key it
imitates when that key is one of ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

What = Literal[
    "removed", "duplicate", "lookalike", "more-lookalikes", "field-type", "field-options", "field-iterations"
]


@dataclass(frozen=True)
class RemovedIssue:
    """Our open issue whose item is no longer in the roadmap: left open (see `--close-removed`)."""

    number: int
    title: str
    key: str
    what: ClassVar[What] = "removed"


@dataclass(frozen=True)
class DuplicateKey:
    """A second issue of ours with the same key (the younger one): ignored."""

    number: int
    title: str
    key: str
    what: ClassVar[What] = "duplicate"


@dataclass(frozen=True)
class IgnoredLookalike:
    """An issue carrying a roadmap marker that is not ours: ignored, never echoed.

    `key` is the key it imitates only when that key is one of ours ("" otherwise)."""

    number: int
    author: str
    key: str = ""
    what: ClassVar[What] = "lookalike"


@dataclass(frozen=True)
class MoreLookalikes:
    """How many more look-alikes were ignored than the plan names."""

    count: int
    what: ClassVar[What] = "more-lookalikes"


@dataclass(frozen=True)
class FieldTypeDiffers:
    """A board field of the roadmap's name but another type: not changed."""

    field: str
    type: str
    wanted: str
    what: ClassVar[What] = "field-type"


@dataclass(frozen=True)
class FieldLacksOptions:
    """A single-select board field without some of the roadmap's options: the learner adds them."""

    field: str
    options: tuple[str, ...]
    what: ClassVar[What] = "field-options"


@dataclass(frozen=True)
class ForeignIterations:
    """An iteration field with iterations the tool did not make: its weeks are not moved."""

    field: str
    what: ClassVar[What] = "field-iterations"


Note = (
    RemovedIssue
    | DuplicateKey
    | IgnoredLookalike
    | MoreLookalikes
    | FieldTypeDiffers
    | FieldLacksOptions
    | ForeignIterations
)
