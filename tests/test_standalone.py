"""A "Use this template" copy stands alone: everything it reads is inside the repository.

Issue #9: the tests once read the source roadmap from a folder beside the repository, and the
YAML headers named a path on a developer's machine. A learner's copy has nothing beside it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from testing.repo import REPO_ROOT, replace_once, write

if TYPE_CHECKING:
    from pathlib import Path

SOURCE = REPO_ROOT / "docs" / "source" / "roadmap-source.ja.md"
# The original roadmap, copied verbatim; a change to it is a change of roadmap version,
# made on purpose together with roadmap/*.yaml (then update this digest).
SOURCE_SHA256 = "66c94d62b25c0fa59c01ac4e521953f33d94d068ba929d42380052faffb73ea4"

# Built from pieces so that this file does not match itself.
# A developer machine's checkout lives in a top-level "/work" folder; GitHub's runners keep
# theirs under /home/runner/work/, which is the runner's, not ours, and may be named.
_MACHINE_PATHS = re.compile(r"(?<![\w.-])/" + "work/|" + r"\.\." + "/shared")
_NOISE = {"uv.lock"}  # wheel URLs and hashes, not paths


def test_the_source_roadmap_is_shipped_verbatim() -> None:
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == SOURCE_SHA256


def _tracked_files() -> list[str]:
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout (a downloaded archive): nothing lists the tracked files")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True, timeout=60
    )
    return [name for name in listed.stdout.decode().split("\0") if name]


def test_no_tracked_file_names_a_path_outside_the_repository() -> None:
    found = []
    for name in _tracked_files():
        path = REPO_ROOT / name
        if name in _NOISE or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if _MACHINE_PATHS.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


# The core unit tests: the schedule, the plan and the bots' pure logic. They run on the
# fixture roadmap (tests/resources/roadmap/) and the fixture config, never on what the
# learner edits; content tests (source coverage, README currency) are left out on purpose.
CORE_TESTS = (
    "tests/test_schedule.py",
    "tests/plan",
    "tests/bots/test_learning_log.py",
    "tests/bots/test_progress.py",
    "tests/bots/test_streak.py",
    "tests/bots/test_summary.py",
    "tests/commands/test_weekly.py",
)
# What a learner does to their copy: README step 3 and the settings it documents.
LEARNER_EDITS = {
    "roadmap/config.yaml": [
        ("start_date: 2027-01-04", "start_date: 2027-04-05"),
        ("timezone: Asia/Tokyo", "timezone: Europe/Berlin"),
        ("language: ja", "language: en"),
        ("  p1: 11", "  p1: 6"),
        ("skip: []", "skip: [p1.w1-4.python-basics]"),
        ("# repo: your-name/llm-roadmap", "repo: hanako/my-llm-year"),
    ],
    "roadmap/github.yaml": [
        ('  - name: "phase 1"', '  - name: "Phase 1 🚀"'),
        ("  - name: skill\n", "  - name: スキル\n"),
    ],
}
# What a learner adds once they start: their own p1-d01 chatbot with a test, a kit venv
# (its requirements.txt tells them to make one) and notes. The tests that lay samples on
# the kits must still see the kits as shipped (issue #9: they copied this work along).
LEARNER_WORK = {
    "projects/p1-d01-simple-chat/simple_chat.py": "from os import environ\n\nMODEL = environ['MODEL']\n",
    "projects/p1-d01-simple-chat/tests/test_chat.py": "from simple_chat import MODEL\n\n\ndef test_model():\n"
    "    assert MODEL\n",
    "projects/p1-d01-simple-chat/.venv/bin/python": "#!/bin/sh\nexit 1\n",
    "projects/p2-d01-basic-rag/notes.md": "# 進捗メモ\n",
}
LEARNER_WORK_TESTS = (
    "tests/commands/test_kits.py",
    "tests/deliverables/test_check_cli.py",
    "tests/deliverables/test_kits_phase1.py::test_simple_chat_passes",
    "tests/deliverables/test_kits_phase1.py::test_an_untouched_kit_is_not_started_rather_than_failed",
)
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "node_modules", "__pycache__", ".*_cache", ".roadmap", "*.pyc"
)


def test_core_unit_tests_pass_in_a_learners_edited_copy(tmp_path: Path) -> None:
    copy = tmp_path / "my-llm-year"
    shutil.copytree(REPO_ROOT, copy, ignore=_NOT_COPIED)
    for relative, edits in LEARNER_EDITS.items():
        for old, new in edits:
            replace_once(copy, relative, old, new)
    for relative, text in LEARNER_WORK.items():
        write(copy, relative, text)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GITHUB_", "GH_"))}
    environ.pop("ROADMAP_REQUIRE_KITS_LOCK", None)  # the template's own CI switch, not a learner's
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CORE_TESTS, *LEARNER_WORK_TESTS],
        cwd=copy,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
