"""Shard files: one matrix job's rows, combined by `roadmap cohort merge`.

A cohort larger than one run can serve is split across a GitHub Actions matrix
(`--shard i/n --save shard-i.json`, uploaded as artifacts); sharding shortens wall time,
but every job spends the same token's points, so it never stretches one token's budget.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Literal

import pydantic

from llm_roadmap.cohort.progress import LearnerRow  # noqa: TC001 - pydantic reads it at runtime
from llm_roadmap.cohort.query import Spend
from llm_roadmap.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from pathlib import Path

VERSION = 1
_HINT = "use the file `roadmap cohort --shard i/n --save FILE` wrote, unchanged"


class ShardFile(pydantic.BaseModel):
    """The JSON document of one shard."""

    model_config = pydantic.ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    shard: str
    rows: list[LearnerRow]
    spend: Spend


def dump(shard: str, rows: list[LearnerRow], spend: Spend) -> str:
    document = {"version": VERSION, "shard": shard, "rows": [asdict(r) for r in rows], "spend": asdict(spend)}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load(path: Path) -> ShardFile:
    """One shard file; `InvalidInput` at its line and column when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise InvalidInput([Problem(path, 1, 1, f"cannot read the file: {exc.strerror}", _HINT)]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        raise InvalidInput([Problem(path, line, column, "not a JSON document", _HINT)]) from None
    try:
        return ShardFile.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = [
            Problem(path, 1, 1, f"{'.'.join(map(str, e['loc'])) or 'document'}: {e['msg']}", _HINT)
            for e in exc.errors()
        ]
        raise InvalidInput(problems) from None


def merge(files: list[ShardFile]) -> tuple[list[LearnerRow], Spend]:
    """All shards' rows (a repository listed twice keeps its first row) and their total cost."""
    rows: dict[str, LearnerRow] = {}
    total = Spend()
    for shard in files:
        for row in shard.rows:
            rows.setdefault(row.repo.casefold(), row)
        total.queries += shard.spend.queries
        total.points += shard.spend.points
        total.seconds += shard.spend.seconds
        total.limit = shard.spend.limit or total.limit
        if shard.spend.remaining is not None:
            total.remaining = min(shard.spend.remaining, total.remaining or shard.spend.remaining)
        total.reset_at = shard.spend.reset_at or total.reset_at
    return list(rows.values()), total
