"""The model of GitHub Actions expressions (testing.expressions, a front to the evaluator in
testing.actions) against GitHub's documented examples. An earlier, separate model was compared
once with GitHub's own evaluator, the npm package @actions/expressions 0.3.61, on 115
expressions (stuck.yml's job `if:` over 96 payloads and the cases below): no difference; the
one model now shared by every workflow test passes the same cases."""

from __future__ import annotations

from typing import Any

import pytest

from testing.expressions import ExpressionError, evaluate, interpolate, truthy

CONTEXTS: dict[str, Any] = {
    "github": {
        "event_name": "issues",
        "event": {
            "issue": {"labels": [{"name": "bug"}, {"name": "Stuck"}], "author_association": "OWNER"},
            "repository": {"is_template": False},
        },
    },
    "inputs": {"now": ""},
    "vars": {"ROADMAP_NOW": "2027-01-18T21:00:00+09:00"},
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("${{ inputs.now || vars.ROADMAP_NOW }}", "2027-01-18T21:00:00+09:00"),
        ("github.event.issue.labels.*.name", ["bug", "Stuck"]),
        ("contains(github.event.issue.labels.*.name, 'stuck')", True),  # case-insensitive
        ("contains('Hello world', 'LLO')", True),
        ('contains(fromJSON(\'["OWNER","MEMBER"]\'), github.event.issue.author_association)', True),
        ("!github.event.repository.is_template && github.event_name == 'ISSUES'", True),
        ("github.event.missing.deeper", None),
        ("'it''s'", "it's"),
        ("1 && 'x'", "x"),
        ("0 || ''", ""),
        ("null == 0", True),
        ("'' == 0", True),
        ("3 > '2'", True),
        ("'0x10' == 16", True),
        ("format('{0}-{1}', 'a', 2)", "a-2"),
        ("fromJSON('[1,2]')[1]", 2.0),
        ("startsWith('Hello', 'he') && endsWith('Hello', 'LO')", True),
    ],
)
def test_documented_semantics(expression: str, expected: Any) -> None:
    assert evaluate(expression, CONTEXTS) == expected


def test_interpolation_writes_each_value_as_text() -> None:
    text = "now=${{ inputs.now || vars.ROADMAP_NOW }};${{ github.event.nothing }}."
    assert interpolate(text, CONTEXTS) == "now=2027-01-18T21:00:00+09:00;."
    assert interpolate("${{ 12 }}-${{ true }}", CONTEXTS) == "12-true"


@pytest.mark.parametrize(
    ("value", "expected"), [(None, False), (0.0, False), ("", False), ("0", True), ([], True)]
)
def test_truthiness(value: Any, expected: bool) -> None:
    assert truthy(value) is expected


@pytest.mark.parametrize("expression", ["hashFiles('x')", "secrets.TOKEN", "1 +", "a b"])
def test_what_the_model_lacks_fails_loudly(expression: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(expression, CONTEXTS)
