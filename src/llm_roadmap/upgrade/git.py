"""A thin shell around the `git` command: plumbing only, never the learner's work tree."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from llm_roadmap.errors import GitFailed

if TYPE_CHECKING:
    from collections.abc import Mapping

TIMEOUT = 600.0  # a fetch of a large template over a slow link


@dataclass(frozen=True)
class Entry:
    """One file of a tree: its mode (100644, 100755, 120000) and blob id."""

    mode: str
    blob: str


Tree = dict[str, Entry]


@dataclass(frozen=True)
class Git:
    """git in `root`, with extra environment (identity, credentials) for every call."""

    root: Path
    env: Mapping[str, str] | None = None

    def run(self, *args: str, data: bytes | None = None, ok: tuple[int, ...] = (0,)) -> str:
        return self.run_bytes(*args, data=data, ok=ok).decode("utf-8", "replace")

    def run_bytes(self, *args: str, data: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        done = self._run(args, data)
        if done.returncode not in ok:
            message = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
            raise GitFailed(f"git {args[0]} failed: {message}")
        return done.stdout

    def rev(self, name: str) -> str | None:
        """The commit `name` points at, or None."""
        out = self.run("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", ok=(0, 1))
        return out.strip() or None

    def tree(self, commit: str) -> Tree:
        out = self.run_bytes("ls-tree", "-r", "-z", "--full-tree", commit)
        tree: Tree = {}
        for record in out.split(b"\0"):
            if record:
                info, _, path = record.partition(b"\t")
                mode, kind, blob = info.decode().split(" ")
                if kind == "blob":  # submodules (commit entries) are the learner's business
                    tree[path.decode("utf-8", "surrogateescape")] = Entry(mode, blob)
        return tree

    def tree_id(self, commit: str) -> str:
        return self.run("rev-parse", f"{commit}^{{tree}}").strip()

    def blob(self, blob: str) -> bytes:
        return self.run_bytes("cat-file", "blob", blob)

    def write_blob(self, data: bytes) -> str:
        return self.run("hash-object", "-w", "--stdin", data=data).strip()

    def root_commits(self, commit: str) -> list[str]:
        return self.run("rev-list", "--max-parents=0", commit).split()

    def commits_with_trees(self, commit: str) -> list[tuple[str, str]]:
        """(commit, tree) of every ancestor of `commit`, newest first."""
        out = self.run("log", "--format=%H %T", commit)
        return [(line[:40], line[41:]) for line in out.splitlines() if line]

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self._exit_code("merge-base", "--is-ancestor", older, newer) == 0

    def _exit_code(self, *args: str) -> int:
        return self._run(args, None).returncode

    def _run(self, args: tuple[str, ...], data: bytes | None) -> subprocess.CompletedProcess[bytes]:
        # Never prompt for a password: a private template without a token fails at once.
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(self.env or {})}
        cmd = ["git", "-C", str(self.root), *args]
        try:
            return subprocess.run(cmd, input=data, capture_output=True, env=env, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitFailed(f"git {args[0]} could not run: {exc}") from exc

    def fetch(self, url: str, ref: str, into: str) -> str:
        """Fetch `ref` of `url` (full history: the base may be old) into `into`; its commit."""
        self.run("fetch", "--no-tags", "--force", "--quiet", url, f"+{ref}:{into}")
        commit = self.rev(into)
        if commit is None:
            raise GitFailed(f"git fetch of {url} left no commit at {into}")
        return commit

    def remote_head(self, remote: str, branch: str) -> str | None:
        """The commit of `branch` on `remote`, or None when it does not exist there."""
        out = self.run("ls-remote", "--heads", remote, f"refs/heads/{branch}")
        return out.split()[0] if out.strip() else None

    def push(self, remote: str, commit: str, branch: str) -> None:
        self.run("push", "--force", "--quiet", remote, f"{commit}:refs/heads/{branch}")

    def commit_tree(self, parent: str, changes: Mapping[str, Entry | None], message: str, date: str) -> str:
        """A commit on `parent` with `changes` (None: remove); a private index, no work tree."""
        index = self._git_dir() / "roadmap-upgrade.index"
        git = Git(self.root, {**(self.env or {}), "GIT_INDEX_FILE": str(index)})
        git.run("read-tree", parent)
        records = [
            f"0 {'0' * 40}\t{path}\0" if entry is None else f"{entry.mode} {entry.blob}\t{path}\0"
            for path, entry in sorted(changes.items())
        ]
        git.run(
            "update-index", "-z", "--index-info", data="".join(records).encode("utf-8", "surrogateescape")
        )
        tree = git.run("write-tree").strip()
        stamped = Git(self.root, {**(self.env or {}), "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        commit = stamped.run("commit-tree", tree, "-p", parent, data=message.encode()).strip()
        index.unlink(missing_ok=True)
        return commit

    def _git_dir(self) -> Path:
        return Path(self.run("rev-parse", "--absolute-git-dir").strip())

    def committer_date(self, commit: str) -> str:
        return self.run("show", "-s", "--format=%cI", commit).strip()
