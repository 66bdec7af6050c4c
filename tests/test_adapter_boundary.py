"""One package talks to GitHub: only `llm_roadmap.adapter` imports PyGithub or sends a
request through its requester (REST or GraphQL) (issue #11).

Imports are read with `ast` (type-checking-only imports count too: naming PyGithub's types
outside the adapter is how its objects start to leak), so a comment or a string that
mentions `github` never trips this.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "llm_roadmap"
ADAPTER = SRC / "adapter"


def imported_modules(source: str) -> set[str]:
    """Every module an `import` or `from ... import` in `source` names (absolute imports)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


# PyGithub's low-level door: how a raw REST call or any GraphQL document is sent.
REQUESTER = frozenset({"requester", "requestJsonAndCheck", "requestJson", "graphql_query"})


def sends_requests(source: str) -> bool:
    """Whether `source` reaches for PyGithub's requester (an attribute of that name)."""
    return any(
        isinstance(node, ast.Attribute) and node.attr in REQUESTER for node in ast.walk(ast.parse(source))
    )


def imports_pygithub(source: str) -> bool:
    return any(name == "github" or name.startswith("github.") for name in imported_modules(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from github import Github", True),
        ("import github.Issue", True),
        ("if TYPE_CHECKING:\n    from github.Repository import Repository", True),
        ("def f():\n    import github\n", True),
        ("from llm_roadmap.adapter.github_io import x", False),
        ("import githubkit", False),
        ("from . import github", False),  # a relative import names one of our own modules
        ("'from github import Github'  # a string, not an import", False),
    ],
)
def test_imports_pygithub_reads_imports_not_text(source: str, expected: bool) -> None:
    assert imports_pygithub(source) is expected


def test_only_the_adapter_imports_pygithub() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if not path.is_relative_to(ADAPTER) and imports_pygithub(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_adapter_does_import_pygithub() -> None:
    """The check above looks where PyGithub is: were it renamed away, it would pass vacuously."""
    assert any(imports_pygithub(path.read_text(encoding="utf-8")) for path in ADAPTER.rglob("*.py"))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("client.requester.requestJsonAndCheck('POST', url, input=body)", True),
        ("headers, data = repo._requester.requestJson('GET', '/user')", True),
        ("github.request('GET', '/repos/o/r')", False),  # our adapter's own door
        ("text = 'requester'", False),
    ],
)
def test_sends_requests_reads_attributes(source: str, expected: bool) -> None:
    assert sends_requests(source) is expected


def test_only_the_adapter_sends_requests() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if not path.is_relative_to(ADAPTER) and sends_requests(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# The adapter serves every command; it must not lean on any of them (review of #11: rest.py
# took ACTIONS_BOT from the bots and `Commit` from the streak).
COMMAND_PACKAGES = ("llm_roadmap.bots", "llm_roadmap.commands", "llm_roadmap.cli")


def test_the_adapter_imports_nothing_from_the_commands_it_serves() -> None:
    offenders = sorted(
        f"{path.relative_to(SRC)}: {name}"
        for path in ADAPTER.rglob("*.py")
        for name in imported_modules(path.read_text(encoding="utf-8"))
        if any(name == package or name.startswith(f"{package}.") for package in COMMAND_PACKAGES)
    )
    assert offenders == []
