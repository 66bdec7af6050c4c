"""Helpers for the deliverable tests: lay a kit out in a temporary folder and run its contract.

A sample is the shipped kit (its check.yaml and data files, copied from projects/) plus the
learner's files that the test writes. Samples never live in projects/: they would be
solutions.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from pathlib import Path

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.contract import load_contract
from llm_roadmap.deliverables.render import ReportRenderer
from llm_roadmap.deliverables.report import DeliverableReport, Status
from llm_roadmap.deliverables.runner import RunOptions, check_deliverable
from llm_roadmap.render import Renderer
from testing.repo import copy_shipped_kit

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECTS = REPO_ROOT / "projects"
TEMPLATES = REPO_ROOT / "templates"
NONCE = "t0"
# Faster learner-side pytest runs: the tool's venv has heavy pytest plugins (langsmith).
FAST_PYTEST = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}

# Sample files several deliverables share (a web app recurs in phases 1 and 3).
TRIVIAL_TEST = """
def test_truth():
    assert 1 + 1 == 2
"""

SIMPLE_CHAT = """
import os


def is_exit(line: str) -> bool:
    return line.strip().lower() == "exit"


def main() -> None:
    from openai import OpenAI

    client = OpenAI()
    while True:
        try:
            line = input("> ")
        except EOFError:
            break
        if is_exit(line):
            break
        reply = client.chat.completions.create(
            model=os.environ.get("MODEL", "gpt-4o-mini"),
            messages=[{"role": "user", "content": line}],
        )
        print(reply.choices[0].message.content)


if __name__ == "__main__":
    main()
"""

SIMPLE_CHAT_TEST = """
from simple_chat import is_exit


def test_exit_words():
    assert is_exit("exit")
    assert not is_exit("hello")
"""

SIMPLE_CHAT_FILES = {
    "simple_chat.py": SIMPLE_CHAT.lstrip(),
    "requirements.txt": "openai\n",
    "tests/test_simple_chat.py": SIMPLE_CHAT_TEST.lstrip(),
}

FASTAPI_APP = """
from fastapi import FastAPI, HTTPException
from openai import OpenAI, OpenAIError
from pydantic import BaseModel

app = FastAPI()
SYSTEM = "あなたは丁寧なアシスタントです。"


class ChatRequest(BaseModel):
    message: str


class ChatResponse(BaseModel):
    {reply_field}: str


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/chat")
def chat(request: ChatRequest) -> ChatResponse:
    try:
        answer = OpenAI().chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": request.message}],
        )
    except OpenAIError as exc:
        raise HTTPException(status_code=503, detail="the model is not available") from exc
    return ChatResponse({reply_field}=answer.choices[0].message.content or "")
"""

APP_TESTS = """
from fastapi.testclient import TestClient

from app.main import app


def test_health():
    assert TestClient(app).get("/health").json() == {"status": "ok"}


def test_chat_rejects_missing_message():
    assert TestClient(app).post("/chat", json={}).status_code == 422


def test_chat_rejects_a_number():
    assert TestClient(app).post("/chat", json={"message": 1}).status_code == 422
"""


def lay_out(tmp_path: Path, folder: str, files: dict[str, str]) -> Path:
    """Copy the kit `projects/<folder>` (minus its README) and write the sample's files."""
    dest = tmp_path / folder
    if not (tmp_path / "ruff.toml").exists():  # lint samples with the learners' rules
        shutil.copy(PROJECTS / "ruff.toml", tmp_path / "ruff.toml")
    # The kit as shipped, never the learner's own work in their copy's projects/ (issue #9).
    copy_shipped_kit(f"projects/{folder}", dest, leave_out=("README.md",))
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return dest


def ruff_path() -> str | None:
    found = shutil.which("ruff")
    beside = Path(sys.executable).parent / "ruff"
    return found or (str(beside) if beside.exists() else None)


def options(
    root: Path, *, python: str | None = None, kinds: set[str] | None = None, **extra: object
) -> RunOptions:
    return RunOptions(
        root=root,
        fallback_python=python or sys.executable,
        base_env=sandbox.safe_environment(dict(os.environ)),
        python=python,
        ruff=ruff_path(),
        kinds=frozenset(kinds) if kinds else None,
        nonce=NONCE,
        extra_env=dict(FAST_PYTEST),
        **extra,  # type: ignore[arg-type]
    )


def check(folder: Path, **kwargs: object) -> DeliverableReport:
    """Run the contract in `folder` as `roadmap check` would (with a fixed nonce)."""
    contract = load_contract(folder / "check.yaml")
    return check_deliverable(contract, options(folder.parent, **kwargs))  # type: ignore[arg-type]


def failures(report: DeliverableReport, language: str = "en") -> dict[str, list[str]]:
    """Check id → rendered messages, for the checks that failed."""
    renderer = ReportRenderer(Renderer(TEMPLATES, language))  # type: ignore[arg-type]
    view = renderer.deliverable_view(report)
    return {c.id: c.messages for c in view.checks if c.status == Status.FAILED}


def statuses(report: DeliverableReport) -> dict[str, str]:
    return {r.id: str(r.status) for r in report.results}


def explain(report: DeliverableReport) -> str:
    """Everything about the failed checks, for assertion messages."""
    lines = []
    for result in report.results:
        if result.status is Status.FAILED:
            lines.append(f"{result.id}: {[f.code for f in result.findings]} {result.findings}")
            lines += ["    " + line for line in result.details]
    return "\n".join(lines)


def assert_passed(report: DeliverableReport) -> None:
    failed = [r.id for r in report.results if r.status is not Status.PASSED]
    assert not failed, f"not passed: {failed}\n{explain(report)}"
