"""Run the learner's code: no secrets in its environment, a time limit, and a clean stop.

The environment starts from an allow-list (PATH, HOME, locale, temp dirs), never from the
whole of `os.environ`, so tokens and API keys of the CI job or the learner's shell never
reach code under test. Each process gets its own session, so a timeout kills the whole
group (uvicorn workers, subprocesses a script starts) and not only the first process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

# Harmless variables a Python program needs to start and find its tools.
ALLOWED = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TMPDIR",
    "TEMP",
    "TMP",
    "USER",
    "LOGNAME",
    "SYSTEMROOT",
)
# On a GPU runner training needs to see the devices and the shared model cache.
GPU_ALLOWED = ("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "HF_HOME", "HF_HUB_CACHE")
FIXED = {
    "PYTHONUNBUFFERED": "1",  # replies show up on stdout even if the program is killed
    "PYTHONIOENCODING": "utf-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "NO_COLOR": "1",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
    "TOKENIZERS_PARALLELISM": "false",
    "LANGCHAIN_TRACING_V2": "false",  # LangSmith tracing would try to reach the internet
    "LANGSMITH_TRACING": "false",
}
_INSTALLER_NAMES = frozenset(
    {"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"}
    | {"SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "XDG_CACHE_HOME"}
)
_TAIL_LINES = 25
_TAIL_CHARS = 4000


def safe_environment(environ: Mapping[str, str], *, gpu: bool = False) -> dict[str, str]:
    """The allow-listed part of `environ`, plus fixed settings; the base for every child."""
    names = ALLOWED + (GPU_ALLOWED if gpu else ())
    env = {name: environ[name] for name in names if name in environ}
    env.update(FIXED)
    if not gpu:
        # Nothing is downloaded in a check: a tiny model is built locally instead.
        env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"})
    return env


def install_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """For `uv pip install` only: the safe environment plus uv's and pip's own settings.

    Package indexes, caches, proxies and CA bundles must reach the installer; tokens still
    do not, since only these prefixes and names pass.
    """
    env = safe_environment(environ)
    env.pop("NO_PROXY")
    env.pop("no_proxy")
    names: tuple[str, ...] = (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "no_proxy",
    )
    names += ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "XDG_CACHE_HOME")
    env.update({k: v for k, v in environ.items() if k in names or k.startswith(("UV_", "PIP_"))})
    return env


@dataclass(frozen=True)
class Finished:
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + ("\n" if self.stdout and self.stderr else "") + self.stderr


def expand(command: Sequence[str], python: str, **values: str) -> list[str]:
    """`python` becomes the learner's interpreter; `{port}`-style placeholders are filled."""
    result = []
    for index, part in enumerate(command):
        if index == 0 and part == "python":
            result.append(python)
            continue
        for key, value in values.items():
            part = part.replace("{" + key + "}", value)
        result.append(part)
    return result


def run(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    stdin: str = "",
) -> Finished:
    """Run to completion or until `timeout`; never raises for the program's own failures."""
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:  # the interpreter or the program does not exist
        return Finished(None, "", str(exc), False, 0.0)
    try:
        out, err = process.communicate(stdin.encode("utf-8"), timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        _kill_group(process)
        out, err = _leftovers(process)
        timed_out = True
    return Finished(
        None if timed_out else process.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        timed_out,
        time.monotonic() - started,
    )


_DRAIN_SECONDS = 5.0


def _leftovers(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """The output of a killed program, without waiting on a descendant that left its group
    (`setsid`) and still holds the pipes: after a few seconds keep what arrived and go."""
    try:
        return process.communicate(timeout=_DRAIN_SECONDS)
    except subprocess.TimeoutExpired as exc:
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()
        process.wait()
        return _bytes(exc.stdout), _bytes(exc.stderr)


def _bytes(value: bytes | str | None) -> bytes:
    if value is None:
        return b""
    return value if isinstance(value, bytes) else value.encode("utf-8", "replace")


def start(command: Sequence[str], *, cwd: Path, env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start a server in the background; its output goes to `log`."""
    with log.open("wb") as sink:
        return subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGTERM the group, then SIGKILL whatever is left after `grace` seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        _kill_group(process)
        process.wait()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
        os.killpg(process.pid, signal.SIGKILL)


def free_port() -> int:
    """A loopback port that was free a moment ago (the server binds it right after)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tail(text: str, lines: int = _TAIL_LINES, chars: int = _TAIL_CHARS) -> list[str]:
    """The last lines of some output, short enough for a comment or a table."""
    kept = text.rstrip().splitlines()[-lines:]
    joined = "\n".join(kept)
    if len(joined) > chars:
        joined = "…" + joined[-chars:]
    return joined.splitlines() if joined else []
