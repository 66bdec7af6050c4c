"""The learner's settings: roadmap/config.yaml."""

from __future__ import annotations

import datetime as dt
import difflib
import zoneinfo
from functools import cache
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from llm_roadmap.model.schema import Frozen, Id, Language

_ZONE_EXAMPLE = "use an IANA name such as Asia/Tokyo or America/New_York"
RepoName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")]


class Config(Frozen):
    """What the learner sets: when they start, where they live, what they skip."""

    start_date: dt.date
    timezone: str = "Asia/Tokyo"
    language: Language = "ja"
    weekly_hours: dict[Id, Annotated[float, Field(ge=0, le=112)]] = Field(default_factory=dict)
    skip: tuple[Id, ...] = ()
    repo: RepoName | None = None
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
