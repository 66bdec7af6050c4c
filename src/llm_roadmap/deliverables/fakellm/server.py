"""A fake OpenAI- and Anthropic-compatible LLM server on loopback, for checks and tests.

It runs in a thread of the `roadmap check` process (stdlib `http.server`, 127.0.0.1,
port 0), so learners' programs are exercised through the official SDKs, which honour
`OPENAI_BASE_URL` and `ANTHROPIC_BASE_URL`, with no API key and at no cost.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables.fakellm import anthropic_api, openai_api
from llm_roadmap.deliverables.fakellm.conversation import Brain, Exchange, ExchangeRecord, Reply
from llm_roadmap.deliverables.fakellm.wire import BadRequest, EventStream, JsonResponse

if TYPE_CHECKING:
    from types import TracebackType

    from llm_roadmap.deliverables.fakellm.wire import Response

# Dummy keys: the SDKs refuse to build a client without one. They are not secrets.
FAKE_OPENAI_KEY = "sk-fake-roadmap-check"
FAKE_ANTHROPIC_KEY = "sk-ant-fake-roadmap-check"
_MAX_BODY = 8 * 1024 * 1024


class FakeLLM:
    """Start with `with FakeLLM(nonce) as llm:`; read `llm.records` afterwards."""

    def __init__(self, nonce: str = "0") -> None:
        self.brain = Brain(nonce)
        self._records: list[ExchangeRecord] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeLLM:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        # A short poll interval: shutdown() waits for it, once per check.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-llm", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what programs and checks use ----------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake LLM server is not running; use it in a with block")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def client_env(self) -> dict[str, str]:
        """Variables that point the official SDKs (and LangChain) at this server."""
        return {
            "OPENAI_BASE_URL": f"{self.base_url}/v1",
            "OPENAI_API_BASE": f"{self.base_url}/v1",  # older LangChain reads this name
            "OPENAI_API_KEY": FAKE_OPENAI_KEY,
            "ANTHROPIC_BASE_URL": self.base_url,
            "ANTHROPIC_API_URL": self.base_url,  # langchain-anthropic reads this name
            "ANTHROPIC_API_KEY": FAKE_ANTHROPIC_KEY,
        }

    @property
    def records(self) -> tuple[ExchangeRecord, ...]:
        with self._lock:
            return tuple(self._records)

    def record(self, exchange: Exchange, reply: Reply | None) -> None:
        with self._lock:
            self._records.append(ExchangeRecord(exchange, reply))

    # --- request handling ----------------------------------------------------------------

    def handle(self, method: str, path: str, body: dict[str, Any]) -> Response:
        """Route one request; unknown routes get the API's own 404 error shape."""
        route = path.split("?", 1)[0].rstrip("/")
        if method == "GET" and route == "/v1/models":
            return openai_api.models_response()
        handlers = {
            "/v1/chat/completions": self._chat,
            "/v1/responses": self._responses,
            "/v1/embeddings": self._embeddings,
            "/v1/messages": self._messages,
        }
        handler = handlers.get(route) if method == "POST" else None
        if handler is None:
            return JsonResponse(404, openai_api.error_body(f"fake LLM: no route {method} {route}"))
        try:
            return handler(body)
        except BadRequest as exc:
            if route == "/v1/messages":
                return JsonResponse(400, anthropic_api.error_body(str(exc)))
            return JsonResponse(400, openai_api.error_body(str(exc)))

    def _chat(self, body: dict[str, Any]) -> Response:
        exchange = openai_api.chat_exchange(body)
        reply = self.brain.answer(exchange)
        self.record(exchange, reply)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return openai_api.chat_response(exchange, reply, include_usage)

    def _responses(self, body: dict[str, Any]) -> Response:
        exchange = openai_api.responses_exchange(body)
        reply = self.brain.answer(exchange)
        self.record(exchange, reply)
        return openai_api.responses_response(exchange, reply)

    def _embeddings(self, body: dict[str, Any]) -> Response:
        exchange = openai_api.embeddings_exchange(body)
        self.record(exchange, None)
        return openai_api.embeddings_response(exchange, body)

    def _messages(self, body: dict[str, Any]) -> Response:
        exchange = anthropic_api.messages_exchange(body)
        reply = self.brain.answer(exchange)
        self.record(exchange, reply)
        return anthropic_api.messages_response(exchange, reply)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeLLM


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive, as httpx (under both SDKs) expects.
    protocol_version = "HTTP/1.1"
    server: _Server
    error_content_type = "application/json"

    def do_GET(self) -> None:
        self._serve("GET", {})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send_json(413, openai_api.error_body("request body too large"))
            return
        raw = self.rfile.read(length) if length else b"{}"
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._send_json(400, openai_api.error_body("the request body is not valid JSON"))
            return
        if not isinstance(body, dict):
            self._send_json(400, openai_api.error_body("the request body must be a JSON object"))
            return
        self._serve("POST", body)

    def _serve(self, method: str, body: dict[str, Any]) -> None:
        response = self.server.fake.handle(method, self.path, body)
        if isinstance(response, EventStream):
            self._send_stream(response)
        else:
            self._send_json(response.status, response.body)

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_stream(self, stream: EventStream) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for chunk in stream.chunks:
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the checks report what matters from the recorded exchanges."""
