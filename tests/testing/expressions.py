"""GitHub Actions expressions (`${{ }}`), evaluated as the runner does, for job-level `if:` tests.

A model of GitHub's documented semantics ("Evaluate expressions in workflows and
actions"), not of our workflows: literals (`'it''s'`, numbers, true/false/null), property
access (`a.b`, `a['b']`, the object filter `a.*.b`), `!`, comparisons (strings compared
case-insensitively, other types coerced to numbers), `&&`/`||` returning an operand, and
the functions contains, startsWith, endsWith, fromJSON, toJSON, format. Anything else
raises, so a workflow using syntax this model lacks fails its test instead of passing.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))|(?P<str>'(?:[^']|'')*')"
    r"|(?P<op>&&|\|\||==|!=|<=|>=|[!<>()\[\].,*])|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))"
)


class ExpressionError(ValueError):
    """Syntax or a function this model does not know."""


def evaluate(text: str, contexts: dict[str, Any]) -> Any:
    """The value of `text` (with or without the `${{ }}` wrapper) under `contexts`."""
    inner = text.strip()
    if inner.startswith("${{") and inner.endswith("}}"):
        inner = inner[3:-2]
    parser = _Parser(_tokens(inner), contexts)
    value = parser.expression()
    if parser.peek() is not None:
        raise ExpressionError(f"unexpected {parser.peek()!r}")
    return value


def interpolate(text: str, contexts: dict[str, Any]) -> str:
    """A string with `${{ }}` inside (an `env:` value, a concurrency group), as the runner
    writes it: each expression's value as a string."""
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: _text(evaluate(m.group(1), contexts)), text)


def truthy(value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return value not in (None, False, 0, "")


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ExpressionError(f"cannot read {text[pos:]!r}")
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            return float(int(text, 16)) if text.lower().startswith("0x") else float(text)
        except ValueError:
            return math.nan
    return math.nan  # arrays and objects


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if type(left) is type(right) and isinstance(left, dict | list):
        return left is right
    return _number(left) == _number(right)


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if isinstance(left, str) and isinstance(right, str):
        a, b = left.casefold(), right.casefold()
    else:
        a, b = _number(left), _number(right)  # type: ignore[assignment]
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _contains(search: Any, item: Any) -> bool:
    if isinstance(search, list):
        return any(_equal(element, item) for element in search)
    return _text(item).casefold() in _text(search).casefold()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return "Object" if isinstance(value, dict) else "Array"
    return str(value)


def _format(template: Any, *args: Any) -> str:
    return re.sub(r"\{(\d+)\}", lambda m: _text(args[int(m.group(1))]), _text(template))


FUNCTIONS = {
    "contains": _contains,
    "startswith": lambda a, b: _text(a).casefold().startswith(_text(b).casefold()),
    "endswith": lambda a, b: _text(a).casefold().endswith(_text(b).casefold()),
    "fromjson": lambda a: json.loads(_text(a)),
    "tojson": lambda a: json.dumps(a, indent=2),
    "format": _format,
}


@dataclass
class _Filtered:
    """The result of `.*`: a list whose next property access maps over its elements."""

    items: list[Any]


@dataclass
class _Parser:
    tokens: list[tuple[str, str]]
    contexts: dict[str, Any]
    pos: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise ExpressionError("unexpected end")
        token = self.tokens[self.pos]
        if expected is not None and token[1] != expected:
            raise ExpressionError(f"expected {expected!r}, found {token[1]!r}")
        self.pos += 1
        return token

    def expression(self) -> Any:
        left = self.conjunction()
        while self.peek() == "||":
            self.take()
            right = self.conjunction()
            left = left if truthy(left) else right
        return left

    def conjunction(self) -> Any:
        left = self.comparison()
        while self.peek() == "&&":
            self.take()
            right = self.comparison()
            left = right if truthy(left) else left
        return left

    def comparison(self) -> Any:
        left = self.unary()
        while self.peek() in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            left = _compare(op, left, self.unary())
        return left

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.postfix(self.primary())

    def primary(self) -> Any:
        kind, text = self.take()
        if text == "(":
            value = self.expression()
            self.take(")")
            return value
        if kind == "num":
            return float(int(text, 16)) if "x" in text.lower() else float(text)
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind != "name":
            raise ExpressionError(f"unexpected {text!r}")
        literal = {"true": True, "false": False, "null": None}
        if text in literal:
            return literal[text]
        if self.peek() == "(":
            return self.call(text)
        if text not in self.contexts:
            raise ExpressionError(f"unknown context {text!r}")
        return self.contexts[text]

    def call(self, name: str) -> Any:
        function = FUNCTIONS.get(name.casefold())
        if function is None:
            raise ExpressionError(f"unknown function {name!r}")
        self.take("(")
        args = []
        while self.peek() != ")":
            args.append(self.expression())
            if self.peek() == ",":
                self.take()
        self.take(")")
        return function(*args)

    def postfix(self, value: Any) -> Any:
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                kind, name = self.take()
                if name == "*":
                    value = _Filtered(_children(value))
                    continue
                if kind != "name":
                    raise ExpressionError(f"bad property {name!r}")
            else:
                name = self.expression()
                self.take("]")
            value = _property(value, name)
        return value.items if isinstance(value, _Filtered) else value


def _children(value: Any) -> list[Any]:
    if isinstance(value, _Filtered):
        return [c for item in value.items for c in _children(item)]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return list(value.values())
    return []


def _property(value: Any, name: Any) -> Any:
    if isinstance(value, _Filtered):
        return _Filtered([_property(item, name) for item in value.items])
    if isinstance(value, dict):
        key = _text(name).casefold()
        return next((v for k, v in value.items() if k.casefold() == key), None)
    if isinstance(value, list) and not isinstance(name, str):
        index = int(_number(name))
        return value[index] if 0 <= index < len(value) else None
    return None
