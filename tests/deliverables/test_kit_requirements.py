"""Every library a kit's README suggests is in that kit's requirements.txt, so `--install`
(and the learner's own `pip install -r requirements.txt`) brings what the hints use."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from kits import PROJECTS

from llm_roadmap.deliverables.checks.causes import package

if TYPE_CHECKING:
    from pathlib import Path

KITS = sorted(p.parent for p in PROJECTS.glob("*/README.md") if p.parent != PROJECTS)
_SPAN = re.compile(r"`([^`\n]+)`")
_IMPORT = re.compile(r"^(?:from\s+([\w.]+)\s+import\b|import\s+([\w.]+))")
_DOTTED = re.compile(r"^([a-z_][a-z0-9_]*)\.[A-Za-z_]")
# Modules a README may name in passing (`fastapi.testclient.TestClient(app)`).
MODULES = frozenset(
    {"openai", "anthropic", "dotenv", "langchain", "langchain_core", "langchain_openai"}
    | {"langchain_anthropic", "langchain_text_splitters", "langgraph", "chromadb", "ragas"}
    | {"fastapi", "pydantic", "uvicorn", "httpx", "transformers", "peft", "datasets", "torch"}
)
# Names a hint uses without an import line, and the package that provides them.
SYMBOLS = {
    "load_dotenv": "python-dotenv",
    "python-dotenv": "python-dotenv",
    "ChatOpenAI": "langchain-openai",
    "ChatAnthropic": "langchain-anthropic",
    "ChatPromptTemplate": "langchain-core",
    "StrOutputParser": "langchain-core",
    "RecursiveCharacterTextSplitter": "langchain-text-splitters",
    "create_react_agent": "langgraph",
    "OpenAIEmbeddingFunction": "chromadb",
    "TestClient": "httpx",  # fastapi.testclient runs on httpx
    "LoraConfig": "peft",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> set[str]:
    """Package names in a requirements file, following `-r other.txt`."""
    names: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= requirements(path.parent / line[2:].strip())
        elif match := re.match(r"[A-Za-z0-9][A-Za-z0-9_.-]*", line):
            names.add(normalise(match[0]))
    return names


def suggested(readme: str) -> dict[str, str]:
    """Each package the README's code spans need → the span that needs it."""
    needed: dict[str, str] = {}
    for span in _SPAN.findall(readme):
        imported = _IMPORT.match(span)
        module = (imported[1] or imported[2]) if imported else None
        if module is None and (dotted := _DOTTED.match(span)) and dotted[1] in MODULES:
            module = dotted[1]
        if module is not None:
            assert module.split(".")[0] in MODULES, f"`{span}`: add {module} to MODULES in this test"
            needed.setdefault(normalise(package(module)), span)
        for symbol, name in SYMBOLS.items():
            if re.search(rf"(?<![\w-]){re.escape(symbol)}(?![\w-])", span):
                needed.setdefault(name, span)
    return needed


@pytest.mark.parametrize("kit", KITS, ids=lambda p: p.name)
def test_every_library_a_readme_suggests_is_in_the_kits_requirements(kit: Path) -> None:
    readme = (kit / "README.md").read_text(encoding="utf-8")
    missing = {
        name: span
        for name, span in suggested(readme).items()
        if name not in requirements(kit / "requirements.txt")
    }
    assert missing == {}, f"{kit.name}/requirements.txt lacks what README.md suggests"


def test_the_scan_sees_the_hints_that_once_failed() -> None:
    """Issue #9: load_dotenv(), ChatAnthropic and RecursiveCharacterTextSplitter."""
    readme = (PROJECTS / "p1-d03-langchain-summarizer/README.md").read_text(encoding="utf-8")
    assert {"langchain-anthropic", "langchain-text-splitters", "langchain-core"} <= set(suggested(readme))
    readme = (PROJECTS / "p1-d01-simple-chat/README.md").read_text(encoding="utf-8")
    assert {"openai", "anthropic", "python-dotenv"} <= set(suggested(readme))
