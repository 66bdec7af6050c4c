"""What the upgraded roadmap would change on GitHub: new and removed items, moved dates.

Offline: both roadmaps (the copy's HEAD and HEAD with the upgrade) are read from git into
temporary folders and turned into bootstrap's desired state with the learner's config; the
two are compared by key. The real plan against GitHub needs a token: `bootstrap --dry-run`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from llm_roadmap.errors import InvalidInput
from llm_roadmap.paths import CONFIG_FILE
from llm_roadmap.settings import Settings
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.upgrade.git import Git, Tree
    from llm_roadmap.upgrade.plan import UpgradePlan

# What bootstrap's desired state is made of.
INPUTS = ("roadmap/", "templates/")
CHECKS_SUFFIX = "/check.yaml"
MAX_LINES = 40


def _is_input(path: str) -> bool:
    return path.startswith(INPUTS) or (path.startswith("projects/") and path.endswith(CHECKS_SUFFIX))


def roadmap_changes(git: Git, plan: UpgradePlan) -> list[str]:
    """One line per change bootstrap would make, or [] when the roadmap did not change."""
    if not any(_is_input(c.path) and c.writes for c in plan.changes):
        return []
    ours = git.tree(plan.head)
    upgraded = dict(ours)
    for change in plan.changes:
        if change.writes:
            upgraded.pop(change.path, None)
            if change.entry is not None:
                upgraded[change.path] = change.entry
    try:
        before = _desired(git, ours)
    except InvalidInput as exc:
        return [f"your current roadmap does not load, so there is nothing to compare: {_first(exc)}"]
    try:
        after = _desired(git, upgraded)
    except InvalidInput as exc:
        return [
            "the upgraded roadmap does not load with your config (resolve the conflicts, then run"
            f" `roadmap validate`): {_first(exc)}"
        ]
    lines = compare(before, after)
    return [
        *lines[:MAX_LINES],
        *([f"... and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else []),
    ]


def _first(exc: InvalidInput) -> str:
    return exc.problems[0].render().splitlines()[0] if exc.problems else str(exc)


def _desired(git: Git, tree: Tree) -> Desired:
    with tempfile.TemporaryDirectory(prefix="roadmap-upgrade-") as tmp:
        root = Path(tmp)
        for path, entry in tree.items():
            if _is_input(path) and entry.mode != "120000":
                target = root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(git.blob(entry.blob))
        settings = Settings(root=root, config_path=root / CONFIG_FILE)
        return Workspace.load(settings).desired(None)


def compare(before: Desired, after: Desired) -> list[str]:
    old = {i.key: i for i in before.issues}
    new = {i.key: i for i in after.issues}
    lines = [f"+ issue {new[k].title}" for k in sorted(new.keys() - old.keys())]
    lines += [
        f"- issue {old[k].title} (bootstrap --close-removed would close it)"
        for k in sorted(old.keys() - new.keys())
    ]
    for key in sorted(old.keys() & new.keys()):
        was, now = old[key], new[key]
        if (was.start, was.due) != (now.start, now.due):
            lines.append(f"~ issue {now.title}: {was.start}..{was.due} -> {now.start}..{now.due}")
        elif was.title != now.title or was.body != now.body:
            lines.append(f"~ issue {now.title}: text changed")
    old_ms = {m.key: m for m in before.milestones}
    new_ms = {m.key: m for m in after.milestones}
    lines += [
        f"+ milestone {new_ms[k].title} (due {new_ms[k].due_on})"
        for k in sorted(new_ms.keys() - old_ms.keys())
    ]
    lines += [f"- milestone {old_ms[k].title}" for k in sorted(old_ms.keys() - new_ms.keys())]
    lines += [
        f"~ milestone {new_ms[k].title}: due {old_ms[k].due_on} -> {new_ms[k].due_on}"
        for k in sorted(old_ms.keys() & new_ms.keys())
        if old_ms[k].due_on != new_ms[k].due_on
    ]
    return lines
