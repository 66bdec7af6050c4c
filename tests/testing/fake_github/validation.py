"""Checking REST requests and responses against the OpenAPI description."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .http import HttpError
from .openapi import OpenAPI, Operation, coerce_query_value


@dataclass
class Checked:
    """Coerced parameters, the violations found, and the error GitHub would answer with."""

    params: dict[str, Any] = field(default_factory=dict)
    args: dict[str, Any] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    error: HttpError | None = None

    def fail(self, error: HttpError) -> None:
        if self.error is None:
            self.error = error


def _invalid(details: list[str]) -> HttpError:
    return HttpError(422, "Invalid request.\n\n" + "\n".join(details))


def _check_path(api: OpenAPI, op: Operation, raw: dict[str, str], out: Checked) -> None:
    for name, value in raw.items():
        param = op.parameters.get(("path", name))
        if param is None:
            out.params[name] = value
            continue
        coerced = coerce_query_value(param.schema, value)
        errors = api.errors(param.pointer, coerced)
        out.params[name] = coerced
        if errors:
            out.violations += [f"path parameter {name!r}: {e}" for e in errors]
            out.fail(HttpError(404, "Not Found"))


def _check_query(api: OpenAPI, op: Operation, query: dict[str, str | list[str]], out: Checked) -> None:
    for name, value in query.items():
        param = op.parameters.get(("query", name))
        if param is None:
            out.violations.append(f"unknown query parameter {name!r} (GitHub ignores it)")
            continue
        coerced = coerce_query_value(param.schema, value)
        errors = api.errors(param.pointer, coerced)
        out.args[name] = coerced
        if errors:
            out.violations += [f"query parameter {name!r}: {e}" for e in errors]
            out.fail(_invalid([f"For {name!r}: {e}" for e in errors]))
    for (location, name), param in op.parameters.items():
        if location == "query" and param.required and name not in query:
            out.violations.append(f"missing required query parameter {name!r}")
            out.fail(_invalid([f"{name!r} wasn't supplied."]))


def _check_body(api: OpenAPI, op: Operation, body: Any, has_body: bool, out: Checked) -> None:
    if op.body_pointer is None:
        return
    if not has_body:
        if op.body_required:
            out.violations.append("missing required JSON request body")
            out.fail(_invalid(["Request body is required."]))
        return
    errors = api.errors(op.body_pointer, body)
    if errors:
        out.violations += [f"request body: {e}" for e in errors]
        out.fail(_invalid([f"For {e}" for e in errors]))


def check_request(
    api: OpenAPI,
    op: Operation,
    path_params: dict[str, str],
    query: dict[str, str | list[str]],
    body: Any,
    has_body: bool,
) -> Checked:
    """Validate one request against ``op``."""
    out = Checked()
    _check_path(api, op, path_params, out)
    _check_query(api, op, query, out)
    _check_body(api, op, body, has_body, out)
    return out


def check_response(api: OpenAPI, op: Operation, status: int, body: Any) -> list[str]:
    """Violations of the response schema for ``status`` (a bug in the fake, if any)."""
    pointer = op.responses.get(str(status)) or op.responses.get("default")
    if pointer is None or body is None:
        return []
    return [
        f"response {status} does not match the description: {e}"
        for e in api.errors(pointer, body, lenient=True)
    ]
