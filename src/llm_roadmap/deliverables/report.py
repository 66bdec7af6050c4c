"""The outcome of `roadmap check`: per deliverable, per check, what passed and what did not.

Findings carry a message code and its parameters, never rendered text, so one report can
be shown in Japanese or English, saved as JSON, and rendered again later (the publishing
job of the Artifacts workflow reads the report that the checking job saved).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from llm_roadmap.errors import EXIT_FAILURE, EXIT_OK
from llm_roadmap.model.schema import Text  # noqa: TC001 - pydantic needs it at runtime

REPORT_VERSION = 1


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


class DeliverableStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_STARTED = "not-started"
    SKIPPED = "skipped"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Model):
    """One thing a check found wrong (or the reason it was skipped), as a message code."""

    code: str
    params: dict[str, Any] = Field(default_factory=dict)


class CheckResult(_Model):
    id: str
    kind: str
    title: Text | None = Field(default=None, description="None for the install step")
    status: Status
    findings: tuple[Finding, ...] = ()
    details: tuple[str, ...] = Field(default=(), description="raw tool output, not translated")
    metrics: dict[str, float] = Field(default_factory=dict)
    hint: Text | None = Field(default=None, description="the contract's own hint for this check")
    seconds: Annotated[float, Field(ge=0)] = 0.0


class DeliverableReport(_Model):
    deliverable: str
    folder: str
    title: Text | None = None
    started: bool = True
    results: tuple[CheckResult, ...] = ()

    @property
    def status(self) -> DeliverableStatus:
        if not self.started:
            return DeliverableStatus.NOT_STARTED
        if any(r.status is Status.FAILED for r in self.results):
            return DeliverableStatus.FAILED
        if any(r.status is Status.PASSED for r in self.results):
            return DeliverableStatus.PASSED
        return DeliverableStatus.SKIPPED

    @property
    def metrics(self) -> dict[str, float]:
        merged: dict[str, float] = {}
        for result in self.results:
            merged.update(result.metrics)
        return merged


class Report(_Model):
    version: int = REPORT_VERSION
    mode: str = Field(default="cpu", description="cpu, or gpu when training ran for real")
    deliverables: tuple[DeliverableReport, ...] = ()

    @property
    def exit_code(self) -> int:
        failed = any(d.status is DeliverableStatus.FAILED for d in self.deliverables)
        return EXIT_FAILURE if failed else EXIT_OK


@dataclass
class Outcome:
    """What a check runner returns; the runner adds the id, title and timing."""

    status: Status
    findings: list[Finding] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)

    @classmethod
    def passed(cls, *, details: list[str] | None = None, metrics: dict[str, float] | None = None) -> Outcome:
        return cls(Status.PASSED, details=details or [], metrics=metrics or {})

    @classmethod
    def failed(cls, code: str, details: list[str] | None = None, /, **params: Any) -> Outcome:
        return cls(Status.FAILED, [Finding(code=code, params=params)], details or [])

    @classmethod
    def skipped(cls, code: str, /, **params: Any) -> Outcome:
        return cls(Status.SKIPPED, [Finding(code=code, params=params)])

    @classmethod
    def from_findings(cls, findings: list[Finding], details: list[str] | None = None) -> Outcome:
        """Failed if there is any finding, passed otherwise."""
        status = Status.FAILED if findings else Status.PASSED
        return cls(status, findings, details or [])


def load_report(text: str) -> Report:
    """A report saved by `roadmap check --save` or printed by `--json`.

    `--json` adds rendered text (`message`, `hint`) and computed fields (`status`,
    `exit_code`); they are dropped here and computed again from the data.
    """
    data = json.loads(text)
    for deliverable in _dicts(data, "deliverables"):
        deliverable.pop("status", None)
        for result in _dicts(deliverable, "results"):
            for finding in _dicts(result, "findings"):
                finding.pop("message", None)
                finding.pop("hint", None)
    if isinstance(data, dict):
        data.pop("exit_code", None)
    return Report.model_validate(data)


def _dicts(data: Any, key: str) -> list[dict[str, Any]]:
    """The objects under `key`, if `data` has that shape; validation reports the rest."""
    items = data.get(key) if isinstance(data, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
