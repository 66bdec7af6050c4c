"""Judge the traffic the fake LLM server recorded against a contract's `llm:` block."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap.deliverables.report import Finding

if TYPE_CHECKING:
    from llm_roadmap.deliverables.contract import LlmExpect
    from llm_roadmap.deliverables.fakellm import ExchangeRecord

CHAT_APIS = frozenset({"openai.chat", "openai.responses", "anthropic.messages"})


def chats(records: tuple[ExchangeRecord, ...]) -> list[ExchangeRecord]:
    return [r for r in records if r.exchange.api in CHAT_APIS]


def text_replies(records: tuple[ExchangeRecord, ...]) -> list[str]:
    """The text the fake model answered, in order (tool calls and JSON left out)."""
    return [
        r.reply.text
        for r in chats(records)
        if r.reply is not None and r.reply.text and r.exchange.schema is None and not r.exchange.json_mode
    ]


def judge(expect: LlmExpect, records: tuple[ExchangeRecord, ...]) -> list[Finding]:
    """One finding per expectation the recorded requests do not meet, the cause first.

    A tool result that never went back to the model explains both "too few requests" and
    "the passage never reached the model": then only the missing round trip is said.
    """
    calls = chats(records)
    no_round_trip = (
        expect.tool_round_trip and bool(calls) and not any(r.exchange.has_tool_result for r in calls)
    )
    findings = [_f("llm.no-tool-round-trip")] if no_round_trip else []
    if len(calls) < expect.min_requests and not no_round_trip:
        findings.append(_f("llm.too-few-requests", count=len(calls), minimum=expect.min_requests))
    if expect.max_requests is not None and len(calls) > expect.max_requests:
        findings.append(_f("llm.too-many-requests", count=len(calls), maximum=expect.max_requests))
    if not calls:
        return findings  # every other expectation would only repeat this one
    if expect.system_prompt and not any(r.exchange.system.strip() for r in calls):
        findings.append(_f("llm.no-system-prompt"))
    if expect.history and not any(_has_history(r) for r in calls):
        findings.append(_f("llm.no-history"))
    missing = [t for t in expect.prompt_contains if not any(t in r.exchange.prompt_text for r in calls)]
    if missing and not no_round_trip:
        code = "llm.missing-context" if expect.prompt_source == "retrieved" else "llm.missing-input"
        findings.append(_f(code, texts=missing))
    if expect.embeddings and not any(r.exchange.api == "openai.embeddings" for r in records):
        findings.append(_f("llm.no-embeddings"))
    if expect.structured_output and not any(r.exchange.structured for r in calls):
        findings.append(_f("llm.not-structured"))
    return findings


def _has_history(record: ExchangeRecord) -> bool:
    """The request carried an earlier user turn and the model's answer to it."""
    roles = [t.role for t in record.exchange.turns]
    return roles.count("user") >= 2 and "assistant" in roles


def _f(code: str, **params: object) -> Finding:
    return Finding(code=code, params=params)
