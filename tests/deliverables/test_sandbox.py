"""The learner's code runs without secrets, within its time limit, and is stopped for good."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kits import check, failures, lay_out

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.fakellm.server import FAKE_OPENAI_KEY

SECRETS = {
    "GITHUB_TOKEN": "ghs_real",
    "OPENAI_API_KEY": "sk-real",
    "ANTHROPIC_API_KEY": "sk-ant-real",
    "AWS_SECRET_ACCESS_KEY": "x",
    "HF_TOKEN": "hf_real",
    "PATH": "/usr/bin:/bin",
    "HOME": "/home/learner",
    "LANG": "C.UTF-8",
}


def test_safe_environment_keeps_only_the_allow_list() -> None:
    env = sandbox.safe_environment(SECRETS)
    assert {k: env[k] for k in ("PATH", "HOME", "LANG")} == {
        "PATH": "/usr/bin:/bin",
        "HOME": "/home/learner",
        "LANG": "C.UTF-8",
    }
    assert not {
        "GITHUB_TOKEN",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "HF_TOKEN",
    } & set(env)
    assert env["HF_HUB_OFFLINE"] == "1"
    assert "HF_HUB_OFFLINE" not in sandbox.safe_environment(SECRETS, gpu=True)


def test_install_environment_adds_installer_settings_but_no_token() -> None:
    env = sandbox.install_environment(
        {**SECRETS, "UV_INDEX_URL": "https://mirror.example/simple", "HTTPS_PROXY": "p"}
    )
    assert env["UV_INDEX_URL"] == "https://mirror.example/simple"
    assert env["HTTPS_PROXY"] == "p"
    assert "GITHUB_TOKEN" not in env


def test_the_learners_program_sees_only_the_fake_key(tmp_path: Path) -> None:
    spy = """
    import json
    import os

    print(json.dumps(dict(os.environ)))
    """
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": spy})
    report = check(folder, kinds={"run"})
    (result,) = report.results
    seen = json.loads(next(line for line in result.details if line.startswith("{")))
    assert seen["OPENAI_API_KEY"] == FAKE_OPENAI_KEY
    assert seen["OPENAI_BASE_URL"].startswith("http://127.0.0.1:")
    assert not {"GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"} & set(
        seen
    )


def test_a_program_that_never_exits_is_killed_with_its_children(tmp_path: Path) -> None:
    started = time.monotonic()
    done = sandbox.run(
        [sys.executable, "-c", "import subprocess, time; subprocess.Popen(['sleep', '60']); time.sleep(60)"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        timeout=1,
    )
    assert done.timed_out
    assert done.returncode is None
    assert time.monotonic() - started < 10


def test_a_descendant_that_left_the_group_cannot_stretch_the_timeout(tmp_path: Path) -> None:
    """A grandchild started with setsid escapes the group kill and keeps stdout open;
    the check still ends right after the timeout, with what was printed."""
    escape = (
        "import subprocess, sys, time\n"
        "subprocess.Popen(['sleep', '30'], start_new_session=True)\n"
        "print('started', flush=True)\n"
        "time.sleep(30)\n"
    )
    for jail in (sandbox.NO_JAIL, sandbox.find_jail()):
        started = time.monotonic()
        with sandbox.confined(jail):
            done = sandbox.run(
                [sys.executable, "-c", escape], cwd=tmp_path, env={"PATH": "/usr/bin:/bin"}, timeout=1
            )
        assert done.timed_out
        assert time.monotonic() - started < 4
        assert done.stdout == "started\n"


def test_a_missing_program_fails_as_without_a_jail(tmp_path: Path) -> None:
    for jail in (sandbox.NO_JAIL, sandbox.find_jail()):
        with sandbox.confined(jail):
            done = sandbox.run(
                ["/nonexistent/python"], cwd=tmp_path, env={"PATH": "/usr/bin:/bin"}, timeout=5
            )
        assert (done.returncode, done.stderr) == (
            None,
            "[Errno 2] No such file or directory: '/nonexistent/python'",
        )


def test_a_chat_loop_that_waits_forever_fails_with_the_timeout_hint(tmp_path: Path) -> None:
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": "import time\n\ntime.sleep(120)\n"})
    contract = (
        (folder / "check.yaml").read_text(encoding="utf-8").replace("    timeout: 30\n", "    timeout: 2\n")
    )
    (folder / "check.yaml").write_text(contract, encoding="utf-8")
    report = check(folder, kinds={"run"})
    assert failures(report) == {"chat": ["`python simple_chat.py` did not finish within 2 s"]}


def test_expand_fills_the_interpreter_and_placeholders() -> None:
    command = sandbox.expand(
        ["python", "-m", "uvicorn", "--port", "{port}", "python"], "/venv/bin/python", port="8123"
    )
    assert command == ["/venv/bin/python", "-m", "uvicorn", "--port", "8123", "python"]


def test_tail_keeps_the_end() -> None:
    assert sandbox.tail("\n".join(str(i) for i in range(100)), lines=3) == ["97", "98", "99"]


def test_the_jail_wraps_commands_and_binds_only_folders_inside_the_repository(tmp_path: Path) -> None:
    namespace, drop = sandbox.jail_parts("/bin/unshare", "/bin/setpriv", root=False)
    assert namespace[:3] == ("/bin/unshare", "--user", "--map-root-user")
    assert "--kill-child" in namespace
    assert "--mount-proc" in namespace
    jail = sandbox.Jail(namespace, drop, "/bin/mount", "/bin/sh")
    assert jail.wrap(["python", "x.py"]) == [*namespace, *drop, "python", "x.py"]
    kit, venv, outside = tmp_path / "projects/kit", tmp_path / "projects/.venv", tmp_path.parent
    kit.mkdir(parents=True)
    venv.mkdir()
    roots = [Path("/"), tmp_path, tmp_path / "absent"]
    wrapped = jail.protecting(roots, [kit, outside, tmp_path / "absent"]).wrap(["python"], venv)
    script = wrapped[len(namespace) : wrapped.index(drop[0])]
    assert script[:2] == ["/bin/sh", "-c"]
    writable = sorted(str(p.resolve()) for p in (outside, venv, kit))  # parents before children
    assert script[3:] == ["jail", "/bin/mount", *writable, "--", str(tmp_path.resolve()), "/", "--"]
    assert sandbox.NO_JAIL.protecting(roots).wrap(["python"], kit) == ["python"]


def test_the_jail_folders_keep_the_repository_and_the_runner_read_only(tmp_path: Path) -> None:
    environ = {"HOME": "/home/runner", "RUNNER_TEMP": "/home/runner/work/_temp", "HF_HOME": "/data/hf"}
    read_only, writable = sandbox.jail_folders(environ, root=tmp_path, temp=Path("/tmp"), gpu=True)
    assert read_only == [Path("/"), tmp_path, Path("/home/runner/work")]
    assert writable == [
        tmp_path / "projects/.venv",
        Path("/tmp"),
        Path("/var/tmp"),
        Path("/home/runner/.cache"),
        Path("/home/runner/.docker"),
        Path("/home/runner/.nv"),
        Path("/home/runner/.triton"),
        Path("/data/hf"),
    ]
