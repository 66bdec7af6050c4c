"""What a learner reads when a check fails: the cause first, in the words of their task, with
the fix (issue #9, item 10), and a missing library named with the way to install it (item 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

from kits import (
    APP_TESTS,
    FASTAPI_APP,
    PROJECTS,
    SIMPLE_CHAT,
    SIMPLE_CHAT_TEST,
    TEMPLATES,
    TRIVIAL_TEST,
    check,
    failures,
    lay_out,
)
from test_kits_phase1 import SUMMARIZER
from test_kits_phase2 import AGENT, RAG

from llm_roadmap.deliverables.contract import RunCheck, load_contract
from llm_roadmap.deliverables.render import ReportRenderer
from llm_roadmap.deliverables.report import Finding
from llm_roadmap.render import Renderer

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.deliverables.report import DeliverableReport


def hints(report: DeliverableReport, check_id: str, language: str = "en") -> list[str]:
    view = ReportRenderer(Renderer(TEMPLATES, language)).deliverable_view(report)  # type: ignore[arg-type]
    return next(c.hints for c in view.checks if c.id == check_id)


def test_a_summarizer_that_drops_the_document_is_told_about_its_input_not_retrieval(tmp_path: Path) -> None:
    drops = SUMMARIZER.replace(
        'print(build_chain().invoke({"text": text}))', 'print(build_chain().invoke({"text": text[:5]}))'
    )
    folder = lay_out(
        tmp_path,
        "p1-d03-langchain-summarizer",
        {
            "summarizer.py": drops,
            "requirements.txt": "langchain-openai\n",
            "tests/test_summarizer.py": TRIVIAL_TEST,
        },
    )
    report = check(folder, kinds={"run"})
    text = "社内勉強会「LLMランチ」は毎週水曜日の12時から"
    assert failures(report, "ja") == {
        "summarize": [f"モデルに送ったプロンプトに、入力した文書の本文がありません: {text}"]
    }
    assert failures(report) == {
        "summarize": [f"the prompt sent to the model does not contain the input document's text: {text}"]
    }
    assert "検索" not in " ".join(hints(report, "summarize", "ja"))


def test_a_crash_is_said_once_without_blaming_the_base_url(tmp_path: Path) -> None:
    crashes = SIMPLE_CHAT.replace("    client = OpenAI()\n", '    raise RuntimeError("boom")\n')
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": crashes})
    report = check(folder, kinds={"run"})
    assert failures(report) == {"chat": ["`python simple_chat.py` exited with code 1 (expected 0)"]}
    assert hints(report, "chat") == ["read the error at the end of the output below"]


def test_a_library_missing_from_a_plain_run_is_named_with_install_as_the_fix(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p1-d01-simple-chat",
        {"simple_chat.py": "import chromadb\n" + SIMPLE_CHAT, "tests/test_simple_chat.py": SIMPLE_CHAT_TEST},
    )
    report = check(folder, kinds={"pytest", "run"})
    missing = "module chromadb is not installed (package chromadb; ModuleNotFoundError)"
    assert failures(report)["chat"] == [missing, "`python simple_chat.py` exited with code 1 (expected 0)"]
    assert failures(report)["tests"][0] == missing
    (hint, *_) = hints(report, "chat")
    assert "not your own environment: run `uv run roadmap check --install p1-d01-simple-chat`" in hint
    assert "pip install" not in " ".join(hints(report, "chat"))


def test_after_install_a_missing_library_points_at_requirements_txt() -> None:
    finding = Finding(
        code="python.module-missing",
        params={
            "module": "dotenv",
            "package": "python-dotenv",
            "python": "/p/.venv/bin/python",
            "installed": True,
        },
    )
    message, hint = ReportRenderer(Renderer(TEMPLATES, "ja")).finding(
        finding, folder="projects/p1-d01-simple-chat"
    )
    assert message == "モジュール dotenv がありません（パッケージ python-dotenv、ModuleNotFoundError）"
    assert hint.startswith("requirements.txt に python-dotenv を追加してください")


def test_a_tool_result_that_never_reaches_the_model_is_said_first_and_alone(tmp_path: Path) -> None:
    code = AGENT.replace(
        "        for call in message.tool_calls:",
        '        return "(tool not run)"\n        for call in message.tool_calls:',
    )
    code = code.replace("{EXECUTE}", '"TODO"') + "\n\nembed(['warm-up'])\n"
    folder = lay_out(tmp_path, "p2-d03-rag-agent", {"agent.py": code, "requirements.txt": "openai\n"})
    report = check(folder, kinds={"run"})
    assert failures(report, "ja") == {"agent": ["ツールの実行結果がモデルに返されていません"]}


def web_app(app: str) -> dict[str, str]:
    return {
        "app/__init__.py": "",
        "app/main.py": app,
        "requirements.txt": "fastapi\nuvicorn\nopenai\nhttpx\n",
        "tests/test_app.py": APP_TESTS,
    }


def test_a_422_shows_fastapis_reason_and_what_the_check_sent(tmp_path: Path) -> None:
    query = FASTAPI_APP.replace("{reply_field}", "reply")
    query = query.replace("def chat(request: ChatRequest)", "def chat(message: str)")
    query = query.replace('"content": request.message', '"content": message')
    folder = lay_out(tmp_path, "p1-d05-fastapi-web-app", web_app(query))
    report = check(folder, kinds={"http"})
    assert failures(report) == {
        "api": ["POST /chat rejected the request with 422 (expected 200): query.message: Field required"]
    }
    (hint,) = hints(report, "api")
    assert hint.startswith('the check sent the JSON body {"message": "FastAPIの特徴を一言で教えてください"}.')


def test_a_missing_health_endpoint_fails_at_once(tmp_path: Path) -> None:
    no_health = FASTAPI_APP.replace("{reply_field}", "reply").replace(
        '@app.get("/health")', '@app.get("/healthz")'
    )
    folder = lay_out(tmp_path, "p1-d05-fastapi-web-app", web_app(no_health))
    report = check(folder, kinds={"http"})
    # Not "did not answer 200 within 60 s": that finding comes only once the timeout has passed.
    assert failures(report) == {"api": ["GET /health answered 404: the app has no such endpoint"]}
    assert hints(report, "api") == ['add an endpoint, `@app.get("/health")`, that returns {"status": "ok"}']


# The frame chromadb's default embedding function shows when it cannot download its model.
ONNX_MODULE = """
def download():
    raise ConnectionError("[Errno -3] Temporary failure in name resolution")
"""


def test_chromas_offline_default_embedding_is_named_with_the_way_round(tmp_path: Path) -> None:
    rag = "import onnx_mini_lm_l6_v2\n\nonnx_mini_lm_l6_v2.download()\n" + RAG
    folder = lay_out(tmp_path, "p2-d01-basic-rag", {"rag.py": rag, "onnx_mini_lm_l6_v2.py": ONNX_MODULE})
    report = check(folder, kinds={"run"})
    message = (
        "ChromaDB's default embedding function tried to download its model (all-MiniLM-L6-v2)"
        " and failed: the check runs offline"
    )
    assert failures(report) == {
        "answer": [
            message,
            "`python rag.py 社内ハッカソンはいつ開催されますか？` exited with code 1 (expected 0)",
        ]
    }
    assert "OpenAIEmbeddingFunction" in hints(report, "answer")[0]


def test_a_dataset_row_with_the_wrong_keys_shows_the_keys_it_has(tmp_path: Path) -> None:
    rows = [json.dumps({"prompt": f"q{i}", "completion": f"a{i}"}) for i in range(12)]
    folder = lay_out(tmp_path, "p3-d02-lora-own-data", {"data/train.jsonl": "\n".join(rows) + "\n"})
    report = check(folder, kinds={"dataset"})
    expected = "data/train.jsonl:1: needs non-empty text in: instruction, output"
    assert failures(report)["dataset"][0] == expected + " (the row has: completion, prompt)"
    assert failures(report, "ja")["dataset"][0].endswith("（この行のキー: completion, prompt）")


def test_the_japanese_criteria_say_what_the_english_ones_say_about_embeddings() -> None:
    for path in sorted(PROJECTS.glob("*/check.yaml")):
        for item in load_contract(path).checks:
            if isinstance(item, RunCheck) and item.llm.embeddings:
                assert "Embeddings" in item.title.ja, path.parent.name
                assert "embeddings" in item.title.en, path.parent.name


def _bare_venv(path: Path) -> None:
    """A learner's venv with nothing installed in it (not even pip: fast to make)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)


def test_a_bare_venv_of_the_learner_is_named_as_theirs_with_its_own_install_command(tmp_path: Path) -> None:
    """Issue #9: their own venv is not 'another environment', and pytest is already listed."""
    files = {"simple_chat.py": SIMPLE_CHAT, "tests/test_simple_chat.py": SIMPLE_CHAT_TEST}
    folder = lay_out(tmp_path, "p1-d01-simple-chat", files)
    _bare_venv(folder / ".venv")
    report = check(folder, kinds={"pytest", "run"})
    install = "`p1-d01-simple-chat/.venv/bin/pip install -r p1-d01-simple-chat/requirements.txt`"
    (tests_hint, *_) = hints(report, "tests")
    assert tests_hint == (
        f"install requirements.txt into your venv with {install},"
        " or run `uv run roadmap check --install p1-d01-simple-chat`"
    )
    (chat_hint, *_) = hints(report, "chat")
    assert chat_hint == (
        "this check ran your code with your venv p1-d01-simple-chat/.venv, which lacks openai:"
        f" install requirements.txt into it with {install},"
        " or run `uv run roadmap check --install p1-d01-simple-chat`"
    )
    ja = " ".join(hints(report, "tests", "ja") + hints(report, "chat", "ja"))
    assert "追加" not in ja
    assert "あなたの環境ではなく" not in ja


def test_a_module_missing_from_the_tools_python_says_so_and_adds_only_what_is_unlisted() -> None:
    params = {"module": "dotenv", "package": "python-dotenv", "python": "/t/bin/python", "installed": False}
    renderer = ReportRenderer(Renderer(TEMPLATES, "en"))
    listed = Finding(code="python.module-missing", params={**params, "listed": True})
    unlisted = Finding(code="python.module-missing", params={**params, "listed": False})
    _, hint = renderer.finding(listed, folder="projects/p1-d01-simple-chat")
    assert hint == (
        "this check ran your code with the roadmap tool's own Python (/t/bin/python), not your own"
        " environment: run `uv run roadmap check --install projects/p1-d01-simple-chat`"
        " to install requirements.txt first"
    )
    _, hint = renderer.finding(unlisted, folder="projects/p1-d01-simple-chat")
    assert hint.endswith("(add python-dotenv to it first: it is not listed)")
    pytest_missing = Finding(code="pytest.missing", params={"python": "/t/bin/python", "listed": True})
    _, hint = renderer.finding(pytest_missing, folder="projects/p1-d01-simple-chat")
    assert hint == (
        "run `uv run roadmap check --install projects/p1-d01-simple-chat`:"
        " it installs requirements.txt and pytest"
    )
