"""Build a deterministic value that satisfies a JSON Schema.

The fake model answers structured-output and tool-calling requests with such a value, so
a learner's Pydantic model validates the reply without any real model behind it. The
generator covers what Pydantic, the OpenAI SDK and the Anthropic SDK emit: objects,
arrays, `$ref`/`$defs`, `anyOf`/`oneOf`/`allOf`, enums, consts, formats and the usual
length and range constraints.
"""

from __future__ import annotations

from typing import Any

_MAX_DEPTH = 12

_FORMATS: dict[str, str] = {
    "date": "2025-01-15",
    "date-time": "2025-01-15T10:00:00Z",
    "time": "10:00:00",
    "email": "taro@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "duration": "P1D",
    "ipv4": "127.0.0.1",
}


def fill(schema: dict[str, Any], *, text: str = "") -> Any:
    """A value valid against `schema`; the first free-text string field gets `text` if given.

    Tool calls use `text` to pass the user's question to a search tool's `query` argument,
    which is what a real model would do.
    """
    return _Filler(schema, text).value(schema, name="value", depth=0)


class _Filler:
    def __init__(self, root: dict[str, Any], text: str) -> None:
        self.root = root
        self.text = text

    def value(self, schema: Any, *, name: str, depth: int) -> Any:
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return None
        schema = self._resolve(schema)
        for key in ("const", "default"):
            if key in schema:
                return schema[key]
        if schema.get("enum"):
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if schema.get(key):
                return self.value(self._first_non_null(schema[key]), name=name, depth=depth + 1)
        if schema.get("allOf"):
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                merged.update(self._resolve(part))
            return self.value(merged, name=name, depth=depth + 1)
        return self._typed(schema, name=name, depth=depth)

    def _typed(self, schema: dict[str, Any], *, name: str, depth: int) -> Any:
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            kind = "object" if "properties" in schema else "string"
        if kind == "object":
            return self._object(schema, depth=depth)
        if kind == "array":
            return self._array(schema, name=name, depth=depth)
        if kind in ("integer", "number"):
            return _number(schema, integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return self._string(schema, name=name)

    def _object(self, schema: dict[str, Any], *, depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        return {key: self.value(sub, name=key, depth=depth + 1) for key, sub in properties.items()}

    def _array(self, schema: dict[str, Any], *, name: str, depth: int) -> list[Any]:
        count = max(1, int(schema.get("minItems", 1)))
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        items = schema.get("items", {"type": "string"})
        if isinstance(items, list):  # tuple validation in older drafts
            return [self.value(s, name=name, depth=depth + 1) for s in items]
        return [self.value(items, name=name, depth=depth + 1) for _ in range(count)]

    def _string(self, schema: dict[str, Any], *, name: str) -> str:
        if schema.get("format") in _FORMATS:
            return _FORMATS[schema["format"]]
        if self.text:
            value, self.text = self.text, ""
        else:
            value = f"sample {name}"
        low = int(schema.get("minLength", 0))
        high = int(schema.get("maxLength", max(low, len(value))))
        value = value.ljust(low, "x")
        return value[:high]

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema and seen < _MAX_DEPTH:
            target: Any = self.root
            for part in str(schema["$ref"]).removeprefix("#/").split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **rest}
            seen += 1
        return schema

    def _first_non_null(self, options: list[Any]) -> Any:
        for option in options:
            if isinstance(option, dict) and self._resolve(option).get("type") != "null":
                return option
        return options[0]


def _number(schema: dict[str, Any], *, integer: bool) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    value: float = 1
    if low is not None:
        value = low + 1 if "exclusiveMinimum" in schema else low
    if high is not None and value > high:
        value = high - 1 if "exclusiveMaximum" in schema else high
    return int(value) if integer else float(value)
