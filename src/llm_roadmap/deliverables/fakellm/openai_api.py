"""The OpenAI-compatible face: chat completions, the Responses API, embeddings, models.

Only the fields that the official SDK and LangChain read are produced; each shape follows
https://platform.openai.com/docs/api-reference.
"""

from __future__ import annotations

import json
from typing import Any

from llm_roadmap.deliverables.fakellm import embeddings
from llm_roadmap.deliverables.fakellm.conversation import (
    Exchange,
    Reply,
    Tool,
    Turn,
    content_text,
)
from llm_roadmap.deliverables.fakellm.wire import (
    BadRequest,
    EventStream,
    JsonResponse,
    Response,
    pieces,
    sse,
)

CREATED = 1_735_689_600  # a fixed timestamp keeps replies byte-for-byte reproducible


def _usage(exchange: Exchange, text: str) -> tuple[int, int]:
    return embeddings.token_count(exchange.prompt_text), embeddings.token_count(text)


# --- chat completions -------------------------------------------------------------------


def chat_exchange(body: dict[str, Any]) -> Exchange:
    """Read a `/v1/chat/completions` request."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("'messages' must be a non-empty list")
    system: list[str] = []
    turns: list[Turn] = []
    for message in messages:
        role = message.get("role")
        text = content_text(message.get("content"))
        if role in ("system", "developer"):
            system.append(text)
        elif role == "tool" or role == "function":
            turns.append(Turn("tool", text))
        elif role == "assistant":
            calls = message.get("tool_calls") or []
            turns.append(Turn("assistant", text or json.dumps(calls, ensure_ascii=False)))
        else:
            turns.append(Turn("user", text))
    fmt = body.get("response_format") or {}
    return Exchange(
        api="openai.chat",
        model=str(body.get("model", "")),
        system="\n".join(system),
        turns=tuple(turns),
        tools=tuple(_chat_tools(body.get("tools") or [])),
        tool_choice=_tool_choice(body.get("tool_choice")),
        schema=(fmt.get("json_schema") or {}).get("schema") if fmt.get("type") == "json_schema" else None,
        json_mode=fmt.get("type") == "json_object",
        stream=bool(body.get("stream")),
    )


def _chat_tools(tools: list[dict[str, Any]]) -> list[Tool]:
    result = []
    for tool in tools:
        function = tool.get("function") or tool
        if "name" in function:
            result.append(
                Tool(
                    str(function["name"]),
                    str(function.get("description", "")),
                    function.get("parameters") or {"type": "object", "properties": {}},
                )
            )
    return result


def _tool_choice(choice: Any) -> str:
    if isinstance(choice, dict):
        function = choice.get("function") or choice
        return str(function.get("name", "required"))
    if choice in ("none", "required", "auto"):
        return str(choice)
    return "auto"


def chat_response(exchange: Exchange, reply: Reply, include_usage: bool) -> Response:
    """The completion (or its stream) for `reply`."""
    text = reply.text or ""
    prompt_tokens, completion_tokens = _usage(exchange, text)
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }
    base = {"id": f"chatcmpl-{reply.ident}", "created": CREATED, "model": exchange.model}
    if exchange.stream:
        return EventStream(tuple(_chat_stream(base, reply, usage if include_usage else None)))
    message: dict[str, Any] = {"role": "assistant", "content": reply.text, "refusal": None}
    finish = "stop"
    if reply.tool_name:
        message["tool_calls"] = [_tool_call(reply)]
        finish = "tool_calls"
    choice = {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
    return JsonResponse(200, {**base, "object": "chat.completion", "choices": [choice], "usage": usage})


def _tool_call(reply: Reply) -> dict[str, Any]:
    arguments = json.dumps(reply.tool_args, ensure_ascii=False)
    return {
        "id": reply.tool_id,
        "type": "function",
        "function": {"name": reply.tool_name, "arguments": arguments},
    }


def _chat_stream(base: dict[str, Any], reply: Reply, usage: dict[str, int] | None) -> list[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return sse({**base, "object": "chat.completion.chunk", "choices": [choice]})

    chunks = [chunk({"role": "assistant", "content": ""})]
    if reply.tool_name:
        call = _tool_call(reply)
        first = {**call, "index": 0, "function": {"name": reply.tool_name, "arguments": ""}}
        chunks.append(chunk({"tool_calls": [first]}))
        for part in pieces(call["function"]["arguments"], 16):
            chunks.append(chunk({"tool_calls": [{"index": 0, "function": {"arguments": part}}]}))
        chunks.append(chunk({}, "tool_calls"))
    else:
        chunks += [chunk({"content": part}) for part in pieces(reply.text or "")]
        chunks.append(chunk({}, "stop"))
    if usage is not None:
        chunks.append(sse({**base, "object": "chat.completion.chunk", "choices": [], "usage": usage}))
    chunks.append(sse("[DONE]"))
    return chunks


# --- the Responses API ------------------------------------------------------------------


def responses_exchange(body: dict[str, Any]) -> Exchange:
    """Read a `/v1/responses` request."""
    items = body.get("input")
    if isinstance(items, str):
        items = [{"role": "user", "content": items}]
    if not isinstance(items, list) or not items:
        raise BadRequest("'input' must be a string or a non-empty list")
    system = [str(body["instructions"])] if body.get("instructions") else []
    turns: list[Turn] = []
    for item in items:
        kind = item.get("type", "message")
        if kind == "function_call_output":
            turns.append(Turn("tool", content_text(item.get("output"))))
        elif kind == "function_call":
            turns.append(Turn("assistant", f"{item.get('name')}({item.get('arguments')})"))
        elif item.get("role") in ("system", "developer"):
            system.append(content_text(item.get("content")))
        elif item.get("role") == "assistant":
            turns.append(Turn("assistant", content_text(item.get("content"))))
        else:
            turns.append(Turn("user", content_text(item.get("content"))))
    fmt = (body.get("text") or {}).get("format") or {}
    tools = [t for t in body.get("tools") or [] if t.get("type") == "function"]
    return Exchange(
        api="openai.responses",
        model=str(body.get("model", "")),
        system="\n".join(system),
        turns=tuple(turns),
        tools=tuple(_chat_tools(tools)),
        tool_choice=_tool_choice(body.get("tool_choice")),
        schema=fmt.get("schema") if fmt.get("type") == "json_schema" else None,
        json_mode=fmt.get("type") == "json_object",
        stream=bool(body.get("stream")),
    )


def responses_response(exchange: Exchange, reply: Reply) -> Response:
    text = reply.text or ""
    input_tokens, output_tokens = _usage(exchange, text)
    rid = f"resp_{reply.ident}"
    if reply.tool_name:
        item: dict[str, Any] = {
            "type": "function_call",
            "id": f"fc_{reply.tool_id}",
            "call_id": reply.tool_id,
            "name": reply.tool_name,
            "arguments": json.dumps(reply.tool_args, ensure_ascii=False),
            "status": "completed",
        }
    else:
        item = {
            "type": "message",
            "id": f"msg_{rid}",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}],
        }
    response = {
        "id": rid,
        "object": "response",
        "created_at": CREATED,
        "status": "completed",
        "model": exchange.model,
        "output": [item],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": {},
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }
    if not exchange.stream:
        return JsonResponse(200, response)
    return EventStream(tuple(_responses_stream(response, item, text)))


def _responses_stream(response: dict[str, Any], item: dict[str, Any], text: str) -> list[bytes]:
    seq = iter(range(1_000_000))

    def event(kind: str, **fields: Any) -> bytes:
        return sse({"type": kind, "sequence_number": next(seq), **fields}, event=kind)

    started = {**response, "status": "in_progress", "output": []}
    events = [event("response.created", response=started)]
    if item["type"] == "message":
        empty = {**item, "status": "in_progress", "content": []}
        part = {"type": "output_text", "text": "", "annotations": []}
        ids = {"item_id": item["id"], "output_index": 0, "content_index": 0}
        events.append(event("response.output_item.added", output_index=0, item=empty))
        events.append(event("response.content_part.added", part=part, **ids))
        events += [event("response.output_text.delta", delta=p, logprobs=[], **ids) for p in pieces(text)]
        events.append(event("response.output_text.done", text=text, logprobs=[], **ids))
        events.append(event("response.content_part.done", part={**part, "text": text}, **ids))
    else:
        events.append(event("response.output_item.added", output_index=0, item={**item, "arguments": ""}))
        events.append(
            event(
                "response.function_call_arguments.done",
                item_id=item["id"],
                output_index=0,
                arguments=item["arguments"],
            )
        )
    events.append(event("response.output_item.done", output_index=0, item=item))
    events.append(event("response.completed", response=response))
    return events


# --- embeddings and models --------------------------------------------------------------


def embeddings_exchange(body: dict[str, Any]) -> Exchange:
    raw = body.get("input")
    if isinstance(raw, str):
        inputs = [raw]
    elif isinstance(raw, list) and raw and all(isinstance(x, int) for x in raw):
        inputs = [" ".join(map(str, raw))]  # one pre-tokenised input
    elif isinstance(raw, list) and raw:
        inputs = [x if isinstance(x, str) else " ".join(map(str, x)) for x in raw]
    else:
        raise BadRequest("'input' must be a string or a non-empty list")
    return Exchange(api="openai.embeddings", model=str(body.get("model", "")), inputs=tuple(inputs))


def embeddings_response(exchange: Exchange, body: dict[str, Any]) -> Response:
    size = embeddings.dimensions_for(exchange.model, body.get("dimensions"))
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(exchange.inputs):
        vector = embeddings.embed(text, size)
        encoded: Any = embeddings.encode_base64(vector) if as_base64 else vector
        data.append({"object": "embedding", "index": index, "embedding": encoded})
    tokens = sum(embeddings.token_count(t) for t in exchange.inputs)
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return JsonResponse(200, {"object": "list", "data": data, "model": exchange.model, "usage": usage})


MODELS = ("gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "text-embedding-3-large")


def models_response() -> Response:
    data = [{"id": m, "object": "model", "created": CREATED, "owned_by": "fake-llm"} for m in MODELS]
    return JsonResponse(200, {"object": "list", "data": data})


def error_body(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}
