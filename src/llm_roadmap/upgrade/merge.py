"""The three-way merge of template-owned files: base (the template the copy was made from),
theirs (the template now) and ours (the learner's copy now).

Per path: unchanged in the template → the learner's file stays; unchanged by the learner →
the template's file; changed by both → `git merge-file`, whose conflict markers are kept
(never resolved silently). A change that cannot carry markers (one side deleted the file,
binary content) keeps the learner's file and is reported as a conflict.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from llm_roadmap.upgrade.git import Entry, Git, Tree
    from llm_roadmap.upgrade.owned import Ownership

Action = Literal["added", "updated", "deleted", "merged", "conflict"]
ACTION_ORDER: tuple[Action, ...] = ("conflict", "merged", "added", "updated", "deleted")
LABELS = ("yours (your copy)", "template (before)", "template (new)")


@dataclass(frozen=True)
class FileChange:
    """What the upgrade does to one path; `entry` None removes it, `markers` tells a conflict
    written into the file from one where the learner's file was kept."""

    path: str
    action: Action
    entry: Entry | None
    why: str = ""
    markers: bool = False

    @property
    def writes(self) -> bool:
        return self.action != "conflict" or self.markers


@dataclass(frozen=True)
class Trees:
    base: Tree
    theirs: Tree
    ours: Tree


def merge(git: Git, trees: Trees, owned: Ownership) -> list[FileChange]:
    """Every change to template-owned paths, sorted by action then path (a stable plan)."""
    paths = sorted(set(trees.base) | set(trees.theirs) | set(trees.ours))
    changes = [c for p in paths if owned.template_owns(p) for c in _one(git, trees, owned, p)]
    return sorted(changes, key=lambda c: (ACTION_ORDER.index(c.action), c.path))


def _one(git: Git, trees: Trees, owned: Ownership, path: str) -> list[FileChange]:
    base, theirs, ours = trees.base.get(path), trees.theirs.get(path), trees.ours.get(path)
    if theirs in (base, ours):
        return []  # nothing new from the template, or the learner already has it
    if ours == base or (owned.follows_template(path) and theirs is not None):
        return [_take(path, ours, theirs)]
    return [_both_changed(git, path, base, theirs, ours)]


def _take(path: str, ours: Entry | None, theirs: Entry | None) -> FileChange:
    if theirs is None:
        return FileChange(path, "deleted", None)
    return FileChange(path, "added" if ours is None else "updated", theirs)


def _both_changed(
    git: Git, path: str, base: Entry | None, theirs: Entry | None, ours: Entry | None
) -> FileChange:
    if theirs is None:
        return FileChange(path, "conflict", ours, "deleted in the template, changed in your copy")
    if ours is None:
        return FileChange(path, "conflict", None, "changed in the template, deleted in your copy")
    blobs = [git.blob(ours.blob), git.blob(base.blob) if base else b"", git.blob(theirs.blob)]
    if any(b"\0" in blob for blob in blobs):
        return FileChange(path, "conflict", ours, "binary file changed on both sides")
    merged, conflicts = _merge_file(git, blobs)
    mode = theirs.mode if base is None or ours.mode == base.mode else ours.mode
    entry = type(ours)(mode, git.write_blob(merged))
    if conflicts:
        return FileChange(path, "conflict", entry, f"{conflicts} conflicting hunk(s)", markers=True)
    return FileChange(path, "merged", entry)


def _merge_file(git: Git, blobs: list[bytes]) -> tuple[bytes, int]:
    with tempfile.TemporaryDirectory(prefix="roadmap-merge-") as tmp:
        files = [Path(tmp, name) for name in ("ours", "base", "theirs")]
        for file, blob in zip(files, blobs, strict=True):
            file.write_bytes(blob)
        labels = [arg for label in LABELS for arg in ("-L", label)]
        merged = git.run_bytes("merge-file", "-p", *labels, *map(str, files), ok=tuple(range(128)))
        conflicts = merged.count(b"\n<<<<<<< ") + merged.startswith(b"<<<<<<< ")
        return merged, conflicts
