"""`roadmap weekly`'s reading of the working tree: which deliverables the learner started."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.commands.weekly import present_paths
from llm_roadmap.deliverables import manifest
from testing.repo import copy_repo, copy_shipped_projects, load, write

if TYPE_CHECKING:
    from pathlib import Path

    from testing.repo import Loaded


@pytest.fixture
def loaded(tmp_path: Path) -> Loaded:
    """A copy with every kit exactly as the template ships it."""
    root = copy_repo(tmp_path)
    shutil.rmtree(root / "projects")
    copy_shipped_projects(root)
    return load(root)


def _present(loaded: Loaded) -> frozenset[str]:
    return present_paths(loaded.root, loaded.roadmap, manifest.load(loaded.root))


def test_kits_as_shipped_are_not_started(loaded: Loaded) -> None:
    """Issue #9: every kit ships check.yaml and requirements.txt (and p3-d01 a starter)."""
    assert _present(loaded) == frozenset()


def test_kit_environments_are_not_work(loaded: Loaded) -> None:
    for junk in (".venv/bin/python", ".env", "__pycache__/app.cpython-312.pyc"):
        write(loaded.root, f"projects/p2-d01-basic-rag/{junk}", "x")
    assert _present(loaded) == frozenset()


def test_added_or_changed_files_are_work(loaded: Loaded) -> None:
    root = loaded.root
    write(root, "projects/p1-d01-simple-chat/simple_chat.py", "print('hi')\n")
    write(root, "projects/p2-d01-basic-rag/rag.py", "...\n")
    starter = root / "projects/p3-d01-public-dataset-finetune/train_lora.py"
    starter.write_text(starter.read_text(encoding="utf-8") + "# my settings\n", encoding="utf-8")
    assert _present(loaded) == {
        "projects/p1-d01-simple-chat/simple_chat.py",
        "projects/p2-d01-basic-rag",
        "projects/p3-d01-public-dataset-finetune",
    }


def test_a_changed_kit_file_is_work(loaded: Loaded) -> None:
    path = loaded.root / "projects/p2-d02-evaluation-report/requirements.txt"
    path.write_text(path.read_text(encoding="utf-8") + "ragas\n", encoding="utf-8")
    assert _present(loaded) == {"projects/p2-d02-evaluation-report"}
