"""`secrets`: no API key or token written into the deliverable's files, no `.env` committed.

A public repository's history is read by bots within minutes of a push, so a key in the
code is a leaked key. detect-secrets (Yelp) scans with its OpenAI, GitHub and private-key
detectors plus ours for Anthropic, Hugging Face and newer OpenAI keys
(`secret_plugins.py`). The findings name the file, the line and the kind of key, never
the key itself: the report goes into a job summary and an issue comment.

The files scanned are those git would commit: tracked and new ones, not ignored ones.
So the learner's own `.env` (ignored by projects/.gitignore) is fine, and flagged only
once it is tracked. Outside a git repository every file is scanned but `.env` files.

A key split to dodge a pattern (`"sk-" + "proj-..."`) is still a key written into the code:
a look at each .py file's syntax tree flags `api_key=` given a string literal (or literals
joined) in a call to an OpenAI or Anthropic client, the anti-pattern itself. In test files
only literals that start like a key (`sk-`) count, so `OpenAI(api_key="dummy")` against a
local server stays allowed there; the fake LLM's own keys are never flagged.
"""

from __future__ import annotations

import ast
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.checks.parse import SKIPPED_DIRS
from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import SecretsCheck

PLUGINS = Path(__file__).with_name("secret_plugins.py")
# detect-secrets' secret_type → (whose key it is, the variable the SDK reads it from; none
# for a private key, whose path the learner keeps in a variable of their own naming).
KINDS: dict[str, tuple[str, str]] = {
    "OpenAI Token": ("OpenAI", "OPENAI_API_KEY"),
    "OpenAI API Key": ("OpenAI", "OPENAI_API_KEY"),
    "Anthropic API Key": ("Anthropic", "ANTHROPIC_API_KEY"),
    "Hugging Face Token": ("Hugging Face", "HF_TOKEN"),
    "GitHub Token": ("GitHub", "GITHUB_TOKEN"),
    "GitHub Fine-Grained Token": ("GitHub", "GITHUB_TOKEN"),
    "Private Key": ("SSH/TLS", ""),
}
_BUILT_IN = ("OpenAIDetector", "GitHubTokenDetector", "PrivateKeyDetector")
_CUSTOM = (
    "AnthropicKeyDetector",
    "OpenAIKeyDetector",
    "HuggingFaceTokenDetector",
    "GitHubFineGrainedTokenDetector",
)
# SDK client classes whose `api_key=` must come from the environment → (service, variable).
CLIENTS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI"), KINDS["OpenAI API Key"]),
    **dict.fromkeys(("Anthropic", "AsyncAnthropic"), KINDS["Anthropic API Key"]),
}
_MAX_BYTES = 2_000_000  # datasets and notebooks with outputs can be large; keys sit in code
_SHOWN = 10
ENV_EXAMPLES = frozenset({".env.example", ".env.sample", ".env.template"})


@dataclass(frozen=True)
class Leak:
    path: str
    line: int
    service: str
    variable: str


def run(check: SecretsCheck, ctx: CheckContext) -> Outcome:
    committed = _git_files(ctx.folder)
    files = committed if committed is not None else _walk(ctx.folder)
    findings = [
        Finding(code="secrets.env-committed", params={"path": name})
        for name in files
        if committed is not None and _is_env_file(name)
    ]
    scanned = [f for f in files if not _is_env_file(f)]
    leaks = scan(ctx.folder, scanned)
    seen = {(leak.path, leak.line) for leak in leaks}
    leaks += [leak for leak in literal_keys(ctx.folder, scanned) if (leak.path, leak.line) not in seen]
    leaks.sort(key=lambda leak: (leak.path, leak.line, leak.service))
    findings += [
        Finding(
            code="secrets.found",
            params={
                "path": leak.path,
                "line": leak.line,
                "service": leak.service,
                "variable": leak.variable,
            },
        )
        for leak in leaks[:_SHOWN]
    ]
    return Outcome.from_findings(findings)


def scan(folder: Path, names: Iterable[str]) -> list[Leak]:
    """Every key found in the named files (paths relative to `folder`), in file and line order."""
    # Imported here: detect-secrets takes ~0.4 s to import, and `--from-report` needs none of it.
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import transient_settings

    settings = {
        "plugins_used": [{"name": name} for name in _BUILT_IN]
        + [{"name": name, "path": f"file://{PLUGINS}"} for name in _CUSTOM],
    }
    leaks: set[Leak] = set()
    with transient_settings(settings) as active:
        # That filter drops `x = f(...)` lines, meant for the keyword detector we do not use:
        # it would let `OpenAI(api_key="sk-...")`, the commonest leak, through.
        active.disable_filters("detect_secrets.filters.heuristic.is_indirect_reference")
        for name in names:
            path = folder / name
            if not path.is_file() or path.stat().st_size > _MAX_BYTES:
                continue
            for secret in scan_file(str(path)):
                service, variable = KINDS.get(secret.type, (secret.type, "API_KEY"))
                leaks.add(Leak(name, secret.line_number, service, variable))
    return sorted(leaks, key=lambda leak: (leak.path, leak.line, leak.service))


def literal_keys(folder: Path, names: Iterable[str]) -> list[Leak]:
    """`api_key=` given a string literal in an SDK client call, in the named .py files."""
    from llm_roadmap.deliverables.fakellm.server import FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY

    allowed = {FAKE_OPENAI_KEY, FAKE_ANTHROPIC_KEY}
    leaks = []
    for name in names:
        path = folder / name
        if not name.endswith(".py") or not path.is_file() or path.stat().st_size > _MAX_BYTES:
            continue
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue  # the parse check reports it
        in_tests = _is_test_file(name)
        for node in ast.walk(tree):
            client = _client(node)
            if client is None:
                continue
            for keyword in node.keywords if isinstance(node, ast.Call) else ():
                value = _literal(keyword.value) if keyword.arg == "api_key" else None
                if not value or value in allowed or (in_tests and not value.startswith("sk-")):
                    continue
                leaks.append(Leak(name, keyword.value.lineno, *CLIENTS[client]))
    return leaks


def _client(node: ast.AST) -> str | None:
    """The SDK client class a call constructs (`OpenAI(...)`, `anthropic.Anthropic(...)`)."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name if name in CLIENTS else None


def _literal(node: ast.expr) -> str | None:
    """The text of a string literal, of literals joined with `+`, or of an f-string of literals."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.FormattedValue) and node.format_spec is None:
        return _literal(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = [_literal(value) for value in node.values]
        return None if any(p is None for p in parts) else "".join(p or "" for p in parts)
    return None


def _is_test_file(name: str) -> bool:
    path = Path(name)
    return "tests" in path.parts[:-1] or path.name.startswith("test_") or path.name == "conftest.py"


def _is_env_file(name: str) -> bool:
    base = Path(name).name
    return base not in ENV_EXAMPLES and (base == ".env" or base.startswith(".env.") or base.endswith(".env"))


def _git_files(folder: Path) -> list[str] | None:
    """The files git would commit under `folder` (relative to it); None outside a repository."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    names = [n for n in done.stdout.split("\0") if n]
    return sorted(n for n in names if not SKIPPED_DIRS.intersection(Path(n).parts))


def _walk(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(folder).parts)
    )
