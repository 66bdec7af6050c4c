"""The learner's settings: roadmap/config.yaml."""

from __future__ import annotations

import datetime as dt
import difflib
import zoneinfo
from functools import cache
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from llm_roadmap.model.schema import Frozen, Id, Language

RepoName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")]


class Config(Frozen):
    """What the learner sets: when they start, where they live, what they skip."""

    start_date: dt.date
    timezone: str = "Asia/Tokyo"
    language: Language = "ja"
    weekly_hours: dict[Id, Annotated[float, Field(ge=0, le=112)]] = Field(default_factory=dict)
    skip: tuple[Id, ...] = ()
    repo: RepoName | None = None

    @field_validator("start_date", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            raise ValueError("start_date is a date, not a date and time; write YYYY-MM-DD")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in _zones():
            close = difflib.get_close_matches(value, sorted(_zones()), n=1)
            suggestion = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown IANA time zone {value!r}{suggestion}")
        return value

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
