"""``POST /graphql``: GitHub's schema (``@octokit/graphql-schema``) executed by graphql-core.

The executable schema is built from the vendored SDL, so parsing, validation, aliases,
fragments, variables and input coercion all behave like any GraphQL server; the fake adds
resolvers (see :mod:`graphql_root`, :mod:`graphql_types`) and GitHub's conventions:

* invalid documents answer HTTP 200 with ``errors`` (and are recorded as violations);
* classic tokens lacking ``read:project`` / ``project`` get ``INSUFFICIENT_SCOPES``
  errors for every Projects v2 field, before execution, with no ``data``;
* tokens that cannot use Projects at all (``can_use_projects=False``, e.g. Actions'
  ``GITHUB_TOKEN``) get ``FORBIDDEN`` / "Resource not accessible by integration";
* errors carry GitHub's top-level ``type`` (``NOT_FOUND``, ``FORBIDDEN``...).

GitHub's published SDL is not entirely valid by the GraphQL spec (a duplicated field in
``EnterpriseOwnerInfo``; deprecated ``id`` fields implementing ``Node.id``), so it is built
with ``assume_valid_sdl`` and the schema-level validation result is discarded.
"""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    InputObjectTypeDefinitionNode,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_ast_schema,
    execute,
    get_named_type,
    get_operation_ast,
    parse,
    validate,
    visit,
)
from graphql.execution.values import get_variable_values
from graphql.language import get_location

from .graphql_cost import MAX_NODES, document_cost, node_limit_error
from .graphql_root import Root
from .graphql_types import Context, GitHubError
from .openapi import SCHEMAS_DIR

GRAPHQL_FILE = SCHEMAS_DIR / "schema.graphql"
_MISSING = object()


class NotImplementedByFake(GitHubError):
    """A field the fake has no data for."""


def _resolve_type(value: Any, info: GraphQLResolveInfo[Context], abstract: Any) -> str:
    return str(value.typename)


def _parse_date(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"Date must be a string, got {value!r}")
    return dt.date.fromisoformat(value).isoformat()


def _parse_date_time(value: Any) -> str:
    if not isinstance(value, str) or "T" not in value:
        raise TypeError(f"DateTime must be an ISO-8601 string, got {value!r}")
    dt.datetime.fromisoformat(value)
    return value


def _strict_scalar(scalar: GraphQLScalarType, parse_value: Any) -> None:
    scalar.parse_value = parse_value  # type: ignore[method-assign]

    def parse_literal(node: Any, _variables: Any = None) -> Any:
        return parse_value(getattr(node, "value", None))

    scalar.parse_literal = parse_literal  # type: ignore[method-assign,assignment]


@functools.cache
def load_schema(lacking: frozenset[str] = frozenset()) -> GraphQLSchema:
    """Build the executable schema once per process (~1.5 s).

    ``lacking`` names input fields (``"CreateIssueInput.parentIssueId"``) left out, as an
    older GitHub Enterprise Server's schema lacks them (see ``FakeGitHub.lack_graphql_inputs``).
    """
    document = parse(GRAPHQL_FILE.read_text(encoding="utf-8"), no_location=True)
    if lacking:
        document = _without_inputs(document, lacking)
    schema = build_ast_schema(document, assume_valid_sdl=True)
    schema._validation_errors = []
    for gtype in schema.type_map.values():
        if isinstance(gtype, GraphQLInterfaceType | GraphQLUnionType):
            gtype.resolve_type = _resolve_type
    scalars = {"Date": _parse_date, "DateTime": _parse_date_time}
    for name, parser in scalars.items():
        scalar = schema.type_map[name]
        assert isinstance(scalar, GraphQLScalarType)
        _strict_scalar(scalar, parser)
    return schema


def _without_inputs(document: DocumentNode, lacking: frozenset[str]) -> DocumentNode:
    def trimmed(node: Any) -> Any:
        if not isinstance(node, InputObjectTypeDefinitionNode):
            return node
        name = node.name.value
        fields = tuple(f for f in node.fields or () if f"{name}.{f.name.value}" not in lacking)
        return InputObjectTypeDefinitionNode(**{**{k: getattr(node, k) for k in node.keys}, "fields": fields})

    return DocumentNode(definitions=tuple(trimmed(d) for d in document.definitions))


def field_resolver(source: Any, info: GraphQLResolveInfo[Context], **args: Any) -> Any:
    """Attribute/key based resolution; unknown fields are reported as not implemented."""
    name = info.field_name
    value = source.get(name, _MISSING) if isinstance(source, dict) else getattr(source, name, _MISSING)
    if value is _MISSING:
        raise NotImplementedByFake(
            f"The fake GitHub server does not implement `{info.parent_type.name}.{name}`", violation=True
        )
    return value(info, **args) if callable(value) else value


# -- scopes ---------------------------------------------------------------------------
def _is_project_field(parent: Any, named: Any, name: str) -> bool:
    parent_name = getattr(parent, "name", "")
    return (
        parent_name.startswith("ProjectV2")
        or getattr(named, "name", "").startswith("ProjectV2")
        or name in ("projectV2", "projectsV2", "projectItems")
        or (parent_name == "Mutation" and "ProjectV2" in name)
    )


class _ScopeVisitor(Visitor):
    def __init__(
        self, schema: GraphQLSchema, type_info: TypeInfo, scopes: tuple[str, ...], document: DocumentNode
    ) -> None:
        super().__init__()
        self.schema = schema
        self.type_info = type_info
        self.scopes = scopes
        self.document = document
        self.errors: list[dict[str, Any]] = []

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        definition = self.type_info.get_field_def()
        if definition is None:
            return
        name = node.name.value
        if not _is_project_field(parent, get_named_type(definition.type), name):
            return
        write = parent is self.schema.mutation_type
        needed = ("project",) if write else ("read:project", "project")
        if set(needed) & set(self.scopes):
            return
        loc = get_location(self.document.loc.source, node.loc.start)  # type: ignore[union-attr]
        self.errors.append(
            {
                "type": "INSUFFICIENT_SCOPES",
                "locations": [{"line": loc.line, "column": loc.column}],
                "message": (
                    "Your token has not been granted the required scopes to execute this query. "
                    f"The '{name}' field requires one of the following scopes: ['{needed[0]}'], "
                    f"but your token has only been granted the: {sorted(self.scopes)!r} scopes. "
                    "Please modify your token's scopes at: https://github.com/settings/tokens."
                ),
            }
        )


def scope_errors(
    schema: GraphQLSchema, document: DocumentNode, scopes: tuple[str, ...]
) -> list[dict[str, Any]]:
    type_info = TypeInfo(schema)
    visitor = _ScopeVisitor(schema, type_info, scopes, document)
    visit(document, TypeInfoVisitor(type_info, visitor))
    return visitor.errors


# -- execution --------------------------------------------------------------------------
@dataclass
class GraphQLOutcome:
    """What happened, for the server's bookkeeping."""

    body: dict[str, Any]
    operation: str | None = None  # "query" | "mutation"
    root_fields: list[str] = field(default_factory=list)
    wrote: bool = False
    violations: list[str] = field(default_factory=list)
    cost: int = 1  # rate-limit points (graphql_cost)


def format_error(error: GraphQLError) -> dict[str, Any]:
    """GitHub's error layout: ``type``, ``path``, ``extensions``, ``locations``, ``message``."""
    original = (
        error.original_error
        if isinstance(error.original_error, GitHubError)
        else (error if isinstance(error, GitHubError) else None)
    )
    out: dict[str, Any] = {}
    if original is not None and original.gh_type:
        out["type"] = original.gh_type
    if error.path:
        out["path"] = list(error.path)
    extensions = original.extensions if original is not None else error.extensions
    if extensions:
        out["extensions"] = extensions
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    out["message"] = error.message
    return out


def _is_violation(error: GraphQLError) -> bool:
    original = error.original_error
    if isinstance(original, GitHubError):
        return original.violation
    return True  # anything else is a bug in the fake or a non-null/coercion failure


def _describe(error: GraphQLError) -> str:
    text = f"GraphQL: {error.message}"
    original = error.original_error
    if original is not None and not isinstance(original, GitHubError):
        text += "\n" + "".join(traceback.format_exception(original))
    return text


def _bad_request(message: str) -> GraphQLOutcome:
    return GraphQLOutcome({"errors": [{"message": message}]}, violations=[f"GraphQL: {message}"])


def _prepare(
    schema: GraphQLSchema, payload: Any
) -> tuple[DocumentNode, dict[str, Any], str | None] | GraphQLOutcome:
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return _bad_request("A query attribute must be specified and must be a string.")
    variables = payload.get("variables") or {}
    if not isinstance(variables, dict):
        return _bad_request("Variables are invalid JSON.")
    try:
        document = parse(payload["query"])
    except GraphQLError as exc:
        return GraphQLOutcome({"errors": [format_error(exc)]}, violations=[_describe(exc)])
    errors = validate(schema, document)
    if errors:
        return GraphQLOutcome(
            {"errors": [format_error(e) for e in errors]}, violations=[_describe(e) for e in errors]
        )
    return document, variables, payload.get("operationName")


def run_graphql(context: Context, payload: Any, lacking: frozenset[str] = frozenset()) -> GraphQLOutcome:
    """Validate and execute one GraphQL request body (against a schema ``lacking`` some inputs)."""
    schema = load_schema(lacking)
    prepared = _prepare(schema, payload)
    if isinstance(prepared, GraphQLOutcome):
        return prepared
    document, variables, operation_name = prepared
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return _bad_request("An operation name is required when the document has several.")
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if isinstance(coerced, list):
        return GraphQLOutcome(
            {"errors": [format_error(e) for e in coerced]}, violations=[_describe(e) for e in coerced]
        )
    kind = "mutation" if operation.operation == OperationType.MUTATION else "query"
    roots = [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    if context.token.scopes is not None:
        denied = scope_errors(schema, document, context.token.scopes)
        if denied:
            return GraphQLOutcome({"errors": denied}, kind, roots)
    cost = document_cost(schema, document, operation, coerced)
    if cost.nodes > MAX_NODES:
        return GraphQLOutcome({"errors": [node_limit_error(cost)]}, kind, roots)
    context.cost = cost.points
    result = execute(
        schema,
        document,
        root_value=Root(),
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
        field_resolver=field_resolver,
    )
    assert isinstance(result, ExecutionResult)
    outcome = _outcome(result, kind, roots)
    outcome.cost = cost.points
    return outcome


def _outcome(result: ExecutionResult, kind: str, roots: list[str]) -> GraphQLOutcome:
    body: dict[str, Any] = {"data": result.data}
    errors = result.errors or []
    if errors:
        body["errors"] = [format_error(e) for e in errors]
    wrote = kind == "mutation" and any(v is not None for v in (result.data or {}).values())
    return GraphQLOutcome(body, kind, roots, wrote, [_describe(e) for e in errors if _is_violation(e)])


__all__ = ["Context", "GraphQLOutcome", "load_schema", "run_graphql"]
