"""GitHub's GraphQL rate-limit score and node limit, computed from the document.

GitHub's rules (docs: "Rate limits and query limits for the GraphQL API"):

* **Node limit**: every connection asks for at most ``first``/``last`` nodes, times the
  nodes of each enclosing connection; the sum over the document must stay within
  500,000, or the query is refused before it runs (``MAX_NODE_LIMIT_EXCEEDED``).
* **Points**: add up the requests needed to fill each connection, assuming every
  ``first``/``last`` is reached (one request per connection, times the nodes of the
  connections around it), divide by 100 and round to the nearest whole number; at least
  one point. The query costs that many points of the hourly budget (5,000 for a user).

The walk follows inline fragments; fields in named fragments are not counted (the fake
under-charges such documents, it never refuses one GitHub accepts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphql import FieldNode, TypeInfo, TypeInfoVisitor, Visitor, get_named_type, visit
from graphql.utilities import value_from_ast_untyped

if TYPE_CHECKING:
    from graphql import DocumentNode, GraphQLSchema, OperationDefinitionNode

MAX_NODES = 500_000


@dataclass(frozen=True)
class Cost:
    """The score of one document."""

    requests: int
    nodes: int

    @property
    def points(self) -> int:
        return max(1, round(self.requests / 100))


class _CostVisitor(Visitor):
    def __init__(self, type_info: TypeInfo, variables: dict[str, Any]) -> None:
        super().__init__()
        self.type_info = type_info
        self.variables = variables
        self.multipliers = [1]
        self.requests = 0
        self.nodes = 0

    def _size(self, node: FieldNode) -> int:
        for arg in node.arguments or ():
            if arg.name.value in ("first", "last"):
                value = value_from_ast_untyped(arg.value, self.variables)
                if isinstance(value, int):
                    return value
        return 0

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        definition = self.type_info.get_field_def()
        outer = self.multipliers[-1]
        if definition is None or not get_named_type(definition.type).name.endswith("Connection"):
            self.multipliers.append(outer)
            return
        size = self._size(node)
        self.requests += outer
        self.nodes += outer * size
        self.multipliers.append(outer * max(size, 1))

    def leave_field(self, *_: Any) -> None:
        self.multipliers.pop()


def document_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
) -> Cost:
    """The cost of running `operation` of `document` with `variables`."""
    del document  # the operation is walked on its own: other operations are not run
    type_info = TypeInfo(schema)
    visitor = _CostVisitor(type_info, variables)
    visit(operation, TypeInfoVisitor(type_info, visitor))
    return Cost(visitor.requests, visitor.nodes)


def node_limit_error(cost: Cost) -> dict[str, Any]:
    return {
        "type": "MAX_NODE_LIMIT_EXCEEDED",
        "message": f"This query requests up to {cost.nodes:,} possible nodes which exceeds the "
        f"maximum limit of {MAX_NODES:,}.",
    }
