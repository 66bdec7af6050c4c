"""Request/response plumbing shared by the REST routes: errors, pagination, permissions."""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .state import PERMISSION_ORDER, Permission, Repo, State, Token

if TYPE_CHECKING:
    from .openapi import Operation

HTML_URL = "https://github.com"
DOCS_URL = "https://docs.github.com/rest"


@dataclass
class Request:
    """A parsed HTTP request, as seen by a route handler."""

    method: str
    path: str
    query: dict[str, str | list[str]]
    raw_query: str
    headers: dict[str, str]
    body: bytes
    json: Any
    state: State
    api_url: str
    token: Token | None = None
    operation: Operation | None = None
    params: dict[str, Any] = field(default_factory=dict)  # path parameters, coerced
    args: dict[str, Any] = field(default_factory=dict)  # query parameters, coerced

    @property
    def doc_url(self) -> str:
        return self.operation.doc_url if self.operation else DOCS_URL

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class HttpError(Exception):
    """Raised by handlers to answer with a GitHub-style error body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        doc_url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.doc_url = doc_url
        self.headers = headers or {}

    def body(self, default_doc_url: str) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            out["errors"] = self.errors
        out["documentation_url"] = self.doc_url or default_doc_url
        out["status"] = str(self.status)
        return out


def not_found() -> HttpError:
    return HttpError(404, "Not Found")


def validation_failed(resource: str, code: str, field_name: str, **extra: Any) -> HttpError:
    """GitHub's 422 ``Validation Failed`` with one ``errors`` entry."""
    error = {"resource": resource, "code": code, "field": field_name, **extra}
    return HttpError(422, "Validation Failed", errors=[error])


Handler = Callable[[Request], Response]
HANDLERS: dict[str, Handler] = {}


def handles(operation_id: str) -> Callable[[Handler], Handler]:
    """Register a route handler for an OpenAPI ``operationId``."""

    def register(func: Handler) -> Handler:
        HANDLERS[operation_id] = func
        return func

    return register


# -- permissions ----------------------------------------------------------------------
def permission(repo: Repo, token: Token | None) -> Permission | None:
    """The permission ``token`` has on ``repo`` (``None``: cannot even see it)."""
    public: Permission | None = None if repo.private else "pull"
    if token is None:
        return public
    if token.kind == "actions":
        if token.repository == repo.full_name.casefold():
            return "push" if token.can_write else "pull"
        return public
    login = token.account.login.casefold()
    explicit = repo.permissions.get(login)
    if explicit is not None:
        return explicit
    role = repo.owner.members.get(login) if repo.owner.type == "Organization" else None
    if role is not None:
        return "admin" if role == "admin" else "push"
    return public


def at_least(perm: Permission | None, wanted: Permission) -> bool:
    return perm is not None and PERMISSION_ORDER.index(perm) >= PERMISSION_ORDER.index(wanted)


def forbidden_message(token: Token | None) -> str:
    if token is not None and token.kind == "actions":
        return "Resource not accessible by integration"
    if token is not None and token.kind == "fine_grained":
        return "Resource not accessible by personal access token"
    return "Must have admin rights to Repository."


# Which fine-grained permissions a REST write needs, by operation (GitHub's "Permissions
# required for fine-grained personal access tokens"); `;` separates alternatives, as in
# the `X-Accepted-GitHub-Permissions` header. Labels and milestones take either.
_EITHER = "issues=write; pull_requests=write"
_FINE_GRAINED_WRITES = {
    "issues/create-label": _EITHER,
    "issues/update-label": _EITHER,
    "issues/delete-label": _EITHER,
    "issues/create-milestone": _EITHER,
    "issues/update-milestone": _EITHER,
    "issues/delete-milestone": _EITHER,
}


def token_refusal(req: Request) -> HttpError | None:
    """How GitHub refuses a request the token may not make, whatever its user's role.

    The `permissions` of a repository describe the *user*; the token is checked apart:
    a classic token needs the `repo` scope for a private repository and `public_repo` (or
    `repo`) to write to a public one, and is answered 404 without it (GitHub hides what
    the token may not see); a fine-grained token is answered 403 "Resource not accessible
    by personal access token" with the permissions it lacks in
    `X-Accepted-GitHub-Permissions`.
    """
    token = req.token
    owner, name = req.params.get("owner"), req.params.get("repo")
    if token is None or owner is None or name is None or token.kind == "actions":
        return None
    repo = req.state.repo(str(owner), str(name))
    if repo is None:
        return None
    write = req.method != "GET"
    if token.kind == "classic" and not _scope_allows(token.scopes or (), repo, write=write):
        needed = "repo" if repo.private else "public_repo, repo"
        return HttpError(404, "Not Found", headers={"X-Accepted-OAuth-Scopes": needed})
    if token.kind == "fine_grained" and token.permissions is not None and write:
        operation = req.operation.operation_id if req.operation else ""
        needed = _FINE_GRAINED_WRITES.get(operation, "issues=write")
        if not any(_granted(token.permissions, alt) for alt in needed.split(";")):
            return HttpError(403, forbidden_message(token), headers={"X-Accepted-GitHub-Permissions": needed})
    return None


def _scope_allows(scopes: tuple[str, ...], repo: Repo, *, write: bool) -> bool:
    if "repo" in scopes:
        return True
    if repo.private:
        return False
    return not write or "public_repo" in scopes


def _granted(permissions: dict[str, str], alternative: str) -> bool:
    levels = ("read", "write", "admin")
    for wanted in alternative.split(","):
        name, _, level = wanted.strip().partition("=")
        have = permissions.get(name)
        if have is None or levels.index(have) < levels.index(level):
            return False
    return True


def find_repo(req: Request, *, write: bool = False) -> Repo:
    """The repository named by the ``owner``/``repo`` path parameters, access-checked."""
    if write and req.token is None:
        raise HttpError(401, "Requires authentication")
    repo = req.state.repo(str(req.params["owner"]), str(req.params["repo"]))
    if repo is None:
        raise not_found()
    perm = permission(repo, req.token)
    if perm is None:
        raise not_found()
    if write and not at_least(perm, "push"):
        raise HttpError(403, forbidden_message(req.token))
    return repo


# -- pagination -----------------------------------------------------------------------
def page_bounds(req: Request) -> tuple[int, int]:
    """(per_page, page) with GitHub's defaults and limits."""
    per_page = req.args.get("per_page", 30)
    per_page = 30 if not isinstance(per_page, int) or per_page < 1 else min(per_page, 100)
    page = req.args.get("page", 1)
    page = 1 if not isinstance(page, int) or page < 1 else page
    return per_page, page


def _url_with(req: Request, **updates: str) -> str:
    pairs = [
        (k, v)
        for k, v in urllib.parse.parse_qsl(req.raw_query, keep_blank_values=True)
        if k not in updates and k not in ("after", "before")
    ]
    pairs += list(updates.items())
    return f"{req.api_url}{req.path}?{urllib.parse.urlencode(pairs)}"


def paginate(req: Request, items: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """Slice ``items`` for ``page``/``per_page`` and build GitHub's ``Link`` header."""
    per_page, page = page_bounds(req)
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    links: list[str] = []
    if page > 1:
        links.append(f'<{_url_with(req, page=str(min(page - 1, last)))}>; rel="prev"')
    if page < last:
        links.append(f'<{_url_with(req, page=str(page + 1))}>; rel="next"')
        links.append(f'<{_url_with(req, page=str(last))}>; rel="last"')
    if page > 1:
        links.append(f'<{_url_with(req, page="1")}>; rel="first"')
    return chunk, ({"Link": ", ".join(links)} if links else {})


def encode_cursor(index: int) -> str:
    return base64.b64encode(f"cursor:v2:{index}".encode()).decode()


def decode_cursor(cursor: str) -> int | None:
    """The index a cursor points at, or ``None`` when it is not one of ours."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    prefix = "cursor:v2:"
    if not text.startswith(prefix) or not text[len(prefix) :].isdigit():
        return None
    return int(text[len(prefix) :])


def cursor_paginate(req: Request, items: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """Cursor pagination (``before``/``after``), used by the Projects v2 REST endpoints."""
    per_page, _ = page_bounds(req)
    start, end = 0, len(items)
    after, before = req.args.get("after"), req.args.get("before")
    if isinstance(after, str):
        index = decode_cursor(after)
        if index is None:
            raise HttpError(400, "Invalid cursor")
        start = index + 1
    if isinstance(before, str):
        index = decode_cursor(before)
        if index is None:
            raise HttpError(400, "Invalid cursor")
        end = index
        start = max(start, end - per_page)
    stop = min(end, start + per_page)
    chunk = items[start:stop]
    links = []
    if stop < len(items) and chunk:
        links.append(f'<{_url_with(req, after=encode_cursor(stop - 1))}>; rel="next"')
    if start > 0 and chunk:
        links.append(f'<{_url_with(req, before=encode_cursor(start))}>; rel="prev"')
    return chunk, ({"Link": ", ".join(links)} if links else {})


def body_dict(req: Request) -> dict[str, Any]:
    """The JSON body as a dict (the OpenAPI check has already reported shape problems)."""
    return req.json if isinstance(req.json, dict) else {}
