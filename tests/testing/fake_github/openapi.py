"""GitHub's REST description (``@octokit/openapi``, trimmed): routing and validation.

The vendored document (``tests/testing/schemas/api.github.com.trimmed.json``) is the
single source of truth for which REST operations exist: the fake routes a request by
matching it against the description's path templates, then validates

* path and query parameters (types, enums, formats; unknown query parameters),
* the JSON request body against ``requestBody``,
* the JSON response body the fake produced against the response schema for its status.

OpenAPI 3.0 schemas are converted to JSON Schema (``nullable`` -> ``null`` in an
``anyOf``; OpenAPI-only keywords dropped) and checked with ``jsonschema`` (Draft 2020-12),
with strict ``date-time`` / ``date`` / ``uri`` format checks.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import referencing
from referencing.jsonschema import DRAFT202012

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"
OPENAPI_FILE = SCHEMAS_DIR / "api.github.com.trimmed.json"
BASE_URI = "urn:github-openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
_DROP = frozenset(
    {
        "nullable",
        "discriminator",
        "example",
        "examples",
        "xml",
        "externalDocs",
        "deprecated",
        "readOnly",
        "writeOnly",
        "description",
        "title",
    }
)
_SCHEMA_MAPS = frozenset({"properties", "patternProperties"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_ONE = frozenset({"items", "additionalProperties", "not"})
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def convert_schema(schema: Any) -> Any:
    """Convert an OpenAPI 3.0 schema object into an equivalent JSON Schema."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROP or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: convert_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [convert_schema(sub) for sub in value]
        elif key in _SCHEMA_ONE:
            out[key] = convert_schema(value)
        else:
            out[key] = value
    if schema.get("nullable") is True:
        return {"anyOf": [{"type": "null"}, out]}
    return out


def _lenient(node: Any) -> Any:
    """``oneOf`` -> ``anyOf`` everywhere (GitHub uses ``oneOf`` loosely in responses)."""
    if isinstance(node, dict):
        return {("anyOf" if k == "oneOf" else k): _lenient(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_lenient(v) for v in node]
    return node


def _convert_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Convert every schema position of the description (components and operations)."""
    converted: dict[str, Any] = json.loads(json.dumps(doc))
    for name, schema in converted["components"].get("schemas", {}).items():
        converted["components"]["schemas"][name] = convert_schema(schema)
    for item in converted["paths"].values():
        for method in HTTP_METHODS:
            if method in item:
                _convert_operation(item[method])
    for param in converted["components"].get("parameters", {}).values():
        param["schema"] = convert_schema(param.get("schema", {}))
    for response in converted["components"].get("responses", {}).values():
        _convert_content(response)
    return converted


def _convert_content(holder: dict[str, Any]) -> None:
    for media in holder.get("content", {}).values():
        if "schema" in media:
            media["schema"] = convert_schema(media["schema"])


def _convert_operation(op: dict[str, Any]) -> None:
    for param in op.get("parameters", []):
        if "schema" in param:
            param["schema"] = convert_schema(param["schema"])
    if "requestBody" in op:
        _convert_content(op["requestBody"])
    for response in op.get("responses", {}).values():
        _convert_content(response)


def _check_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    dt.datetime.fromisoformat(value)
    return True


def _check_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    dt.date.fromisoformat(value)
    return True


def _check_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urllib.parse.urlsplit(value)
    return bool(parts.scheme and parts.netloc)


FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
FORMAT_CHECKER.checks("date-time", raises=ValueError)(_check_date_time)
FORMAT_CHECKER.checks("date", raises=ValueError)(_check_date)
FORMAT_CHECKER.checks("uri", raises=ValueError)(_check_uri)


def _pointer(*parts: str) -> str:
    escaped = (p.replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(urllib.parse.quote(p, safe="~!$&'()*+,;=:@") for p in escaped)


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    pointer: str


@dataclass
class Operation:
    """One REST operation of the description."""

    operation_id: str
    method: str
    template: str
    segments: list[str]
    doc_url: str
    parameters: dict[tuple[str, str], Parameter] = field(default_factory=dict)
    body_pointer: str | None = None
    body_required: bool = False
    responses: dict[str, str | None] = field(default_factory=dict)  # status -> schema pointer

    @property
    def literal_count(self) -> int:
        return sum(1 for s in self.segments if not s.startswith("{"))

    def match(self, segments: list[str]) -> dict[str, str] | None:
        """Path parameters if ``segments`` (already split, still %-encoded) fit the template."""
        if len(segments) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for mine, theirs in zip(self.segments, segments, strict=True):
            if mine.startswith("{"):
                if not theirs:
                    return None
                params[mine[1:-1]] = urllib.parse.unquote(theirs)
            elif mine != theirs:
                return None
        return params


class OpenAPI:
    """The trimmed description, with routing and validators."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.raw = document
        self.document = _convert_document(document)
        self.registry: referencing.Registry[Any] = referencing.Registry().with_resource(
            BASE_URI, DRAFT202012.create_resource(self.document)
        )
        self.lenient_registry: referencing.Registry[Any] = referencing.Registry().with_resource(
            BASE_URI, DRAFT202012.create_resource(_lenient(self.document))
        )
        self.operations: list[Operation] = []
        for template, item in self.document["paths"].items():
            for method in HTTP_METHODS:
                if method in item:
                    self.operations.append(self._operation(template, method, item))
        self.operations.sort(key=lambda op: -op.literal_count)
        self.by_id = {op.operation_id: op for op in self.operations}

    # -- building --------------------------------------------------------------------
    def _resolve(self, node: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Follow a local ``$ref``; return (object, json-pointer parts to it)."""
        ref = node["$ref"]
        parts = [urllib.parse.unquote(p).replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]
        target: Any = self.document
        for part in parts:
            target = target[part]
        return target, parts

    def _operation(self, template: str, method: str, item: dict[str, Any]) -> Operation:
        raw_op = item[method]
        op = Operation(
            operation_id=raw_op["operationId"],
            method=method.upper(),
            template=template,
            segments=template.split("/"),
            doc_url=raw_op.get("externalDocs", {}).get("url", "https://docs.github.com/rest"),
        )
        base = ["paths", template, method]
        for index, param in enumerate(raw_op.get("parameters", [])):
            parts = [*base, "parameters", str(index)]
            if "$ref" in param:
                param, parts = self._resolve(param)
            op.parameters[(param["in"], param["name"])] = Parameter(
                name=param["name"],
                location=param["in"],
                required=param.get("required", False),
                schema=param.get("schema", {}),
                pointer=_pointer(*parts, "schema"),
            )
        body = raw_op.get("requestBody")
        if body and "application/json" in body.get("content", {}):
            op.body_pointer = _pointer(*base, "requestBody", "content", "application/json", "schema")
            op.body_required = bool(body.get("required"))
        for status, response in raw_op.get("responses", {}).items():
            parts = [*base, "responses", status]
            if "$ref" in response:
                response, parts = self._resolve(response)
            media = response.get("content", {}).get("application/json")
            has_schema = bool(media and "schema" in media)
            op.responses[status] = (
                _pointer(*parts, "content", "application/json", "schema") if has_schema else None
            )
        return op

    # -- routing ---------------------------------------------------------------------
    def route(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """Find the operation for ``method path``.

        Returns (operation, path params, path_known); ``path_known`` is true when some
        operation matches the path with another method.
        """
        segments = path.split("/")
        path_known = False
        for op in self.operations:
            params = op.match(segments)
            if params is None:
                continue
            if op.method == method:
                return op, params, True
            path_known = True
        return None, {}, path_known

    # -- validation ------------------------------------------------------------------
    def errors(self, pointer: str, instance: Any, *, lenient: bool = False) -> list[str]:
        """Validation error messages for ``instance`` against the schema at ``pointer``.

        ``lenient`` (used for responses) reads every ``oneOf`` as ``anyOf``: the description
        uses ``oneOf`` where several branches legitimately match (an issue is also a valid
        draft issue, a ``null`` error value matches every nullable branch...).
        """
        validator = jsonschema.Draft202012Validator(
            {"$ref": BASE_URI + pointer},
            registry=self.lenient_registry if lenient else self.registry,
            format_checker=FORMAT_CHECKER,
        )
        return [_describe(e) for e in validator.iter_errors(instance)]


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    message = error.message
    if len(message) > 300:
        message = message[:300] + "..."
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        inner = "/".join(str(p) for p in best.absolute_path) or "(root)"
        message += f" [closest: {inner}: {best.message[:200]}]"
    return f"{where}: {message}"


@functools.cache
def load_openapi() -> OpenAPI:
    """The vendored description, parsed once per process."""
    return OpenAPI(json.loads(OPENAPI_FILE.read_text(encoding="utf-8")))


def coerce_query_value(schema: dict[str, Any], value: str | list[str]) -> Any:
    """Turn a query-string value into the JSON type its schema expects (form style)."""
    kind = schema.get("type")
    if kind == "array":
        values = value if isinstance(value, list) else value.split(",")
        return [coerce_query_value(schema.get("items", {}), v) for v in values]
    if isinstance(value, list):
        if kind is None:  # e.g. oneOf string / array: keep what the client sent
            return value
        value = value[-1]
    converters = {"integer": int, "number": float}
    if kind in converters:
        try:
            return converters[kind](value)
        except ValueError:
            return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value
