"""Fault injection rules (``gh.fail_next``) and GitHub's usual bodies for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import re

SECONDARY_RATE_LIMIT = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
    "again. If you reach out to GitHub Support for help, please include the request ID "
    "ABCD:1234:5678:9ABC:DEF0."
)
RATE_LIMIT_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"


def default_body(status: int, user_id: int | None) -> dict[str, Any]:
    """What GitHub typically answers with for ``status``."""
    messages = {
        401: ("Bad credentials", "https://docs.github.com/rest"),
        403: (SECONDARY_RATE_LIMIT, f"{RATE_LIMIT_DOCS}#about-secondary-rate-limits"),
        404: ("Not Found", "https://docs.github.com/rest"),
        422: ("Validation Failed", "https://docs.github.com/rest"),
        429: (
            f"API rate limit exceeded for user ID {user_id or 1}.",
            f"{RATE_LIMIT_DOCS}#about-primary-rate-limits",
        ),
    }
    message, doc = messages.get(
        status, ("Server Error" if status >= 500 else "Error", "https://docs.github.com/rest")
    )
    body: dict[str, Any] = {"message": message, "documentation_url": doc, "status": str(status)}
    if status == 422:
        body["errors"] = []
    return body


@dataclass
class Fault:
    """Answer the next ``times`` matching requests with ``status`` (or drop the connection)."""

    method: str | None
    path: re.Pattern[str] | None
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    times: int = 1
    drop: bool = False
    containing: str | None = None  # only requests whose body has this text (a GraphQL field)

    def matches(self, method: str, path: str, body: str = "") -> bool:
        if self.times <= 0:
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        if self.containing is not None and self.containing not in body:
            return False
        return self.path is None or self.path.search(path) is not None
