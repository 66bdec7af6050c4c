"""Secrets never reach a report, a job summary or a comment (issue #10).

Learner code may find a token where the jail cannot hide it (no namespaces on this
machine, a file, a process it was handed) and print it; whatever it printed ends up in a
check's `details`. So every value of a secret-looking variable of `roadmap check`'s own
environment is replaced in the report before anything renders or saves it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables.report import Report

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

MASK = "***"
# GITHUB_TOKEN, GH_TOKEN, OPENAI_API_KEY, AWS_SECRET_ACCESS_KEY, HF_TOKEN, *_PASSWORD...
_SECRET_NAME = re.compile(r"(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|PAT|CREDENTIALS?)(_|$)")
# Shorter values ("1", "true") would mask ordinary words all over the report.
_MIN_LENGTH = 8


def secret_names(environ: Mapping[str, str]) -> list[str]:
    """Names of the variables that look like tokens or API keys and hold a real value."""
    return sorted(
        name
        for name, value in environ.items()
        if _SECRET_NAME.search(name.upper()) and len(value.strip()) >= _MIN_LENGTH
    )


def secret_values(environ: Mapping[str, str]) -> frozenset[str]:
    return frozenset(environ[name].strip() for name in secret_names(environ))


def redact_text(text: str, values: Collection[str]) -> str:
    # Longest first, so a secret that contains another is masked whole.
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, MASK)
    return text


def redact(report: Report, values: Collection[str]) -> Report:
    """`report` with every occurrence of each value masked, in every string it holds."""
    if not values:
        return report
    return Report.model_validate(_walk(report.model_dump(mode="json"), values))


def _walk(node: Any, values: Collection[str]) -> Any:
    if isinstance(node, str):
        return redact_text(node, values)
    if isinstance(node, list):
        return [_walk(item, values) for item in node]
    if isinstance(node, dict):
        return {_walk(key, values): _walk(item, values) for key, item in node.items()}
    return node
