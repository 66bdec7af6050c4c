"""`roadmap kits`: projects/kits.lock.json, the files each kit ships, and its `--check`."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.deliverables import manifest
from llm_roadmap.model.load import load_roadmap
from testing.repo import REPO_ROOT, copy_repo, copy_shipped_projects, invoke, snapshot, write

if TYPE_CHECKING:
    from pathlib import Path

LOCK = "projects/kits.lock.json"
KIT = "projects/p1-d01-simple-chat"


def _kit_folders(root: Path) -> list[str]:
    return sorted({d.folder for _, d in load_roadmap(root).deliverables()})


def test_the_shipped_manifest_is_up_to_date() -> None:
    """Fails when a kit's file changed without `uv run roadmap kits` (template CI).

    A learner's own copy differs from the manifest as soon as they start a deliverable,
    which is the point of it; so only the template's CI (ROADMAP_REQUIRE_KITS_LOCK=1, set
    by .ci/run) demands an exact match. Everywhere, the manifest must list every kit.
    """
    recorded = manifest.load(REPO_ROOT)
    assert sorted(recorded.kits) == _kit_folders(REPO_ROOT), f"run `{manifest.REGENERATE}`"
    current = manifest.build(REPO_ROOT, _kit_folders(REPO_ROOT))
    differences = manifest.differences(recorded, current)
    if differences and os.environ.get("ROADMAP_REQUIRE_KITS_LOCK") != "1":
        pytest.skip(f"projects/ differs from {LOCK} (your own work?): {differences[:3]}")
    assert differences == [], f"{LOCK} is stale: run `{manifest.REGENERATE}` and commit it"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path)
    shutil.rmtree(root / "projects")
    copy_shipped_projects(root)
    return root


def test_kits_writes_the_manifest_and_check_then_passes(root: Path) -> None:
    (root / LOCK).unlink()
    assert invoke(root, "kits", "--check").exit_code == 1
    result = invoke(root, "kits")
    assert result.exit_code == 0
    assert (root / LOCK).read_text(encoding="utf-8") == (REPO_ROOT / LOCK).read_text(encoding="utf-8")
    before = snapshot(root)
    result = invoke(root, "kits", "--check")
    assert (result.exit_code, result.stdout) == (0, f"{LOCK} is up to date\n")
    assert invoke(root, "kits").stdout == f"{LOCK} is up to date\n"
    assert snapshot(root) == before


def test_check_names_each_difference_and_the_fix(root: Path) -> None:
    with (root / KIT / "requirements.txt").open("a", encoding="utf-8") as f:
        f.write("python-dotenv>=1.0\n")
    write(root, f"{KIT}/simple_chat.py", "print('hi')\n")
    (root / "projects/p1-d03-langchain-summarizer/data/sample.txt").unlink()
    before = snapshot(root)
    result = invoke(root, "kits", "--check")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {LOCK} is out of date: the kits in projects/ differ from it\n"
        f"  {KIT}/requirements.txt: changed\n"
        f"  {KIT}/simple_chat.py: not listed\n"
        "  projects/p1-d03-langchain-summarizer/data/sample.txt: listed but missing\n"
        f"  hint: in the template repository, run `uv run roadmap kits` and commit {LOCK}\n"
    )
    assert snapshot(root) == before


def test_a_windows_checkout_hashes_the_same(root: Path) -> None:
    path = root / KIT / "requirements.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert invoke(root, "kits", "--check").exit_code == 0


def test_environments_and_caches_in_a_kit_are_not_kit_files(root: Path) -> None:
    for junk in (".venv/bin/python", ".env", "__pycache__/x.pyc", "outputs/adapter.bin", ".pytest_cache/v"):
        write(root, f"{KIT}/{junk}", "x")
    assert invoke(root, "kits", "--check").exit_code == 0


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param('{"kits": {\n  "a": 1,\n}', "3:1: not valid JSON", id="syntax"),
        pytest.param('{"kits": {"projects/x": {"README.md": 1}}}', '1:1: "kits" must map', id="shape"),
        pytest.param("[]", '1:1: "kits" must map', id="not-an-object"),
    ],
)
def test_a_broken_manifest_is_bad_input(root: Path, text: str, where: str) -> None:
    write(root, LOCK, text)
    result = invoke(root, "kits", "--check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {LOCK}:{where}")
    assert "\n  hint: restore it with git\n" in result.stderr
