"""The fake LLM server, exercised with the real `openai` and `anthropic` client packages."""

from __future__ import annotations

import json
import urllib.request
from typing import TYPE_CHECKING

import anthropic
import openai
import pytest
from pydantic import BaseModel

from llm_roadmap.deliverables.fakellm import CANNED_REPLY, FakeLLM
from llm_roadmap.deliverables.fakellm.embeddings import embed
from llm_roadmap.deliverables.fakellm.schema_fill import fill

if TYPE_CHECKING:
    from collections.abc import Iterator

REPLY_1 = f"{CANNED_REPLY} [fake-llm n-1]"
SEARCH_TOOL = {
    "type": "function",
    "function": {
        "name": "search_docs",
        "description": "Search the documents",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
    },
}


class Contact(BaseModel):
    company: str
    people: list[str]
    budget_yen: int
    email: str | None = None


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM("n") as server:
        yield server


@pytest.fixture
def oa(llm: FakeLLM) -> openai.OpenAI:
    return openai.OpenAI(base_url=llm.client_env()["OPENAI_BASE_URL"], api_key="sk-test", max_retries=0)


@pytest.fixture
def an(llm: FakeLLM) -> anthropic.Anthropic:
    return anthropic.Anthropic(
        base_url=llm.client_env()["ANTHROPIC_BASE_URL"], api_key="sk-test", max_retries=0
    )


def test_openai_chat_completion_replies_deterministically(llm: FakeLLM, oa: openai.OpenAI) -> None:
    messages = [{"role": "system", "content": "あなたは講師です"}, {"role": "user", "content": "こんにちは"}]
    response = oa.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    assert response.choices[0].message.content == REPLY_1
    assert response.choices[0].finish_reason == "stop"
    assert response.usage is not None
    assert response.usage.total_tokens > 0
    (record,) = llm.records
    assert (record.exchange.api, record.exchange.system, record.exchange.last_user_text) == (
        "openai.chat",
        "あなたは講師です",
        "こんにちは",
    )


def test_openai_chat_streams_the_same_reply_with_usage(oa: openai.OpenAI) -> None:
    stream = oa.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "hi"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == REPLY_1
    assert chunks[-1].usage is not None


def test_openai_structured_output_validates_against_the_pydantic_model(
    llm: FakeLLM, oa: openai.OpenAI
) -> None:
    completion = oa.chat.completions.parse(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "抽出して"}], response_format=Contact
    )
    parsed = completion.choices[0].message.parsed
    assert parsed == Contact(
        company="sample company", people=["sample people"], budget_yen=1, email="sample email"
    )
    assert llm.records[0].exchange.structured


def test_openai_json_mode_returns_a_json_object(oa: openai.OpenAI) -> None:
    response = oa.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "JSONで"}],
        response_format={"type": "json_object"},
    )
    assert json.loads(response.choices[0].message.content or "") == {"answer": REPLY_1}


def test_tool_call_round_trip_quotes_the_tool_result(llm: FakeLLM, oa: openai.OpenAI) -> None:
    question = {"role": "user", "content": "ハッカソンはいつ？"}
    first = oa.chat.completions.create(model="gpt-4o-mini", messages=[question], tools=[SEARCH_TOOL])  # type: ignore[list-item]
    call = first.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert (call.function.name, json.loads(call.function.arguments)) == (
        "search_docs",
        {"query": "ハッカソンはいつ？"},
    )  # type: ignore[union-attr]
    tool_result = {"role": "tool", "tool_call_id": call.id, "content": "社内ハッカソンは11月に開催"}
    second = oa.chat.completions.create(
        model="gpt-4o-mini",
        messages=[question, first.choices[0].message.model_dump(exclude_none=True), tool_result],  # type: ignore[list-item]
        tools=[SEARCH_TOOL],  # type: ignore[list-item]
    )
    assert (
        second.choices[0].message.content == f"{CANNED_REPLY} [fake-llm n-2] 参照: 社内ハッカソンは11月に開催"
    )
    assert llm.records[1].exchange.has_tool_result


def test_streamed_tool_call_arguments_reassemble(oa: openai.OpenAI) -> None:
    stream = oa.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "q"}],
        tools=[SEARCH_TOOL],
        stream=True,  # type: ignore[list-item]
    )
    arguments = "".join(
        c.choices[0].delta.tool_calls[0].function.arguments or ""  # type: ignore[index, union-attr]
        for c in stream
        if c.choices and c.choices[0].delta.tool_calls
    )
    assert json.loads(arguments) == {"query": "q"}


def test_responses_api_plain_streamed_and_parsed(llm: FakeLLM, oa: openai.OpenAI) -> None:
    plain = oa.responses.create(model="gpt-4o-mini", input="hello", instructions="be brief")
    assert plain.output_text == REPLY_1
    with oa.responses.stream(model="gpt-4o-mini", input="hello") as stream:
        assert stream.get_final_response().output_text == f"{CANNED_REPLY} [fake-llm n-2]"
    parsed = oa.responses.parse(model="gpt-4o-mini", input="extract", text_format=Contact)
    assert parsed.output_parsed is not None
    assert parsed.output_parsed.budget_yen == 1
    assert llm.records[0].exchange.system == "be brief"


def test_embeddings_float_and_base64_agree_and_rank_by_overlap(oa: openai.OpenAI) -> None:
    texts = ["社内ハッカソンは毎年11月に開催されます", "パスワードは12文字以上にしてください"]
    floats = oa.embeddings.create(model="text-embedding-3-small", input=texts, encoding_format="float")
    default = oa.embeddings.create(model="text-embedding-3-small", input=texts)  # the SDK asks for base64
    assert len(floats.data[0].embedding) == 1536
    assert default.data[0].embedding == pytest.approx(floats.data[0].embedding, abs=1e-6)
    query = embed("ハッカソンはいつ開催されますか", 1536)
    scores = [sum(a * b for a, b in zip(query, d.embedding, strict=True)) for d in floats.data]
    assert scores[0] > scores[1]


def test_embeddings_honour_dimensions(oa: openai.OpenAI) -> None:
    response = oa.embeddings.create(model="text-embedding-3-large", input="x", dimensions=256)
    assert len(response.data[0].embedding) == 256


def test_anthropic_messages_plain_and_streamed(llm: FakeLLM, an: anthropic.Anthropic) -> None:
    message = an.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=100,
        system="講師",
        messages=[{"role": "user", "content": "hi"}],
    )
    assert message.content[0].text == REPLY_1  # type: ignore[union-attr]
    with an.messages.stream(
        model="claude-3-5-haiku-latest", max_tokens=100, messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        assert "".join(stream.text_stream) == f"{CANNED_REPLY} [fake-llm n-2]"
    assert llm.records[0].exchange.system == "講師"


def test_anthropic_forced_tool_and_output_format_fill_the_schema(an: anthropic.Anthropic) -> None:
    tool = {"name": "record", "description": "save the contact", "input_schema": Contact.model_json_schema()}
    message = an.messages.create(
        model="claude",
        max_tokens=100,
        messages=[{"role": "user", "content": "抽出"}],
        tools=[tool],  # type: ignore[list-item]
        tool_choice={"type": "tool", "name": "record"},
    )
    assert message.stop_reason == "tool_use"
    Contact.model_validate(message.content[0].input)  # type: ignore[union-attr]
    parsed = an.messages.parse(
        model="claude", max_tokens=100, messages=[{"role": "user", "content": "x"}], output_format=Contact
    )
    assert parsed.parsed_output is not None
    assert parsed.parsed_output.company == "sample company"


def test_anthropic_tool_result_counts_as_a_round_trip(llm: FakeLLM, an: anthropic.Anthropic) -> None:
    tool = {
        "name": "search",
        "description": "検索",
        "input_schema": {"type": "object", "properties": {"q": {"type": "string"}}},
    }
    first = an.messages.create(
        model="claude", max_tokens=100, messages=[{"role": "user", "content": "q"}], tools=[tool]
    )  # type: ignore[list-item]
    use = first.content[0]
    messages = [
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": [use.model_dump()]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "結果です"}]},  # type: ignore[union-attr]
    ]
    final = an.messages.create(model="claude", max_tokens=100, messages=messages, tools=[tool])  # type: ignore[arg-type, list-item]
    assert final.content[0].text.endswith("参照: 結果です")  # type: ignore[union-attr]
    assert llm.records[1].exchange.has_tool_result


def test_api_errors_use_each_api_shape(oa: openai.OpenAI, an: anthropic.Anthropic) -> None:
    with pytest.raises(openai.BadRequestError, match="messages"):
        oa.chat.completions.create(model="gpt-4o-mini", messages=[])
    with pytest.raises(anthropic.BadRequestError, match="max_tokens"):
        an.post(
            "/v1/messages",
            cast_to=object,
            body={"model": "c", "messages": [{"role": "user", "content": "x"}]},
        )
    with pytest.raises(openai.NotFoundError):
        oa.post("/nowhere", cast_to=object, body={})


def test_models_are_listed(llm: FakeLLM) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{llm.base_url}/v1/models") as response:
        ids = [m["id"] for m in json.load(response)["data"]]
    assert "gpt-4o-mini" in ids


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string", "minLength": 14}, "sample valuexx"),
        ({"type": "integer", "minimum": 5, "maximum": 9}, 5),
        ({"type": "number", "exclusiveMinimum": 0.5}, 1.5),
        ({"enum": ["a", "b"]}, "a"),
        ({"anyOf": [{"type": "null"}, {"type": "boolean"}]}, True),
        ({"type": "array", "items": {"type": "string", "format": "date"}, "minItems": 2}, ["2025-01-15"] * 2),
        (
            {
                "$defs": {"P": {"type": "object", "properties": {"n": {"type": "integer"}}}},
                "$ref": "#/$defs/P",
            },
            {"n": 1},
        ),
    ],
)
def test_schema_fill_satisfies_constraints(schema: dict[str, object], expected: object) -> None:
    assert fill(schema) == expected
