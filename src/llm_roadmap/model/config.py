"""The learner's settings: roadmap/config.yaml."""

from __future__ import annotations

import datetime as dt
import difflib
import zoneinfo
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, Field, StrictFloat, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from llm_roadmap.model.limits import is_repo_name
from llm_roadmap.model.schema import Frozen, Id, Language

_ZONE_EXAMPLE = "use an IANA name such as Asia/Tokyo or America/New_York"
# The schedule must fit the calendar (a start in 9999 overflows it) and a real year.
FIRST_START = dt.date(2000, 1, 1)
LAST_START = dt.date(2100, 12, 31)


def _repo_name(value: str) -> str:
    if not is_repo_name(value):
        raise PydanticCustomError("invalid_repo", "not a GitHub repository owner/name")
    return value


RepoName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$"), AfterValidator(_repo_name)
]


class Config(Frozen):
    """What the learner sets: when they start, where they live, what they skip."""

    start_date: dt.date
    timezone: str = "Asia/Tokyo"
    language: Language = "ja"
    weekly_hours: dict[Id, Annotated[StrictFloat, Field(ge=0, le=112)]] = Field(default_factory=dict)
    skip: tuple[Id, ...] = ()
    repo: RepoName | None = None
    # The template this copy came from, for `roadmap upgrade` (docs/upgrade.md); by default
    # GitHub's `template_repository` of the repository.
    template: RepoName | None = None
    # Whole days in a row without a commit before the reminder issue opens (docs/bots.md).
    reminder_after_days: Annotated[int, Field(strict=True, gt=0, le=30)] = 2

    @field_validator("start_date", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        # Pydantic would read a number as seconds since 1970 and a datetime at midnight
        # as its date; both are typos for a calendar date here.
        if isinstance(value, dt.datetime):
            raise PydanticCustomError("date_not_datetime", "a date without a time is expected")
        if isinstance(value, int | float):
            raise PydanticCustomError("date_not_number", "a date is expected, not a number")
        return value

    @field_validator("start_date")
    @classmethod
    def _in_range(cls, value: dt.date) -> dt.date:
        if not FIRST_START <= value <= LAST_START:
            raise PydanticCustomError(
                "date_out_of_range", "the start date must lie between 2000-01-01 and 2100-12-31"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in _zones():
            close = difflib.get_close_matches(value, sorted(_zones()), n=1)
            raise PydanticCustomError(
                "unknown_timezone",
                "not a known IANA time zone",
                {"suggestion": f"did you mean {close[0]!r}?" if close else _ZONE_EXAMPLE},
            )
        return value

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
