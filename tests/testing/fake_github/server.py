"""The fake GitHub server: HTTP plumbing, authentication, recording, faults, public API."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import json
import re
import socket
import socketserver
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from . import rest_issues, rest_projects, rest_pulls, rest_repos, seed
from .faults import Fault, default_body
from .graphql_api import run_graphql
from .graphql_types import Context
from .http import HANDLERS, HttpError, Request, Response, token_refusal
from .openapi import OpenAPI, Operation, load_openapi
from .state import (
    Account,
    Comment,
    Commit,
    Issue,
    Label,
    Milestone,
    Permission,
    Repo,
    Runner,
    State,
    Token,
    Workflow,
)
from .validation import check_request, check_response

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import github

_ROUTE_MODULES = (rest_issues, rest_projects, rest_pulls, rest_repos)  # importing them registers routes
GRAPHQL_DOCS = "https://docs.github.com/graphql"


@dataclass
class RecordedRequest:
    """One request the server received (``gh.requests``)."""

    method: str
    path: str
    query: dict[str, str | list[str]]
    json: Any
    time: dt.datetime  # wall-clock arrival time (UTC)
    status: int | None = None  # None: the connection was dropped
    operation: str | None = None  # OpenAPI operationId, or "graphql"
    actor: str | None = None  # login of the token's account
    graphql_operation: str | None = None  # "query" | "mutation"
    graphql_fields: list[str] = field(default_factory=list)  # root field names, not aliases
    graphql_cost: int = 1  # rate-limit points charged (graphql_cost)
    write: bool = False  # a successful REST write or GraphQL mutation
    injected: bool = False  # answered by fail_next / die_after_writes / rate limit injection
    answer_lost: bool = False  # applied, but answered 5xx or dropped (``lose_answers``)
    response: Any = None
    violations: list[str] = field(default_factory=list)


@dataclass
class _LoseAnswers:
    """``lose_answers``: which applied writes get a lost answer, and how."""

    status: int | None  # None: the connection drops
    at: int | None  # the k-th write from now; None: the first sending of each distinct write
    counted: int = 0
    seen: set[str] = field(default_factory=set)

    def applies_to(self, rec: RecordedRequest) -> bool:
        if self.at is not None:
            self.counted += 1
            return self.counted == self.at
        sent = json.dumps([rec.method, rec.path, rec.json], sort_keys=True)
        if sent in self.seen:
            return False
        self.seen.add(sent)
        return True


@dataclass
class _Raw:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


@dataclass
class _Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    drop: bool = False


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GitHub.com"
    sys_version = ""
    timeout = 120  # idle keep-alive connections; stop() closes them anyway
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms stalls
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self.server.app._handle(_Raw(self.command, self.path, headers, body))
        if answer.drop:
            self.close_connection = True
            return
        payload = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _serve  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = False
    block_on_close = True

    def __init__(self, app: FakeGitHub) -> None:
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Client disconnects are normal; anything else is a bug in the fake."""
        exc = traceback.format_exc()
        if "ConnectionError" not in exc and "BrokenPipe" not in exc and "Reset" not in exc:
            self.app.violations.append(f"fake server error: {exc}")

    def close_connections(self) -> None:
        """Unblock handler threads waiting on idle keep-alive connections."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


def _error_body(message: str, status: int, doc_url: str = "https://docs.github.com/rest") -> dict[str, str]:
    return {"message": message, "documentation_url": doc_url, "status": str(status)}


def _parse_query(raw: str) -> dict[str, str | list[str]]:
    parsed = urllib.parse.parse_qs(raw, keep_blank_values=True)
    out: dict[str, str | list[str]] = {}
    for key, values in parsed.items():
        name = key.removesuffix("[]")
        out[name] = values if key.endswith("[]") or len(values) > 1 else values[0]
    return out


class FakeGitHub:
    """A GitHub look-alike on ``127.0.0.1`` (REST + GraphQL), validating every request.

    Use as a context manager (or ``start()``/``stop()``). See the package docstring.
    """

    def __init__(self) -> None:
        self.state = State()
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self._openapi: OpenAPI = load_openapi()
        self._faults: list[Fault] = []
        self._graphql_rate_limited = 0
        self._write_budget: int | None = None
        self._dead_mode: Literal["503", "drop", "lost"] | None = None
        self._dead = False
        self._lose: _LoseAnswers | None = None
        self._graphql_lacking: frozenset[str] = frozenset()
        self._anonymous_used: dict[str, int] = {}
        self._reset_at = int(time.time()) + 3600
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._clients: list[github.Github] = []

    # -- lifecycle --------------------------------------------------------------------
    def start(self) -> FakeGitHub:
        if self._server is not None:
            return self
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-github", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """REST root, the counterpart of ``https://api.github.com`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("the fake GitHub server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.api_url}/graphql"

    @property
    def writes(self) -> list[RecordedRequest]:
        """Successful REST writes and GraphQL mutations, in order."""
        return [r for r in self.requests if r.write]

    def take_violations(self) -> list[str]:
        """Return and clear the recorded violations (for tests that provoke them)."""
        found, self.violations[:] = list(self.violations), []
        return found

    def client(
        self, token: str | None = None, *, retry: Any = None, per_page: int = 30, **kwargs: Any
    ) -> github.Github:
        """A real PyGithub client for this server, closed automatically by ``stop()``."""
        import github as pygithub

        client = pygithub.Github(
            base_url=self.api_url,
            auth=pygithub.Auth.Token(token) if token else None,
            retry=retry,
            per_page=per_page,
            seconds_between_requests=0,
            seconds_between_writes=0,
            **kwargs,
        )
        self._clients.append(client)
        return client

    # -- set-up -----------------------------------------------------------------------
    def add_user(
        self,
        login: str,
        token: str | None = None,
        scopes: Iterable[str] | None = ("repo", "project"),
        *,
        can_use_projects: bool = True,
        name: str | None = None,
        email: str | None = None,
        permissions: Mapping[str, str] | None = None,
    ) -> Account:
        """A user, optionally with a token: classic (``scopes`` given, sent back in
        ``X-OAuth-Scopes`` and enforced: no ``repo``/``public_repo``, no writes) or, with
        ``scopes=None``, fine-grained (no scopes header; ``permissions`` it was granted,
        e.g. ``{"issues": "read"}``, None for everything its user may do)."""
        with self.state.lock:
            acc = seed.account(self.state, login, name=name, email=email)
            if token is not None:
                seed.token(
                    self.state, token, acc, scopes, can_use_projects=can_use_projects, permissions=permissions
                )
            return acc

    def add_token(
        self,
        login: str,
        token: str,
        scopes: Iterable[str] | None = ("repo", "project"),
        *,
        can_use_projects: bool = True,
        permissions: Mapping[str, str] | None = None,
    ) -> Token:
        """Another token for an existing user."""
        with self.state.lock:
            acc = self.state.account(login)
            if acc is None:
                raise KeyError(login)
            return seed.token(
                self.state, token, acc, scopes, can_use_projects=can_use_projects, permissions=permissions
            )

    def add_actions_token(self, token: str, repo: str, *, can_write: bool = True) -> Token:
        """An Actions ``GITHUB_TOKEN`` for ``repo``: acts as ``github-actions[bot]`` (type Bot),
        no ``X-OAuth-Scopes``, 1000 requests/hour, cannot use Projects (GraphQL answers
        "Resource not accessible by integration")."""
        with self.state.lock:
            return seed.actions_token(self.state, token, self._repo(repo), can_write=can_write)

    def add_org(self, login: str, members: Mapping[str, str] | Iterable[str] | None = None) -> Account:
        """An organization; ``members``: logins, or ``{login: "admin" | "member"}``.
        Members get push on the org's repositories, admins admin."""
        with self.state.lock:
            return seed.org(self.state, login, members)

    def add_repo(
        self,
        full_name: str,
        *,
        is_template: bool = False,
        push: bool = True,
        private: bool = False,
        default_branch: str = "main",
        has_issues: bool = True,
        description: str | None = None,
        default_labels: bool = True,
        collaborators: Mapping[str, Permission] | None = None,
    ) -> Repo:
        """A repository. The owner (a user) gets admin, or only pull with ``push=False``;
        ``default_labels`` creates GitHub's nine default labels like a new repository."""
        with self.state.lock:
            return seed.repo(
                self.state,
                full_name,
                private=private,
                is_template=is_template,
                push=push,
                default_branch=default_branch,
                has_issues=has_issues,
                description=description,
                default_labels=default_labels,
                collaborators=collaborators,
            )

    def set_template(self, repo: str, template: str) -> None:
        """``repo`` was made with "Use this template" from ``template``."""
        with self.state.lock:
            self._repo(repo).template_repository = self._repo(template)

    def link_git(self, repo: str, git_dir: str) -> None:
        """Branches pushed to the bare repository ``git_dir`` are branches of ``repo``."""
        with self.state.lock:
            self._repo(repo).git_dir = git_dir

    def allow_actions_pull_requests(self, repo: str, allowed: bool = True) -> None:
        """Settings → Actions → General: "Allow GitHub Actions to create and approve pull requests"."""
        with self.state.lock:
            self._repo(repo).actions_can_open_pulls = allowed

    def add_commit(
        self,
        repo: str,
        sha: str | None = None,
        *,
        message: str = "Update",
        author_login: str | None = None,
        author_name: str | None = None,
        author_email: str | None = None,
        date: str | dt.datetime | None = None,
        committer_date: str | dt.datetime | None = None,
        branch: str | None = None,
        parents: list[str] | None = None,
    ) -> Commit:
        """A commit on ``branch`` (default branch by default), child of the branch head.
        ``date`` keeps its offset in ``gh.state``; the REST API answers in UTC (``Z``)."""
        with self.state.lock:
            author = seed.ensure_user(self.state, author_login) if author_login else None
            return seed.commit(
                self.state,
                self._repo(repo),
                sha=sha,
                message=message,
                author=author,
                author_name=author_name,
                author_email=author_email,
                date=date,
                committer_date=committer_date,
                branch=branch,
                parents=parents,
            )

    def add_workflow(self, repo: str, name: str, path: str | None = None, state: str = "active") -> Workflow:
        """An Actions workflow (``state``: active, disabled_inactivity, disabled_manually...)."""
        with self.state.lock:
            return seed.workflow(self.state, self._repo(repo), name, path, state)

    def add_secret(self, repo: str, name: str) -> None:
        """An Actions secret (only its existence is visible, as on GitHub)."""
        with self.state.lock:
            self._repo(repo).secrets[name.upper()] = self.state.clock.now()

    def add_runner(
        self, repo: str, name: str, labels: tuple[str, ...] = ("self-hosted", "linux", "gpu")
    ) -> None:
        """A self-hosted runner attached to the repository (visible to admins only)."""
        with self.state.lock:
            self._repo(repo).runners.append(Runner(self.state.next_id("runner"), name, labels))

    def set_fork_pr_approval(self, repo: str, policy: str) -> None:
        """Settings → Actions → "Approval for running fork pull request workflows"."""
        with self.state.lock:
            self._repo(repo).fork_pr_approval = policy

    def add_label(self, repo: str, name: str, color: str = "ededed", description: str | None = None) -> Label:
        with self.state.lock:
            return seed.label(self.state, self._repo(repo), name, color, description)

    def add_milestone(
        self,
        repo: str,
        title: str,
        *,
        state: str = "open",
        description: str | None = None,
        due_on: str | dt.datetime | None = None,
    ) -> Milestone:
        with self.state.lock:
            rp = self._repo(repo)
            return seed.milestone(
                self.state, rp, title, creator=rp.owner, state_=state, description=description, due_on=due_on
            )

    def add_issue(
        self,
        repo: str,
        title: str,
        *,
        body: str | None = None,
        author: str | None = None,
        labels: Iterable[str] = (),
        created_at: str | dt.datetime | None = None,
    ) -> Issue:
        with self.state.lock:
            rp = self._repo(repo)
            acc = seed.ensure_user(self.state, author) if author else rp.owner
            return seed.issue(
                self.state, rp, title, author=acc, body=body, labels=labels, created_at=created_at
            )

    def add_comment(
        self,
        repo: str,
        number: int,
        body: str,
        *,
        author: str | None = None,
        created_at: str | dt.datetime | None = None,
    ) -> Comment:
        with self.state.lock:
            rp = self._repo(repo)
            it = rp.issue(number)
            if it is None:
                raise KeyError(f"{repo}#{number}")
            acc = seed.ensure_user(self.state, author) if author else rp.owner
            return seed.comment(self.state, it, body, author=acc, created_at=created_at)

    def set_time(self, value: str | dt.datetime | None) -> None:
        """Freeze the server clock (timestamps it stamps on new objects); ``None`` unfreezes."""
        self.state.clock.set(value)

    def advance_time(self, seconds: float) -> None:
        self.state.clock.advance(seconds)

    def _repo(self, full_name: str) -> Repo:
        owner, _, name = full_name.partition("/")
        repo = self.state.repo(owner, name)
        if repo is None:
            raise KeyError(full_name)
        return repo

    # -- fault injection ----------------------------------------------------------------
    def fail_next(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        status: int = 500,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        times: int = 1,
        drop: bool = False,
        containing: str | None = None,
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and the regex ``path``
        (searched in the URL path) with ``status``/``headers``/``body`` (GitHub's usual body
        for the status by default), or drop the connection (``drop=True``). ``containing``:
        only requests whose body has this text (e.g. ``"createIssue"`` among GraphQL posts)."""
        with self.state.lock:
            self._faults.append(
                Fault(
                    method=method,
                    path=re.compile(path) if path else None,
                    status=status,
                    headers=dict(headers or {}),
                    body=body,
                    times=times,
                    drop=drop,
                    containing=containing,
                )
            )

    def die_after_writes(self, k: int, *, mode: Literal["503", "drop", "lost"] = "503") -> None:
        """After ``k`` more successful writes, fail every request (503, or dropped
        connections) until :meth:`revive` - a crash in the middle of a run.

        ``mode="lost"``: the k-th write is carried out but its response never arrives
        (the connection drops), as when the network dies mid-request; then all drop."""
        with self.state.lock:
            self._write_budget, self._dead_mode, self._dead = k, mode, k <= 0

    def lose_answers(self, *, at: int | None = None, status: int | None = 502) -> None:
        """GitHub applies a write but its answer is lost: ``status`` (502 by default; None
        drops the connection, like a reset or a timeout) instead of the real answer.

        ``at=k``: only the k-th successful write from now. ``at=None``: every write, the
        first time it is sent; the same request sent again (method, path and body) gets
        its real answer - so a client that blindly re-sends a POST makes a duplicate."""
        with self.state.lock:
            self._lose = _LoseAnswers(status, at)

    @property
    def lost_answers(self) -> list[RecordedRequest]:
        """Writes that were applied while their answer was lost."""
        return [r for r in self.requests if r.answer_lost]

    def revive(self) -> None:
        with self.state.lock:
            self._write_budget, self._dead_mode, self._dead = None, None, False

    def reserve_field_name(self, name: str) -> None:
        """GitHub starts refusing ``name`` for new board fields, as it did with ``Type``
        when issue types arrived: creating or renaming a field to it answers
        "Name cannot have a reserved value"."""
        with self.state.lock:
            self.state.reserved_field_names.add(name.strip().casefold())

    def lack_graphql_inputs(self, *names: str) -> None:
        """Serve a schema without these input fields (``"CreateIssueInput.parentIssueId"``), as
        an older GitHub Enterprise Server does: documents using them fail validation, and
        introspection does not list them."""
        with self.state.lock:
            self._graphql_lacking = frozenset(names)

    def graphql_rate_limit_next(self, times: int = 1) -> None:
        """The next ``times`` GraphQL requests answer HTTP 200 with a ``RATE_LIMITED`` error."""
        with self.state.lock:
            self._graphql_rate_limited += times

    # -- request handling ---------------------------------------------------------------
    def _violate(self, rec: RecordedRequest, messages: Iterable[str]) -> None:
        for message in messages:
            text = f"{rec.method} {rec.path}: {message}"
            rec.violations.append(text)
            self.violations.append(text)

    def _handle(self, raw: _Raw) -> _Answer:
        with self.state.lock:
            try:
                return self._handle_locked(raw)
            except Exception:  # a bug in the fake: make it loud
                self.violations.append(f"fake server crashed: {traceback.format_exc()}")
                return _Answer(500, body={"message": "The fake GitHub server crashed"})

    def _handle_locked(self, raw: _Raw) -> _Answer:
        parts = urllib.parse.urlsplit(raw.target)
        body_json, bad_json = None, False
        if raw.body:
            try:
                body_json = json.loads(raw.body)
            except ValueError:
                bad_json = True
        rec = RecordedRequest(
            raw.method, parts.path, _parse_query(parts.query), body_json, dt.datetime.now(dt.UTC)
        )
        self.requests.append(rec)
        token, ok = self._authenticate(raw.headers)
        rec.actor = token.account.login if token else None
        answer = self._injected(rec)
        if answer is None:
            answer = self._dispatch(rec, raw, parts.query, bad_json, token if ok else None, ok)
            if self._count_write(rec) and self._dead_mode == "lost":
                answer = _Answer(0, drop=True)
            elif rec.write and self._lose is not None and self._lose.applies_to(rec):
                answer = self._lost_answer(rec, self._lose.status)
        if not answer.drop:
            graphql = rec.path == "/graphql"
            counted = 0 if rec.operation == "rate-limit/get" else rec.graphql_cost if graphql else 1
            rate = self._headers(token if ok else None, graphql=graphql, count=counted)
            answer.headers = {**rate, **answer.headers}
        rec.status = None if answer.drop else answer.status
        rec.response = answer.body
        return answer

    def _injected(self, rec: RecordedRequest) -> _Answer | None:
        if self._dead:
            rec.injected = True
            if self._dead_mode in ("drop", "lost"):
                return _Answer(0, drop=True)
            return _Answer(503, {"Content-Type": "application/json; charset=utf-8"}, default_body(503, None))
        for fault in self._faults:
            if fault.matches(rec.method, rec.path, json.dumps(rec.json) if rec.json is not None else ""):
                fault.times -= 1
                rec.injected = True
                headers = {"Content-Type": "application/json; charset=utf-8", **fault.headers}
                body = fault.body if fault.body is not None else default_body(fault.status, None)
                return _Answer(fault.status, headers, body, drop=fault.drop)
        return None

    @staticmethod
    def _lost_answer(rec: RecordedRequest, status: int | None) -> _Answer:
        rec.answer_lost = rec.injected = True
        if status is None:
            return _Answer(0, drop=True)
        return _Answer(
            status, {"Content-Type": "application/json; charset=utf-8"}, default_body(status, None)
        )

    def _count_write(self, rec: RecordedRequest) -> bool:
        """Count a successful write; True when it used up the budget of ``die_after_writes``."""
        if not rec.write or self._write_budget is None or self._dead:
            return False
        self._write_budget -= 1
        if self._write_budget <= 0:
            self._dead = True
            return True
        return False

    def _authenticate(self, headers: Mapping[str, str]) -> tuple[Token | None, bool]:
        """(token, ok): ``ok`` is false for unknown credentials."""
        value = headers.get("authorization")
        if not value:
            return None, True
        scheme, _, secret = value.partition(" ")
        if scheme.lower() not in ("token", "bearer"):
            return None, False
        tok = self.state.tokens.get(secret.strip())
        return tok, tok is not None

    def _dispatch(
        self, rec: RecordedRequest, raw: _Raw, raw_query: str, bad_json: bool, token: Token | None, ok: bool
    ) -> _Answer:
        if bad_json:
            self._violate(rec, ["request body is not valid JSON"])
            return _Answer(400, body=_error_body("Problems parsing JSON", 400))
        if not ok:
            return _Answer(401, body=_error_body("Bad credentials", 401))
        if rec.path == "/graphql":
            return self._graphql(rec, token)
        return self._rest(rec, raw, raw_query, token)

    def _headers(self, token: Token | None, *, graphql: bool, count: int) -> dict[str, str]:
        """Headers on every response: content type, rate limit, OAuth scopes (classic tokens).
        `count`: what the request costs (1 for REST; a GraphQL query's points)."""
        resource = "graphql" if graphql else "core"
        used_map = token.rate_used if token else self._anonymous_used
        if count:
            used_map[resource] = used_map.get(resource, 0) + count
        limit = token.rate_limit if token else 60
        used = used_map.get(resource, 0)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-GitHub-Media-Type": f"github.{'v4' if graphql else 'v3'}; format=json",
            "X-GitHub-Api-Version-Selected": "2022-11-28",
            "X-GitHub-Request-Id": f"FAKE:{len(self.requests):06X}",
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(max(0, limit - used)),
            "x-ratelimit-reset": str(self._reset_at),
            "x-ratelimit-used": str(used),
            "x-ratelimit-resource": resource,
        }
        if token is not None and token.scopes is not None:
            headers["X-OAuth-Scopes"] = ", ".join(sorted(token.scopes))
            headers["X-Accepted-OAuth-Scopes"] = ""
        return headers

    # -- GraphQL ------------------------------------------------------------------------
    def _graphql(self, rec: RecordedRequest, token: Token | None) -> _Answer:
        rec.operation = "graphql"
        if rec.method != "POST":
            self._violate(rec, ["GraphQL requests must be POSTs"])
            return _Answer(
                404, body={"message": "Not Found", "status": "404", "documentation_url": GRAPHQL_DOCS}
            )
        if token is None:
            return _Answer(
                401,
                body={
                    "message": "This endpoint requires you to be authenticated.",
                    "documentation_url": GRAPHQL_DOCS,
                    "status": "401",
                },
            )
        if self._graphql_rate_limited > 0:
            self._graphql_rate_limited -= 1
            rec.injected = True
            body = {
                "errors": [
                    {
                        "type": "RATE_LIMITED",
                        "message": f"API rate limit exceeded for user ID {token.account.id}.",
                    }
                ]
            }
            # The window resets a second later, so a client that waits for the reset is quick.
            reset = str(int(time.time()) + 1)
            return _Answer(200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}, body)
        outcome = run_graphql(Context(self.state, token, self.api_url), rec.json, self._graphql_lacking)
        rec.graphql_operation = outcome.operation
        rec.graphql_fields = outcome.root_fields
        rec.graphql_cost = outcome.cost
        rec.write = outcome.wrote
        self._violate(rec, outcome.violations)
        return _Answer(200, body=outcome.body)

    # -- REST ---------------------------------------------------------------------------
    def _rest(self, rec: RecordedRequest, raw: _Raw, raw_query: str, token: Token | None) -> _Answer:
        op, path_params, known = self._openapi.route(rec.method, rec.path)
        if op is None:
            why = "the path exists, not with this method" if known else "no such path"
            self._violate(rec, [f"not an operation of the OpenAPI description ({why})"])
            return _Answer(
                404,
                body={
                    "message": "Not Found",
                    "status": "404",
                    "documentation_url": "https://docs.github.com/rest",
                },
            )
        rec.operation = op.operation_id
        checked = check_request(self._openapi, op, path_params, rec.query, rec.json, bool(raw.body))
        self._violate(rec, checked.violations)
        req = Request(
            method=rec.method,
            path=rec.path,
            query=rec.query,
            raw_query=raw_query,
            headers=raw.headers,
            body=raw.body,
            json=rec.json,
            state=self.state,
            api_url=self.api_url,
            token=token,
            operation=op,
            params=checked.params,
            args=checked.args,
        )
        response = self._respond(rec, op, req, checked.error)
        if not (checked.error or response.status >= 500):
            self._violate(rec, check_response(self._openapi, op, response.status, response.body))
        rec.write = rec.method != "GET" and 200 <= response.status < 300
        return _Answer(response.status, response.headers, response.body)

    def _respond(
        self, rec: RecordedRequest, op: Operation, req: Request, error: HttpError | None
    ) -> Response:
        error = error or token_refusal(req)
        if error is not None:
            return Response(error.status, error.body(op.doc_url), error.headers)
        handler = HANDLERS.get(op.operation_id)
        if handler is None:
            self._violate(rec, [f"{op.operation_id} is not implemented by the fake"])
            return Response(501, {"message": f"{op.operation_id} is not implemented by the fake"})
        try:
            return handler(req)
        except HttpError as exc:
            return Response(exc.status, exc.body(op.doc_url), exc.headers)
