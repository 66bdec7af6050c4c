"""`report-table`: the evaluation report compares a baseline and an improvement in numbers.

Any Markdown table counts, in either orientation: configurations as rows (a `baseline`
row and an `improved` row, metrics as columns) or as columns. A metric is a row or column
where both cells start with a number; at least one metric must differ, or nothing was
measured to have improved.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.report import Outcome

if TYPE_CHECKING:
    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import ReportTableCheck

Table = list[list[str]]
_SEPARATOR = re.compile(r"^:?-+:?$")
_NUMBER = re.compile(r"^[-+−]?\d[\d,]*(?:\.\d+)?|^[-+−]?\.\d+")


def tables(markdown: str) -> list[Table]:
    """Every pipe table in the text: header row first, separator row removed."""
    found: list[Table] = []
    block: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.strip().startswith("|"):
            block.append(line.strip())
            continue
        if len(block) >= 2:
            rows = [_cells(row) for row in block]
            if all(_SEPARATOR.match(c.replace(" ", "")) for c in rows[1] if c):
                found.append([rows[0], *rows[2:]])
        block = []
    return found


def _cells(row: str) -> list[str]:
    inner = row.strip().removeprefix("|").removesuffix("|")
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def number(cell: str) -> float | None:
    """The number a cell starts with (`0.78`, `78%`, `**0.81**`, `1,024`), or None."""
    text = cell.strip().strip("*_`~ ").replace("−", "-")
    match = _NUMBER.match(text)
    return float(match.group(0).replace(",", "")) if match else None


def compare(
    table: Table, baseline: tuple[str, ...], improved: tuple[str, ...]
) -> dict[str, tuple[float, float]]:
    """Metric name → (baseline, improved) for one table, in whichever orientation fits."""
    by_rows = _compare_rows(table, baseline, improved)
    if by_rows:
        return by_rows
    transposed = [list(col) for col in zip(*_square(table), strict=True)]
    return _compare_rows(transposed, baseline, improved)


def _square(table: Table) -> Table:
    width = max(len(row) for row in table)
    return [row + [""] * (width - len(row)) for row in table]


def _compare_rows(
    table: Table, baseline: tuple[str, ...], improved: tuple[str, ...]
) -> dict[str, tuple[float, float]]:
    base_row = improved_row = None
    for row in table[1:]:
        label = row[0].lower() if row else ""
        if base_row is None and any(p.lower() in label for p in baseline):
            base_row = row
        elif improved_row is None and any(p.lower() in label for p in improved):
            improved_row = row
    if base_row is None or improved_row is None:
        return {}
    metrics = {}
    for index, name in enumerate(table[0][1:], start=1):
        b = number(base_row[index]) if index < len(base_row) else None
        i = number(improved_row[index]) if index < len(improved_row) else None
        if b is not None and i is not None:
            metrics[name.strip("*_` ") or f"#{index}"] = (b, i)
    return metrics


def run(check: ReportTableCheck, ctx: CheckContext) -> Outcome:
    path = ctx.folder / check.path
    if not path.is_file():
        return Outcome.failed("report.missing", path=check.path)
    text = path.read_text(encoding="utf-8", errors="replace")
    best: dict[str, tuple[float, float]] = {}
    for table in tables(text):
        metrics = compare(table, check.baseline, check.improved)
        if len(metrics) > len(best):
            best = metrics
    if not best:
        return Outcome.failed(
            "report.no-table", path=check.path, baseline=list(check.baseline), improved=list(check.improved)
        )
    if len(best) < check.min_metrics:
        return Outcome.failed("report.too-few-metrics", count=len(best), minimum=check.min_metrics)
    if all(b == i for b, i in best.values()):
        return Outcome.failed("report.no-change", metrics=list(best))
    values = {}
    for name, (b, i) in best.items():
        values[f"{name} (baseline)"] = b
        values[f"{name} (improved)"] = i
    return Outcome.passed(metrics=values)
