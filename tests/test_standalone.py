"""A "Use this template" copy stands alone: everything it reads is inside the repository.

Issue #9: the tests once read the source roadmap from a folder beside the repository, and the
YAML headers named a path on a developer's machine. A learner's copy has nothing beside it.
"""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from testing.repo import REPO_ROOT

SOURCE = REPO_ROOT / "docs" / "source" / "roadmap-source.ja.md"
# The original roadmap, copied verbatim; a change to it is a change of roadmap version,
# made on purpose together with roadmap/*.yaml (then update this digest).
SOURCE_SHA256 = "66c94d62b25c0fa59c01ac4e521953f33d94d068ba929d42380052faffb73ea4"

# Built from pieces so that this file does not match itself.
_MACHINE_PATHS = ("/" + "work/", ".." + "/shared")
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
            if any(needle in line for needle in _MACHINE_PATHS):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
