"""A contract rewritten by learner code, or different from the commit, fails the check."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from kits import SIMPLE_CHAT_FILES

from llm_roadmap.cli import main
from llm_roadmap.deliverables import integrity
from testing.repo import copy_repo, copy_shipped_kit, write

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

CHAT = "projects/p1-d01-simple-chat"
CONTRACT = f"{CHAT}/check.yaml"
CLEAN_ENV = {"GITHUB_TOKEN": None, "GH_TOKEN": None, "GITHUB_REPOSITORY": None, "GITHUB_RUN_ID": None}
# Rewrites its own contract as it runs, then chats as the contract asks.
TAMPER = 'open("check.yaml", "a").write("# all checks removed\\n")\n' + SIMPLE_CHAT_FILES["simple_chat.py"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path / "repo")
    copy_shipped_kit("projects/p1-d01-simple-chat", root / CHAT)
    for name, text in SIMPLE_CHAT_FILES.items():
        write(root / CHAT, name, text)
    return root


def committed(root: Path) -> Path:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "kits")
    return root


def roadmap(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        ["--root", str(root), "check", str(root / CHAT), "--json", "--language", "en", *args],
        env=CLEAN_ENV,
        catch_exceptions=False,
    )


def outcome(result: Result) -> dict[str, tuple[str, list[str]]]:
    [deliverable] = json.loads(result.stdout)["deliverables"]
    return {r["id"]: (r["status"], [f["message"] for f in r["findings"]]) for r in deliverable["results"]}


def test_a_contract_rewritten_by_learner_code_fails_the_check(root: Path) -> None:
    write(committed(root), f"{CHAT}/simple_chat.py", TAMPER)
    result = roadmap(root, "--kind", "run")
    assert result.exit_code == 1
    assert outcome(result) == {
        "chat": ("skipped", ["check.yaml was rewritten, so this pass does not count"]),
        "contract": ("failed", [f"{CONTRACT} was rewritten while the checks ran"]),
    }
    assert result.stderr == ""


def test_a_contract_that_differs_from_the_commit_fails_the_check(root: Path) -> None:
    committed(root)
    path = root / CONTRACT
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: ruff\n", "  - id: lint\n"), "utf-8")
    result = roadmap(root, "--kind", "files")
    assert result.exit_code == 1
    assert outcome(result)["contract"] == ("failed", [f"{CONTRACT} differs from the committed file"])


def test_an_intact_committed_contract_adds_nothing(root: Path) -> None:
    result = roadmap(committed(root), "--kind", "files")
    assert result.exit_code == 0, result.output
    assert outcome(result) == {"files": ("passed", [])}
    assert result.stderr == ""


def test_outside_git_the_contract_is_compared_with_what_was_loaded_and_it_says_so(root: Path) -> None:
    write(root, f"{CHAT}/simple_chat.py", TAMPER)
    result = roadmap(root, "--kind", "run")
    assert result.exit_code == 1
    assert outcome(result)["contract"] == ("failed", [f"{CONTRACT} was rewritten while the checks ran"])
    untouched = roadmap(root, "--kind", "files")
    assert untouched.stderr == (
        "note: not a git repository, so check.yaml was compared only with its content before the checks,"
        " not with a commit\n"
    )


def test_an_untracked_kit_is_named(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "roadmap")
    git(root, "commit", "-qm", "roadmap only")
    result = roadmap(root, "--kind", "files")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"note: not committed, so not compared with a commit: {CONTRACT}\n"


def test_the_commit_compared_with_is_the_head_read_before_learner_code_ran(root: Path) -> None:
    committed(root)
    head = git(root, "rev-parse", "HEAD").strip()
    base = integrity.baseline([root / CONTRACT])
    loaded = (root / CONTRACT).read_bytes()
    (root / CONTRACT).write_bytes(loaded + b"# weaker\n")
    git(root, "commit", "-qam", "weaker")  # as learner code could, while its checks run
    (root / CONTRACT).write_bytes(loaded)
    assert base.commits == {root / CONTRACT: head}
    assert integrity.verify(base) == {root / CONTRACT: integrity.Verdict.SAME}


def test_verdicts_outside_git(tmp_path: Path) -> None:
    contract = write(tmp_path, "check.yaml", "deliverable: x\n")
    base = integrity.baseline([contract])
    assert integrity.verify(base) == {contract: integrity.Verdict.NOT_GIT}
    contract.unlink()
    assert integrity.verify(base) == {contract: integrity.Verdict.MISSING}
