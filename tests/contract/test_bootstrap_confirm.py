"""bootstrap on a terminal asks before writing, counting what the plan's summary counts
(objects to add, change and close; board values apart), not one per board value."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from contract.test_bootstrap import REPO, env, setup
from testing.repo import copy_repo

if TYPE_CHECKING:
    from pathlib import Path

    from testing.fake_github import FakeGitHub

PROMPT_END = b"[y/N]: "


def read_until(fd: int, end: bytes | None, timeout: float = 60) -> bytes:
    """What the terminal shows until `end` (None: until the program closes it)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while end is None or end not in seen:
        assert time.monotonic() < deadline, seen.decode(errors="replace")
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the program exited and closed the terminal
            chunk = b""
        if not chunk:
            assert end is None, seen.decode(errors="replace")
            break
        seen += chunk
    return seen


def test_the_prompt_counts_what_the_summary_counts(tmp_path: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    root = copy_repo(tmp_path / "repo")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_", "ROADMAP_"))}
    terminal, program_side = pty.openpty()
    program = subprocess.Popen(
        [sys.executable, "-m", "llm_roadmap", "--root", str(root), "bootstrap", "--repo", REPO],
        stdin=program_side,
        stdout=program_side,
        stderr=program_side,
        env={**environ, **env(fake_github)},
    )
    os.close(program_side)
    try:
        shown = read_until(terminal, PROMPT_END).decode().replace("\r\n", "\n")
        os.write(terminal, b"n\n")
        read_until(terminal, None)
        program.wait(timeout=60)
    finally:
        program.kill()
        os.close(terminal)

    summary = next(line for line in shown.splitlines() if line.startswith("計画 → "))
    totals = summary.split(": ", 1)[1]  # 追加 92、変更 0、クローズ 0（ボードの値 174 件）
    assert shown.endswith(f"\n{totals}を GitHub に書き込みますか？ [y/N]: ")
    assert fake_github.writes == []  # answered no
