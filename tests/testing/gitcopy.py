"""Two local git repositories for `roadmap upgrade`: a template and a learner's copy of it.

`template_and_copy` builds the template at v1 (two commits), a "Use this template" copy of
v1 (one root commit with the same tree, pushed to a bare `origin`), then the learner's
edits (in learner-owned and template-owned files) and the template's v2.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from testing.repo import copy_fixture_repo, replace_once, write

if TYPE_CHECKING:
    from pathlib import Path

IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    # Fixed dates: the same commit ids every run, so rendered texts can be golden files.
    "GIT_AUTHOR_DATE": "2027-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2027-01-01T00:00:00+00:00",
}
TEMPLATE = "tmpl-owner/llm-roadmap"
LEARNER = "octocat/llm-year"
KIT = "projects/p1-d01-simple-chat"
MOD = "\n".join(f"line {n}" for n in range(1, 21)) + "\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **IDENTITY}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


def commit_all(cwd: Path, message: str) -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
    return git(cwd, "rev-parse", "HEAD").strip()


@dataclass(frozen=True)
class Repos:
    server: Path  # file:// "GitHub": <server>/<owner>/<name>.git
    template: Path  # the template's work tree (at <server>/tmpl-owner/llm-roadmap.git)
    copy: Path  # the learner's clone
    origin: Path  # the learner's repository on "GitHub" (bare)
    v1: str
    v2: str

    @property
    def server_url(self) -> str:
        return self.server.as_uri()


def _template_v1(root: Path) -> tuple[str, str]:
    copy_fixture_repo(root)
    write(root, "README.md", "# LLM roadmap template\n")
    write(root, "scripts/tool", "#!/bin/sh\necho one\necho two\necho three\n").chmod(0o755)
    write(root, "src/pkg/mod.py", MOD)
    write(root, "src/pkg/old.py", "OLD = 1\n")
    write(root, "docs/guide.md", "# Guide\n")
    write(root, "docs/mine.md", "# Template notes\n")
    write(root, ".github/workflows/daily.yml", "name: daily\n")
    write(root, f"{KIT}/README.md", "# Simple chat\n\nBuild a chat app.\n")
    git(root, "init", "-q", "-b", "main")
    first = commit_all(root, "template: first")
    write(root, "docs/guide.md", "# Guide\n\nMore.\n")
    return first, commit_all(root, "template: v1")


def _copy_of(template: Path, v1: str, copy: Path, origin: Path) -> None:
    """What "Use this template" does: one new commit with the template's files, no history."""
    copy.mkdir()
    git(copy, "init", "-q", "-b", "main")
    archive = subprocess.run(["git", "archive", v1], cwd=template, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x"], cwd=copy, input=archive, check=True)
    commit_all(copy, "Initial commit")
    git(origin.parent, "init", "-q", "--bare", "-b", "main", origin.name)
    git(copy, "remote", "add", "origin", str(origin))
    git(copy, "push", "-q", "origin", "main")


def _learner_edits(copy: Path) -> None:
    write(copy, f"{KIT}/simple_chat.py", "print('my chat')\n")  # learner-owned, new
    replace_once(copy, "roadmap/config.yaml", "skip: []", "skip: []  # mine")  # learner-owned
    write(copy, "README.md", "# My year of LLMs\n")  # learner-owned
    write(copy, "notes/today.md", "learned a lot\n")  # learner-owned
    mod = MOD.replace("line 18\n", "line 18 (my fix)\n")  # template-owned: a clean merge
    write(copy, "src/pkg/mod.py", mod)
    write(copy, "scripts/tool", "#!/bin/sh\necho one\necho MY TWO\necho three\n")  # conflict
    write(copy, "docs/mine.md", "# My notes on the guide\n")  # named in .templatesyncignore
    write(copy, ".templatesyncignore", "# mine\ndocs/mine.md\n")
    commit_all(copy, "my work")
    git(copy, "push", "-q", "origin", "main")


def _template_v2(root: Path) -> str:
    write(root, "src/pkg/mod.py", MOD.replace("line 2\n", "line 2 (template)\n"))
    write(root, "scripts/tool", "#!/bin/sh\necho one\necho TEMPLATE TWO\necho three\n")
    (root / "src/pkg/old.py").unlink()
    write(root, "src/pkg/new.py", "NEW = 2\n")
    write(root, "docs/ガイド 2.md", "# 新しいガイド\n")  # a name git would quote without -z
    write(root, "docs/mine.md", "# Template notes, v2\n")
    write(root, ".github/workflows/daily.yml", "name: daily v2\n")
    write(root, f"{KIT}/README.md", "# Simple chat\n\nBuild a chat app with streaming.\n")
    write(root, f"{KIT}/simple_chat.py", "print('template starter')\n")  # learner's path
    replace_once(root, "roadmap/config.yaml", "skip: []", "skip: []  # template")
    write(root, "README.md", "# LLM roadmap template v2\n")
    replace_once(root, "roadmap/phases/p1.yaml", "ja: LLM API の基本", "ja: LLM API の基本（v2）")
    replace_once(root, "projects/kits.lock.json", "in your own copy.", "in your own copy (v2).")
    return commit_all(root, "template: v2")


def template_and_copy(tmp: Path) -> Repos:
    server = tmp / "server"
    template = server / TEMPLATE.replace("/", os.sep)
    template = template.with_name(template.name + ".git")
    template.mkdir(parents=True)
    origin = server / "octocat" / "llm-year.git"
    origin.parent.mkdir(parents=True)
    _, v1 = _template_v1(template)
    _copy_of(template, v1, tmp / "copy", origin)
    _learner_edits(tmp / "copy")
    return Repos(server, template, tmp / "copy", origin, v1, _template_v2(template))


def files_at(repo: Path, commit: str) -> dict[str, bytes]:
    """Every file of `commit` with its bytes."""
    names = git(repo, "ls-tree", "-r", "-z", "--name-only", commit).split("\0")
    return {name: _show(repo, f"{commit}:{name}") for name in names if name}


def _show(repo: Path, spec: str) -> bytes:
    return subprocess.run(["git", "show", spec], cwd=repo, capture_output=True, check=True).stdout
