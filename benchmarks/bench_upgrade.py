"""What `roadmap upgrade` costs on a full-size copy: wall and CPU time of the plan.

Builds, in a temporary folder, a template from this repository's HEAD (every tracked file),
a "Use this template" copy of it, 20 learner edits (10 in learner-owned files, 10 in
template-owned files) and a template v2 that changes 50 template-owned files (10 of them the
same ones the learner edited, on other lines) and one roadmap text. Then runs
`roadmap upgrade` (the plan, nothing pushed) as a fresh process and prints what it found
and what it took. Not a test; numbers for docs.

    uv run python benchmarks/bench_upgrade.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "b",
    "GIT_AUTHOR_EMAIL": "b@example.com",
    "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=ENV, input=data, capture_output=True, check=True
    ).stdout


def commit(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def build(tmp: Path) -> Path:
    template, copy = tmp / "template", tmp / "copy"
    for folder in (template, copy):
        folder.mkdir()
        git(folder, "init", "-q", "-b", "main")
        archive = git(ROOT, "archive", "HEAD")
        subprocess.run(["tar", "-x"], cwd=folder, input=archive, check=True)
        commit(folder, "v1")
    py = sorted(p for p in (template / "src").rglob("*.py") if p.stat().st_size > 200)[:50]
    for n in range(10):
        (copy / f"projects/notes-{n}.md").write_text("mine\n", encoding="utf-8")
        append(copy / py[n].relative_to(template), f"# learner note {n}\n")
    commit(copy, "learner work")
    for path in py:
        prepend(path, "# template v2\n")
    phase = template / "roadmap/phases/p1.yaml"
    phase.write_text(
        phase.read_text(encoding="utf-8").replace("ja: 基礎構築", "ja: 基礎の構築", 1), encoding="utf-8"
    )
    commit(template, "v2")
    return copy


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        copy = build(Path(tmp))
        files = len(git(copy, "ls-files").splitlines())
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "llm_roadmap",
                "--root",
                str(copy),
                "upgrade",
                "--template",
                "b/t",
                "--from",
                str(Path(tmp) / "template"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.splitlines()
    print(f"exit code {done.returncode}; {files} tracked files in the copy")
    print(next((line for line in lines if line[:1].isdigit()), "no file changes"))
    roadmap = sum(1 for line in lines if line.startswith(("  ~ issue", "  ~ milestone", "  + issue")))
    print(f"roadmap changes shown: {roadmap}")
    print(f"wall {wall:.2f} s, CPU (git included) {cpu:.2f} s")
    if done.returncode:
        print(done.stderr, file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
