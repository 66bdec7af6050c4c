"""Phase 1 deliverables: each contract against a passing and a failing sample.

The samples are written here, into tmp_path, next to a copy of the shipped kit; they are
what a learner might write, the failing ones with one typical mistake each.
"""

from __future__ import annotations

import stat
from typing import TYPE_CHECKING

from kits import (
    APP_TESTS,
    FASTAPI_APP,
    SIMPLE_CHAT,
    SIMPLE_CHAT_TEST,
    TRIVIAL_TEST,
    assert_passed,
    check,
    failures,
    lay_out,
    statuses,
)

if TYPE_CHECKING:
    from pathlib import Path


def test_simple_chat_passes(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p1-d01-simple-chat",
        {
            "simple_chat.py": SIMPLE_CHAT,
            "requirements.txt": "openai\n",
            "tests/test_simple_chat.py": SIMPLE_CHAT_TEST,
        },
    )
    assert_passed(check(folder))


def test_simple_chat_that_ignores_exit_fails_the_chat_check(tmp_path: Path) -> None:
    ignores_exit = SIMPLE_CHAT.replace("        if is_exit(line):\n            break\n", "")
    folder = lay_out(
        tmp_path,
        "p1-d01-simple-chat",
        {
            "simple_chat.py": ignores_exit,
            "requirements.txt": "openai\n",
            "tests/test_simple_chat.py": TRIVIAL_TEST,
        },
    )
    report = check(folder, kinds={"files", "run"})
    assert failures(report) == {"chat": ["the program called the LLM API 3 times; at most 1 expected"]}


def test_an_untouched_kit_is_not_started_rather_than_failed(tmp_path: Path) -> None:
    report = check(lay_out(tmp_path, "p1-d01-simple-chat", {}))
    assert not report.started
    assert set(statuses(report).values()) == {"skipped"}
    assert str(report.status) == "not-started"


CLI_CHATBOT = """
from openai import OpenAI

SYSTEM = "あなたはPythonの講師です。初心者にも分かるように、短く具体的に答えてください。"


def main() -> None:
    client = OpenAI()
    messages = [{"role": "system", "content": SYSTEM}]
    while True:
        try:
            line = input("you> ")
        except EOFError:
            break
        if line.strip() == "exit":
            break
        messages.append({"role": "user", "content": line})
        answer = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
        text = answer.choices[0].message.content or ""
        {remember}
        print(text)


if __name__ == "__main__":
    main()
"""


def test_prompt_optimized_bot_passes(tmp_path: Path) -> None:
    code = CLI_CHATBOT.replace("{remember}", 'messages.append({"role": "assistant", "content": text})')
    folder = lay_out(
        tmp_path,
        "p1-d02-prompt-optimized-bot",
        {
            "cli_chatbot.py": code,
            "PROMPTS.md": "# Prompts\n\n- v1: no role\n- v2: teacher role, short answers\n",
            "requirements.txt": "openai\n",
            "tests/test_bot.py": TRIVIAL_TEST,
        },
    )
    assert_passed(check(folder))


def test_prompt_optimized_bot_without_history_fails(tmp_path: Path) -> None:
    forgets = CLI_CHATBOT.replace("{remember}", "messages = messages[:1]")
    folder = lay_out(
        tmp_path,
        "p1-d02-prompt-optimized-bot",
        {
            "cli_chatbot.py": forgets,
            "PROMPTS.md": "x\n",
            "requirements.txt": "openai\n",
            "tests/test_bot.py": TRIVIAL_TEST,
        },
    )
    report = check(folder, kinds={"files", "run"})
    assert failures(report) == {"conversation": ["later requests did not include the conversation history"]}


SUMMARIZER = """
import sys
from pathlib import Path

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI


def build_chain():
    prompt = ChatPromptTemplate.from_messages(
        [("system", "次の文書を3行で要約してください。"), ("human", "{text}")]
    )
    return prompt | ChatOpenAI(model="gpt-4o-mini", temperature=0) | StrOutputParser()


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    print(build_chain().invoke({"text": text}))


if __name__ == "__main__":
    main()
"""


def test_langchain_summarizer_passes(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p1-d03-langchain-summarizer",
        {
            "summarizer.py": SUMMARIZER,
            "requirements.txt": "langchain-openai\n",
            "tests/test_summarizer.py": TRIVIAL_TEST,
        },
    )
    assert_passed(check(folder))


def test_summarizer_without_langchain_fails_the_langchain_check(tmp_path: Path) -> None:
    plain = """
    import sys
    from pathlib import Path

    from openai import OpenAI

    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    answer = OpenAI().chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "要約して: " + text}]
    )
    print(answer.choices[0].message.content)
    """
    folder = lay_out(
        tmp_path,
        "p1-d03-langchain-summarizer",
        {"summarizer.py": plain, "requirements.txt": "openai\n", "tests/test_summarizer.py": TRIVIAL_TEST},
    )
    report = check(folder, kinds={"files", "imports", "run"})
    modules = (
        "langchain / langchain_core / langchain_openai / langchain_anthropic"
        " / langchain_community / langchain_text_splitters"
    )
    assert failures(report) == {"langchain": [f"summarizer.py imports none of {modules}"]}


EXTRACTOR = """
import sys
from pathlib import Path

from openai import OpenAI
from pydantic import BaseModel


class ExtractedInfo(BaseModel):
    company: str
    contact_name: str
    email: str
    phone: str
    meeting_date: str | None


def extract(text: str) -> ExtractedInfo:
    completion = OpenAI().chat.completions.parse(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "問い合わせメールから項目を抽出してください。"},
            {"role": "user", "content": text},
        ],
        response_format=ExtractedInfo,
    )
    return completion.choices[0].message.parsed


if __name__ == "__main__":
    print(extract(Path(sys.argv[1]).read_text(encoding="utf-8")).model_dump_json())
"""


def test_data_extractor_passes(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p1-d04-data-extractor",
        {
            "data_extractor.py": EXTRACTOR,
            "requirements.txt": "openai\npydantic\n",
            "tests/test_extractor.py": TRIVIAL_TEST,
        },
    )
    assert_passed(check(folder))


def test_data_extractor_without_structured_output_fails(tmp_path: Path) -> None:
    unstructured = """
    import json
    import sys
    from pathlib import Path

    from openai import OpenAI
    from pydantic import BaseModel


    class ExtractedInfo(BaseModel):
        company: str
        contact_name: str
        email: str


    if __name__ == "__main__":
        text = Path(sys.argv[1]).read_text(encoding="utf-8")
        answer = OpenAI().chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "会社名は？ " + text}]
        )
        print(json.dumps({"company": answer.choices[0].message.content}))
    """
    folder = lay_out(
        tmp_path,
        "p1-d04-data-extractor",
        {
            "data_extractor.py": unstructured,
            "requirements.txt": "openai\n",
            "tests/test_extractor.py": TRIVIAL_TEST,
        },
    )
    report = check(folder, kinds={"files", "run"})
    assert failures(report) == {"extract": ["no request asked for structured output (a JSON schema)"]}


def test_data_extractor_output_that_does_not_validate_fails(tmp_path: Path) -> None:
    wrong_shape = EXTRACTOR.replace(
        'print(extract(Path(sys.argv[1]).read_text(encoding="utf-8")).model_dump_json())',
        'extract(Path(sys.argv[1]).read_text(encoding="utf-8"))\n    print(\'{"company": "x"}\')',
    )
    folder = lay_out(
        tmp_path,
        "p1-d04-data-extractor",
        {
            "data_extractor.py": wrong_shape,
            "requirements.txt": "openai\n",
            "tests/test_extractor.py": TRIVIAL_TEST,
        },
    )
    report = check(folder, kinds={"files", "run"})
    errors = "; ".join(
        f"{name}: Field required" for name in ("contact_name", "email", "phone", "meeting_date")
    )
    assert failures(report) == {
        "extract": [f"the output does not validate as data_extractor:ExtractedInfo: {errors}"]
    }


def web_app(reply_field: str = "reply") -> dict[str, str]:
    return {
        "app/__init__.py": "",
        "app/main.py": FASTAPI_APP.replace("{reply_field}", reply_field),
        "requirements.txt": "fastapi\nuvicorn\nopenai\nhttpx\n",
        "tests/test_app.py": APP_TESTS,
    }


def test_fastapi_app_passes(tmp_path: Path) -> None:
    assert_passed(check(lay_out(tmp_path, "p1-d05-fastapi-web-app", web_app())))


def test_fastapi_app_with_the_wrong_response_key_fails(tmp_path: Path) -> None:
    folder = lay_out(tmp_path, "p1-d05-fastapi-web-app", web_app(reply_field="answer"))
    report = check(folder, kinds={"files", "http"})
    assert failures(report) == {"api": ["the JSON from POST /chat lacks: reply"]}


DOCKERFILE = """
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app ./app
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
"""


def test_dockerized_app_passes_and_leaves_the_build_to_actions(tmp_path: Path) -> None:
    files = {**web_app(), "Dockerfile": DOCKERFILE, ".dockerignore": ".env\n.venv\n__pycache__\n"}
    report = check(lay_out(tmp_path, "p1-d06-dockerized-app", files))
    build = next(r for r in report.results if r.id == "docker-build")
    assert [f.code for f in build.findings] == ["docker.not-enabled"]
    assert {k: v for k, v in statuses(report).items() if v != "passed"} == {"docker-build": "skipped"}
    assert str(report.status) == "passed"


def test_dockerfile_with_a_baked_in_key_fails(tmp_path: Path) -> None:
    leaky = (
        "FROM python:latest\nENV OPENAI_API_KEY=sk-123\nCOPY app ./app\nCOPY main.py .\nCMD python -m app\n"
    )
    files = {**web_app(), "Dockerfile": leaky, ".dockerignore": "__pycache__\n"}
    report = check(
        lay_out(tmp_path, "p1-d06-dockerized-app", files), kinds={"files", "dockerfile", "docker-build"}
    )
    assert failures(report) == {
        "dockerfile": [
            "there is no EXPOSE",
            "line 1: the base image python:latest has no fixed tag",
            "line 2: OPENAI_API_KEY is given a value (a secret would be baked into the image)",
            "line 4: the COPY source main.py does not exist",
            ".dockerignore does not exclude .env",
        ]
    }
    assert statuses(report)["docker-build"] == "skipped"


def _fake_docker(tmp_path: Path, exit_code: int) -> str:
    script = tmp_path / "bin" / "docker"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\necho "docker $*"\nexit {exit_code}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_docker_build_runs_where_docker_is_enabled(tmp_path: Path) -> None:
    files = {**web_app(), "Dockerfile": DOCKERFILE, ".dockerignore": ".env\n"}
    folder = lay_out(tmp_path, "p1-d06-dockerized-app", files)
    report = check(folder, kinds={"dockerfile", "docker-build"}, docker=_fake_docker(tmp_path, 0))
    build = next(r for r in report.results if r.id == "docker-build")
    assert str(build.status) == "passed"


def test_a_failing_docker_build_says_what_the_roadmap_advises(tmp_path: Path) -> None:
    files = {**web_app(), "Dockerfile": DOCKERFILE, ".dockerignore": ".env\n"}
    folder = lay_out(tmp_path, "p1-d06-dockerized-app", files)
    report = check(folder, kinds={"docker-build"}, docker=_fake_docker(tmp_path, 1))
    assert failures(report) == {"docker-build": ["docker build failed (exit code 1)"]}
    build = report.results[0]
    assert (
        build.details[0]
        == "docker build --file Dockerfile --tag roadmap-check/p1-d06-dockerized-app:latest ."
    )


ANTHROPIC_CHAT = """
import anthropic

client = anthropic.Anthropic()
while True:
    try:
        line = input()
    except EOFError:
        break
    if line == "exit":
        break
    with client.messages.stream(
        model="claude-3-5-haiku-latest", max_tokens=256, messages=[{"role": "user", "content": line}]
    ) as stream:
        for text in stream.text_stream:
            print(text, end="", flush=True)
    print()
"""


def test_simple_chat_with_the_anthropic_sdk_and_streaming_passes(tmp_path: Path) -> None:
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": ANTHROPIC_CHAT})
    report = check(folder, kinds={"run"})
    assert statuses(report) == {"chat": "passed"}
