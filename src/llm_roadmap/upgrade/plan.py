"""Plan an upgrade (fetch, base, merge) and build its commit; nothing here pushes or prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap.errors import UsageError
from llm_roadmap.upgrade.base import find_base, read_record, render_record
from llm_roadmap.upgrade.git import Entry
from llm_roadmap.upgrade.merge import FileChange, Trees, merge
from llm_roadmap.upgrade.owned import IGNORE_FILE, RECORD_FILE, Ownership

if TYPE_CHECKING:
    from llm_roadmap.upgrade.git import Git

TEMPLATE_REF = "refs/roadmap/template"
WORKFLOWS = ".github/workflows/"
IDENTITY = {
    "GIT_AUTHOR_NAME": "roadmap upgrade",
    "GIT_AUTHOR_EMAIL": "roadmap-upgrade@users.noreply.github.com",
    "GIT_COMMITTER_NAME": "roadmap upgrade",
    "GIT_COMMITTER_EMAIL": "roadmap-upgrade@users.noreply.github.com",
}


@dataclass(frozen=True)
class Source:
    """Where the template is: its name (for people) and the URL git fetches."""

    name: str
    url: str
    ref: str = "HEAD"


@dataclass(frozen=True)
class UpgradePlan:
    source: Source
    head: str
    base: str
    theirs: str
    changes: tuple[FileChange, ...]
    held_back: tuple[FileChange, ...]  # workflow changes the token may not push

    @property
    def conflicts(self) -> tuple[FileChange, ...]:
        return tuple(c for c in self.changes if c.action == "conflict")

    @property
    def up_to_date(self) -> bool:
        return not self.changes and not self.held_back


def plan_upgrade(git: Git, source: Source, *, base_option: str | None, skip_workflows: bool) -> UpgradePlan:
    """Fetch the template and merge its changes since the base into the copy's HEAD."""
    if git.run("rev-parse", "--is-shallow-repository").strip() == "true":
        raise UsageError(
            "this clone is shallow, so its first commit is unknown\n"
            "  hint: run `git fetch --unshallow` (in a workflow: actions/checkout with fetch-depth: 0)"
        )
    head = git.rev("HEAD")
    if head is None:
        raise UsageError("this repository has no commit yet\n  hint: commit your copy first")
    theirs = git.fetch(source.url, source.ref, TEMPLATE_REF)
    base = find_base(git, option=base_option, recorded=read_record(git.root), head=head, template=theirs)
    owned = Ownership.build(_ignore_lines(git, head))
    changes = merge(git, Trees(git.tree(base), git.tree(theirs), git.tree(head)), owned)
    held = tuple(c for c in changes if skip_workflows and c.path.startswith(WORKFLOWS))
    kept = tuple(c for c in changes if c not in held)
    return UpgradePlan(source, head, base, theirs, kept, held)


def _ignore_lines(git: Git, head: str) -> list[str]:
    """The learner's `.templatesyncignore` as committed (not a stray work-tree edit)."""
    entry = git.tree(head).get(IGNORE_FILE)
    return git.blob(entry.blob).decode("utf-8", "replace").splitlines() if entry else []


def build_commit(git: Git, plan: UpgradePlan, message: str) -> str:
    """The upgrade commit on HEAD: the merged files and the new record. Deterministic (the
    date is HEAD's), so a re-run with nothing new yields the same commit."""
    changes: dict[str, Entry | None] = {c.path: c.entry for c in plan.changes if c.writes}
    changes[RECORD_FILE] = Entry("100644", git.write_blob(render_record(plan.theirs).encode()))
    stamped = type(git)(git.root, {**(git.env or {}), **IDENTITY})
    return stamped.commit_tree(plan.head, changes, message, git.committer_date(plan.head))
