"""Which contracts to run: from the paths given, optionally only those changed since a commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from llm_roadmap.deliverables.contract import CONTRACT_FILE
from llm_roadmap.errors import UsageError

DEFAULT_TARGET = Path("projects")


def contract_paths(targets: list[Path]) -> list[Path]:
    """check.yaml files for each target: a check.yaml, a deliverable folder, or a folder of them."""
    found: list[Path] = []
    for target in targets:
        if target.is_file() and target.name == CONTRACT_FILE:
            found.append(target)
        elif (target / CONTRACT_FILE).is_file():
            found.append(target / CONTRACT_FILE)
        elif target.is_dir() and (inside := sorted(target.glob(f"*/{CONTRACT_FILE}"))):
            found += inside
        else:
            raise UsageError(
                f"{target}: no {CONTRACT_FILE} here\n"
                f"  hint: give a deliverable's folder (projects/p1-d01-simple-chat) or projects/"
            )
    return list(dict.fromkeys(found))


def changed_files(root: Path, since: str) -> list[str] | None:
    """Paths changed since commit `since`, committed or not; None when that cannot be told.

    None (a new branch's all-zero `before`, a shallow clone without the commit) means
    "check everything", which is slower but never misses a change.
    """
    if not since.strip("0"):
        return None
    diff = _git(root, "diff", "--name-only", since, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    if diff is None or untracked is None:
        return None
    return diff + untracked


def only_changed(paths: list[Path], root: Path, changed: list[str]) -> list[Path]:
    """The contracts whose folder holds one of the changed files."""
    base = root.resolve()
    selected = []
    for path in paths:
        try:
            folder = path.parent.resolve().relative_to(base).as_posix()
        except ValueError:
            continue
        if any(name.startswith(folder + "/") for name in changed):
            selected.append(path)
    return selected


def _git(root: Path, *args: str) -> list[str] | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return [line for line in done.stdout.splitlines() if line]
