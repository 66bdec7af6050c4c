"""Hostile learner code against a real `roadmap check` process (issue #10).

`roadmap check` runs here as its own process, with tokens in its environment the way a
learner's shell (`export GH_TOKEN`) or a CI job has them: `/proc/<pid>/environ` keeps a
process's original environment, so only a real process tree shows what learner code can
read. The jail needs PID and mount namespaces; where this machine has none the secret
test is skipped, unless ROADMAP_REQUIRE_SANDBOX=1 (CI), where that is a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llm_roadmap.deliverables import sandbox
from testing.repo import copy_repo, copy_shipped_kit, write

CHAT = "projects/p1-d01-simple-chat"
DEADLINE = 60


def require_jail() -> None:
    if sandbox.find_jail().isolated:
        return
    reason = "this machine allows no PID and mount namespaces for the jail"
    if os.environ.get("ROADMAP_REQUIRE_SANDBOX") == "1":
        pytest.fail(f"ROADMAP_REQUIRE_SANDBOX=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path / "repo")
    copy_shipped_kit("projects/p1-d01-simple-chat", root / CHAT)
    return root


def roadmap_check(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`roadmap check` as its own process, with only `env` (plus PATH and HOME)."""
    base = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "--root", str(root), "check", "--language", "en", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )


def marked(marker: str) -> list[int]:
    """Live processes whose command line carries `marker` (zombies are not alive)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(proc.name))
    return found


SPY = """
import glob
import os

seen = []
for path in ["/proc/%d/environ" % os.getppid(), *glob.glob("/proc/*/environ")]:
    try:
        with open(path, "rb") as handle:
            seen.append(handle.read())
    except OSError:
        pass
found = b"\\n".join(seen)
# Hex, so that no redaction of the report can hide what was read.
with open({dump!r}, "w") as sink:
    sink.write(found.hex())
print(found.decode("utf-8", "replace").replace("\\0", " "))
"""


def test_no_token_reaches_learner_code_or_the_report(root: Path, tmp_path: Path) -> None:
    require_jail()
    dump = tmp_path / "seen.hex"
    write(root, f"{CHAT}/simple_chat.py", SPY.format(dump=str(dump)))
    tokens = {
        "GH_TOKEN": f"ghp_{secrets.token_hex(16)}",
        "GITHUB_TOKEN": f"ghs_{secrets.token_hex(16)}",
        "OPENAI_API_KEY": f"sk-{secrets.token_hex(16)}",
    }
    report, summary = tmp_path / "report.json", tmp_path / "summary.md"
    done = roadmap_check(
        root, str(root / CHAT), "--kind", "run", "--save", str(report), "--summary", str(summary), env=tokens
    )
    seen = bytes.fromhex(dump.read_text())
    assert b"PATH=" in seen  # the spy ran and read environments (its own, at least)
    visible = [name for name, value in tokens.items() if value.encode() in seen]
    assert visible == []  # tokens visible to learner code: 0
    for text in (done.stdout, done.stderr, report.read_text(), summary.read_text()):
        assert not any(value in text for value in tokens.values())


DAEMON = """
import subprocess
import sys

# A daemon that leaves the process group, waits for the check to end, then fakes the report.
code = "import time; time.sleep({sleep}); open({report!r}, 'w').write('all passed')  # {marker}"
quiet = {{"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}}
subprocess.Popen([sys.executable, "-c", code], start_new_session=True, **quiet)
print("bye")
"""


def test_a_daemon_started_by_learner_code_ends_with_the_check(root: Path, tmp_path: Path) -> None:
    marker = f"daemon-{secrets.token_hex(4)}"
    report = tmp_path / "report.json"
    write(root, f"{CHAT}/simple_chat.py", DAEMON.format(sleep=1.5, report=str(report), marker=marker))
    done = roadmap_check(root, str(root / CHAT), "--kind", "run", "--save", str(report), env={})
    saved = report.read_text()
    assert marked(marker) == []  # learner processes alive after a check: 0
    time.sleep(2)
    assert report.read_text() == saved
    assert json.loads(saved)["deliverables"][0]["results"][0]["status"] == "failed"
    assert done.returncode == 1


def test_the_sweep_ends_a_setsid_daemon_without_namespaces(tmp_path: Path) -> None:
    """The fallback where Linux allows no namespace: the subreaper collects the orphan."""
    marker = f"orphan-{secrets.token_hex(4)}"
    program = (
        "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)  # {marker}'],"
        " start_new_session=True)\n"
    )
    with sandbox.confined(sandbox.NO_JAIL):
        done = sandbox.run(
            [sys.executable, "-c", program], cwd=tmp_path, env={"PATH": "/usr/bin:/bin"}, timeout=10
        )
    assert done.returncode == 0
    assert marked(marker) == []


def test_a_server_and_what_it_started_end_with_stop(tmp_path: Path) -> None:
    marker = f"server-{secrets.token_hex(4)}"
    program = (
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)  # {marker}'],"
        " start_new_session=True)\n"
        "time.sleep(30)\n"
    )
    for jail in (sandbox.NO_JAIL, sandbox.find_jail()):
        with sandbox.confined(jail):
            process = sandbox.start(
                [sys.executable, "-c", program],
                cwd=tmp_path,
                env={"PATH": "/usr/bin:/bin"},
                log=tmp_path / "log",
            )
            deadline = time.monotonic() + 10
            while not marked(marker) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert marked(marker)
            sandbox.stop(process, grace=1)
        assert marked(marker) == []


VANDAL = """
import pathlib

results = []
for target in {targets!r}:
    try:
        pathlib.Path(target).write_text("vandalised\\n")
        results.append("wrote " + target)
    except OSError as exc:
        results.append(f"refused {{target}}: {{exc.strerror}}")
pathlib.Path("results.txt").write_text("\\n".join(results))
"""


def test_learner_code_may_write_its_own_folder_only(root: Path, tmp_path: Path) -> None:
    """Not another kit's contract, the roadmap, nor the files the next steps of a CI job read."""
    require_jail()
    runner_temp = tmp_path / "work/_temp"
    github_env = runner_temp / "_runner_file_commands/set_env_1"
    action = tmp_path / "work/_actions/actions/upload-artifact/v4/dist/index.js"
    for path in (github_env, action):
        write(path.parent, path.name, "")
    protected = [
        root / "roadmap/config.yaml",
        root / "projects/p1-d02-prompt-optimized-bot/check.yaml",
        github_env,
        action,
    ]
    before = [path.read_bytes() for path in protected]
    targets = [str(path) for path in protected] + [str(root / CHAT / "notes.txt")]
    write(root, f"{CHAT}/simple_chat.py", VANDAL.format(targets=targets))
    env = {"RUNNER_TEMP": str(runner_temp), "GITHUB_ENV": str(github_env)}
    roadmap_check(root, str(root / CHAT), "--kind", "run", env=env)
    assert (root / CHAT / "results.txt").read_text().splitlines() == [
        *(f"refused {path}: Read-only file system" for path in protected),
        f"wrote {root / CHAT / 'notes.txt'}",
    ]
    assert [path.read_bytes() for path in protected] == before
