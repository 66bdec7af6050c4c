"""What the fake model saw and what it answered, independent of the wire format.

Each API module turns a request into an `Exchange`; `Brain` decides the reply the same
way for OpenAI and Anthropic; the checks read the recorded exchanges to tell whether a
learner's program sent a system prompt, kept the history, put retrieved context into
the prompt, or completed a tool call.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Literal

from llm_roadmap.deliverables.fakellm.schema_fill import fill

Api = Literal["openai.chat", "openai.responses", "openai.embeddings", "anthropic.messages"]
Role = Literal["user", "assistant", "tool"]

CANNED_REPLY = "これはチェック用の偽モデルの応答です。"
_SEARCH_TOOL = re.compile(r"search|retriev|lookup|query|document|docs|rag|検索", re.IGNORECASE)


@dataclass(frozen=True)
class Turn:
    role: Role
    text: str


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class Exchange:
    """One request, reduced to what the checks and the reply logic need."""

    api: Api
    model: str
    system: str = ""
    turns: tuple[Turn, ...] = ()
    tools: tuple[Tool, ...] = ()
    tool_choice: Literal["auto", "none", "required"] | str = "auto"
    schema: dict[str, Any] | None = None
    json_mode: bool = False
    stream: bool = False
    inputs: tuple[str, ...] = ()

    @property
    def prompt_text(self) -> str:
        """Everything the model was shown, as one string, for `prompt_contains`."""
        return "\n".join([self.system, *(t.text for t in self.turns)])

    @property
    def pending_tool_result(self) -> str | None:
        """The latest tool result if it came after the latest user message."""
        for turn in reversed(self.turns):
            if turn.role == "tool":
                return turn.text
            if turn.role == "user":
                return None
        return None

    @property
    def has_tool_result(self) -> bool:
        return any(t.role == "tool" for t in self.turns)

    @property
    def last_user_text(self) -> str:
        return next((t.text for t in reversed(self.turns) if t.role == "user"), "")

    @property
    def structured(self) -> bool:
        """A JSON schema was asked for, directly or as a forced tool call."""
        return self.schema is not None or (bool(self.tools) and self.tool_choice not in ("auto", "none"))


@dataclass(frozen=True)
class Reply:
    """The fake model's answer: text, or one tool call with JSON arguments."""

    ident: str
    text: str | None = None
    tool_name: str | None = None
    tool_args: dict[str, Any] = field(default_factory=dict)

    @property
    def tool_id(self) -> str:
        return f"call_{self.ident}"


@dataclass(frozen=True)
class ExchangeRecord:
    exchange: Exchange
    reply: Reply | None


class Brain:
    """Deterministic answers: the nth reply is the same for the same nonce, every run."""

    def __init__(self, nonce: str) -> None:
        self.nonce = nonce
        self._count = 0
        self._lock = threading.Lock()

    def answer(self, exchange: Exchange) -> Reply:
        with self._lock:
            self._count += 1
            number = self._count
        ident = f"{self.nonce}-{number}"
        if exchange.schema is not None:
            return Reply(ident, text=json.dumps(fill(exchange.schema), ensure_ascii=False))
        tool = self._tool_to_call(exchange)
        if tool is not None:
            # An agent's tool (a search) gets the user's question; a tool forced by name is a
            # structured-output schema, where the question would be a strange value.
            named = exchange.tool_choice not in ("auto", "required")
            args = fill(tool.schema, text="" if named else exchange.last_user_text)
            if not isinstance(args, dict):
                args = {}
            return Reply(ident, tool_name=tool.name, tool_args=args)
        text = self.text_reply(number, exchange.pending_tool_result)
        if exchange.json_mode:
            text = json.dumps({"answer": text}, ensure_ascii=False)
        return Reply(ident, text=text)

    def text_reply(self, number: int, tool_result: str | None = None) -> str:
        """The canned reply; after a tool call it quotes the tool's result, as a model would."""
        text = f"{CANNED_REPLY} [fake-llm {self.nonce}-{number}]"
        if tool_result:
            text += f" 参照: {' '.join(tool_result.split())[:200]}"
        return text

    def _tool_to_call(self, exchange: Exchange) -> Tool | None:
        if not exchange.tools or exchange.tool_choice == "none":
            return None
        if exchange.tool_choice not in ("auto", "required"):
            return next((t for t in exchange.tools if t.name == exchange.tool_choice), None)
        if exchange.tool_choice == "auto" and exchange.pending_tool_result is not None:
            return None  # the tool has answered: now the model writes its final answer
        searchish = [t for t in exchange.tools if _SEARCH_TOOL.search(t.name + t.description)]
        return (searchish or list(exchange.tools))[0]


def content_text(content: Any) -> str:
    """Plain text from a message content: a string or a list of typed parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(_part_text(part) for part in content if _part_text(part))
    return str(content)


def _part_text(part: Any) -> str:
    if isinstance(part, str):
        return part
    if not isinstance(part, dict):
        return ""
    if isinstance(part.get("text"), str):
        return str(part["text"])
    if "content" in part:  # Anthropic tool_result blocks nest their content
        return content_text(part["content"])
    if isinstance(part.get("output"), str):
        return str(part["output"])
    return ""
