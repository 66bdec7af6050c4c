"""GitHub Actions expressions (`${{ }}`), evaluated as the runner does, for job-level `if:` tests.

One model of GitHub's documented semantics ("Evaluate expressions in workflows and
actions") serves every workflow test: the evaluator in `testing.actions` (literals,
property access and the object filter, `!`, comparisons, `&&`/`||` returning an operand,
contains, startsWith, endsWith, fromJSON, toJSON, format, and the status functions).
Anything else raises, so a workflow using syntax the model lacks fails its test instead
of passing. This module is the plain front for tests that need only a value.
"""

from __future__ import annotations

import re
from typing import Any

from testing import actions

ExpressionError = actions.Unevaluable
truthy = actions.truthy


def evaluate(text: str, contexts: dict[str, Any]) -> Any:
    """The value of `text` (with or without the `${{ }}` wrapper) under `contexts`."""
    value, _ = actions.evaluate(text, contexts)
    return value


def interpolate(text: str, contexts: dict[str, Any]) -> str:
    """A string with `${{ }}` inside (an `env:` value, a concurrency group), as the runner
    writes it: each expression's value as a string."""
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: actions.as_string(evaluate(m.group(1), contexts)), text)
