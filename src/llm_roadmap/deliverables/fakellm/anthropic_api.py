"""The Anthropic-compatible face: `POST /v1/messages`, streaming or not, with tool use.

Shapes follow https://docs.anthropic.com/en/api/messages and its streaming page.
"""

from __future__ import annotations

import json
from typing import Any

from llm_roadmap.deliverables.fakellm import embeddings
from llm_roadmap.deliverables.fakellm.conversation import Exchange, Reply, Tool, Turn, content_text
from llm_roadmap.deliverables.fakellm.wire import (
    BadRequest,
    EventStream,
    JsonResponse,
    Response,
    pieces,
    sse,
)


def messages_exchange(body: dict[str, Any]) -> Exchange:
    """Read a `/v1/messages` request."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("messages: field required and must be a non-empty list")
    if "max_tokens" not in body:
        raise BadRequest("max_tokens: field required")
    turns = [_turn(message) for message in messages]
    fmt = (body.get("output_config") or {}).get("format") or body.get("output_format") or {}
    return Exchange(
        api="anthropic.messages",
        model=str(body.get("model", "")),
        system=content_text(body.get("system")),
        turns=tuple(turns),
        tools=tuple(
            Tool(str(t["name"]), str(t.get("description", "")), t.get("input_schema") or {})
            for t in body.get("tools") or []
            if "name" in t
        ),
        tool_choice=_tool_choice(body.get("tool_choice")),
        schema=fmt.get("schema") if fmt.get("type") == "json_schema" else None,
        stream=bool(body.get("stream")),
    )


def _turn(message: dict[str, Any]) -> Turn:
    content = message.get("content")
    role = message.get("role")
    if isinstance(content, list) and any(
        isinstance(b, dict) and b.get("type") == "tool_result" for b in content
    ):
        return Turn("tool", content_text(content))
    if role == "assistant":
        blocks = content if isinstance(content, list) else []
        calls = [b for b in blocks if isinstance(b, dict) and b.get("type") == "tool_use"]
        text = content_text(content) or json.dumps(calls, ensure_ascii=False)
        return Turn("assistant", text)
    return Turn("user", content_text(content))


def _tool_choice(choice: Any) -> str:
    if not isinstance(choice, dict):
        return "auto"
    kind = choice.get("type", "auto")
    if kind == "tool":
        return str(choice.get("name", "required"))
    return {"any": "required", "none": "none"}.get(kind, "auto")


def messages_response(exchange: Exchange, reply: Reply) -> Response:
    """The message (or its event stream) for `reply`."""
    if reply.tool_name:
        block: dict[str, Any] = {
            "type": "tool_use",
            "id": f"toolu_{reply.ident}",
            "name": reply.tool_name,
            "input": reply.tool_args,
        }
        stop = "tool_use"
    else:
        block = {"type": "text", "text": reply.text or ""}
        stop = "end_turn"
    usage = {
        "input_tokens": embeddings.token_count(exchange.prompt_text),
        "output_tokens": embeddings.token_count(reply.text or json.dumps(reply.tool_args)),
    }
    message = {
        "id": f"msg_{reply.ident}",
        "type": "message",
        "role": "assistant",
        "model": exchange.model,
        "content": [block],
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": usage,
    }
    if not exchange.stream:
        return JsonResponse(200, message)
    return EventStream(tuple(_stream(message, block, usage)))


def _stream(message: dict[str, Any], block: dict[str, Any], usage: dict[str, int]) -> list[bytes]:
    def event(kind: str, **fields: Any) -> bytes:
        return sse({"type": kind, **fields}, event=kind)

    start = {**message, "content": [], "stop_reason": None, "usage": {**usage, "output_tokens": 1}}
    events = [event("message_start", message=start)]
    if block["type"] == "text":
        events.append(event("content_block_start", index=0, content_block={"type": "text", "text": ""}))
        events += [
            event("content_block_delta", index=0, delta={"type": "text_delta", "text": p})
            for p in pieces(block["text"])
        ]
    else:
        opening = {**block, "input": {}}
        events.append(event("content_block_start", index=0, content_block=opening))
        events += [
            event("content_block_delta", index=0, delta={"type": "input_json_delta", "partial_json": p})
            for p in pieces(json.dumps(block["input"], ensure_ascii=False), 16)
        ]
    events.append(event("content_block_stop", index=0))
    delta = {"stop_reason": message["stop_reason"], "stop_sequence": None}
    events.append(event("message_delta", delta=delta, usage={"output_tokens": usage["output_tokens"]}))
    events.append(event("message_stop"))
    return events


def error_body(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"type": "error", "error": {"type": kind, "message": message}}
