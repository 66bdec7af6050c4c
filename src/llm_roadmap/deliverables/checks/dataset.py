"""`dataset`: a JSON Lines training set the learner built (Phase 3, own data)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import DatasetCheck

_SHOWN = 5


def run(check: DatasetCheck, ctx: CheckContext) -> Outcome:
    path = ctx.folder / check.path
    if not path.is_file():
        return Outcome.failed("dataset.missing", path=check.path)
    findings: list[Finding] = []
    rows = 0
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        rows += 1
        findings += _row(line, number, check)
    findings = findings[:_SHOWN]
    if not findings and rows < check.min_rows:
        findings.append(Finding(code="dataset.too-few", params={"count": rows, "minimum": check.min_rows}))
    outcome = Outcome.from_findings(findings)
    outcome.metrics = {"rows": float(rows)}
    return outcome


def _row(line: str, number: int, check: DatasetCheck) -> list[Finding]:
    where = {"path": check.path, "line": number}
    try:
        row = json.loads(line)
    except ValueError as exc:
        return [Finding(code="dataset.bad-row", params={**where, "error": str(exc)})]
    if not isinstance(row, dict):
        return [Finding(code="dataset.bad-row", params={**where, "error": "not a JSON object"})]
    missing = [f for f in check.fields if not (isinstance(row.get(f), str) and row[f].strip())]
    if missing:
        found = sorted(str(key) for key in row)
        return [Finding(code="dataset.missing-field", params={**where, "fields": missing, "found": found})]
    return []
