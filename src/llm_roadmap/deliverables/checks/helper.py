"""Run a short Python snippet with the learner's interpreter and read its JSON answer.

Parsing Python and importing the learner's Pydantic model happen in the learner's own
interpreter: it may be a newer Python than the tool's, and their packages live there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables import sandbox

if TYPE_CHECKING:
    from llm_roadmap.deliverables.checks.context import CheckContext


class HelperFailed(Exception):
    """The interpreter could not run the snippet; the message says why."""


def run_helper(ctx: CheckContext, code: str, payload: Any, timeout: float) -> Any:
    done = sandbox.run(
        [ctx.python, "-c", code],
        cwd=ctx.folder,
        env=ctx.env_with(),
        timeout=timeout,
        stdin=json.dumps(payload),
    )
    if done.timed_out:
        raise HelperFailed(f"{ctx.python} did not answer within {timeout:.0f} s")
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise HelperFailed("\n".join(sandbox.tail(done.output, lines=8)) or f"{ctx.python} failed")
    try:
        return json.loads(lines[-1])
    except ValueError as exc:
        raise HelperFailed(f"unexpected helper output: {lines[-1][:200]}") from exc
