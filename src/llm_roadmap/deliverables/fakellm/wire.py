"""Responses of the fake server: a JSON body or a list of server-sent events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JsonResponse:
    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class EventStream:
    """`text/event-stream` chunks, each one already framed (`data: ...\\n\\n`)."""

    chunks: tuple[bytes, ...]


Response = JsonResponse | EventStream


class BadRequest(Exception):
    """The request cannot be served; the message goes back as an API error body."""


def sse(data: dict[str, Any] | str, event: str | None = None) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n".encode()


def pieces(text: str, size: int = 8) -> list[str]:
    """Split a reply into stream deltas, as a real model streams a few tokens at a time."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]
