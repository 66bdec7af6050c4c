"""The whole roadmap once loaded: the guide and the phases, with lookups by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from llm_roadmap.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from llm_roadmap.model.schema import Deliverable, GitHubSetup, Guide, Period, Phase, Skill


GUIDE_ORIGIN = "#guide"  # not an id: where the guide's title is


@dataclass(frozen=True)
class Origin:
    """Where an item is written: problems found after loading (a rendered title too long
    for GitHub) point there."""

    path: Path
    line: int
    column: int

    def problem(self, message: str, hint: str) -> Problem:
        return Problem(self.path, self.line, self.column, message, hint)


@dataclass(frozen=True)
class Roadmap:
    guide: Guide
    github: GitHubSetup
    phases: tuple[Phase, ...] = field(default=())
    # The `title` of each item with an id (a phase, a skill, a deliverable), and GUIDE_ORIGIN.
    origins: Mapping[str, Origin] = field(default_factory=dict, compare=False, repr=False)

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def skills(self) -> Iterator[tuple[Phase, Period, Skill]]:
        for phase in self.phases:
            for period in phase.periods:
                for skill in period.skills:
                    yield phase, period, skill

    def deliverables(self) -> Iterator[tuple[Phase, Deliverable]]:
        for phase in self.phases:
            for deliverable in phase.deliverables:
                yield phase, deliverable

    @cached_property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(skill.id for _, _, skill in self.skills())

    @cached_property
    def phase_ids(self) -> frozenset[str]:
        return frozenset(phase.id for phase in self.phases)
