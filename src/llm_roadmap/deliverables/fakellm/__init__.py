"""A deterministic fake LLM server speaking the OpenAI and Anthropic HTTP APIs."""

from __future__ import annotations

from llm_roadmap.deliverables.fakellm.conversation import CANNED_REPLY, Exchange, ExchangeRecord, Reply
from llm_roadmap.deliverables.fakellm.server import FakeLLM

__all__ = ["CANNED_REPLY", "Exchange", "ExchangeRecord", "FakeLLM", "Reply"]
