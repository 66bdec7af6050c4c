"""Run the learner's code: no secrets in its environment, a time limit, and a clean stop.

The environment starts from an allow-list (PATH, HOME, locale, temp dirs), never from the
whole of `os.environ`, so tokens and API keys of the CI job or the learner's shell never
reach code under test. Each process gets its own session, so a timeout kills the whole
group (uvicorn workers, subprocesses a script starts) and not only the first process.

A clean environment is not enough (issue #10): `/proc/<pid>/environ` keeps every
ancestor's original environment (this process, `uv run`, the shell), and a process that
calls `setsid` leaves the group and outlives the check. Where Linux allows it, every
step therefore runs in a `Jail`: its own PID and mount namespaces with its own `/proc`
(`unshare --mount --pid --fork --kill-child --mount-proc`) and no capabilities
(`setpriv`), so learner code sees no process but its own, cannot unmount that `/proc`,
and every process it started dies with the step. The `check` command also makes every
file system read-only there but the step's own folder, the venv, temp folders and caches
(`jail_folders`). Everywhere, this process is a child subreaper
(`PR_SET_CHILD_SUBREAPER`) and kills every descendant a step leaves behind.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import errno
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

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


# -- the jail: a PID and mount namespace of its own ------------------------------------
# Inside the new mount namespace, before capabilities go: each folder a step may write is
# bound onto itself (parents first), then each read-only root is bound read-only over them
# (recursively, so those binds stay writable); `/` itself is remounted read-only in place.
# Arguments: mount, writable..., --, read-only..., --, command.
_READ_ONLY_SCRIPT = (
    'set -e; m="$1"; shift; '
    'while [ "$1" != "--" ]; do "$m" --rbind "$1" "$1"; shift; done; shift; '
    'while [ "$1" != "--" ]; do '
    'if [ "$1" = / ]; then "$m" -o remount,bind,ro /; '
    'else "$m" --rbind "$1" "$1"; "$m" -o remount,bind,ro "$1"; fi; shift; done; shift; '
    # The working directory still points into the mounts from before: enter it again by name.
    'cd "$(pwd -P)"; exec "$@"'
)


@dataclass(frozen=True)
class Jail:
    """How learner processes are confined: `namespace` and `drop` go before every command.

    An empty `namespace` means no namespace is available here; the subreaper sweep still
    ends every process a step leaves behind, but learner code can read its ancestors'
    environments, so the `check` command warns about secrets in its own environment.
    With `read_only` roots (`/`, the repository, the Actions runner's work folder), a step
    may write only its own folder (its working directory) and the `writable` folders:
    not another kit, the roadmap, this tool, nor what later steps of a CI job run.
    """

    namespace: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    mount: str = "mount"
    shell: str = "/bin/sh"
    read_only: tuple[Path, ...] = ()
    writable: tuple[Path, ...] = ()

    @property
    def isolated(self) -> bool:
        return bool(self.namespace)

    def wrap(self, command: Sequence[str], cwd: Path | None = None) -> list[str]:
        if not self.isolated:
            return list(command)
        if not self.read_only:
            return [*self.namespace, *self.drop, *command]
        writable = sorted({str(p.resolve()) for p in (*self.writable, *([cwd] if cwd else [])) if p.is_dir()})
        # Outer folders first; `/` last, remounted in place.
        roots = sorted({str(p.resolve()) for p in self.read_only if p.is_dir()}, key=lambda r: (r == "/", r))
        script = [self.shell, "-c", _READ_ONLY_SCRIPT, "jail", self.mount, *writable, "--", *roots, "--"]
        return [*self.namespace, *script, *self.drop, *command]

    def protecting(self, read_only: Sequence[Path], writable: Sequence[Path] = ()) -> Jail:
        """This jail, with `read_only` roots read-only but for each step's folder and `writable`."""
        if not self.isolated:
            return self
        return replace(self, read_only=tuple(read_only), writable=tuple(writable))


NO_JAIL = Jail()
# What a step may write besides its own folder and the learners' venv: temporary folders
# and the tools' caches (uv, pip, Hugging Face, Docker's client settings). Not ~/.config:
# git reads its settings there, and `roadmap check` runs git after the steps.
HOME_WRITABLE = (".cache", ".docker")
GPU_HOME_WRITABLE = (".nv", ".triton")  # CUDA's and Triton's compile caches
CACHE_VARIABLES = (
    "UV_CACHE_DIR",
    "PIP_CACHE_DIR",
    "XDG_CACHE_HOME",
    "HF_HOME",
    "HF_HUB_CACHE",
    "TORCH_HOME",
    "TRITON_CACHE_DIR",
)


def jail_folders(
    environ: Mapping[str, str], *, root: Path, temp: Path, gpu: bool = False
) -> tuple[list[Path], list[Path]]:
    """(read-only roots, writable folders) for the steps of `roadmap check` in `root`.

    Read-only: everything (`/`), the repository (in case it is on another mount) and, in
    GitHub Actions, the runner's work folder (`$RUNNER_TEMP/..`: the actions and the
    `GITHUB_ENV`/`GITHUB_OUTPUT` files that later steps of the job read and run).
    """
    read_only = [Path("/"), root]
    if environ.get("RUNNER_TEMP"):
        read_only.append(Path(environ["RUNNER_TEMP"]).parent)
    writable = [root / "projects" / ".venv", temp, Path("/var/tmp")]  # noqa: S108 - made writable, not used
    if environ.get("HOME"):
        names = HOME_WRITABLE + (GPU_HOME_WRITABLE if gpu else ())
        writable += [Path(environ["HOME"]) / name for name in names]
    writable += [Path(environ[name]) for name in CACHE_VARIABLES if environ.get(name)]
    return read_only, writable


_PROBE_SECONDS = 10


def jail_parts(unshare: str, setpriv: str, *, root: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The namespace wrapper and the capability drop; without root, a user namespace
    grants the right to make the others.

    `--kill-child` ends the namespace's first process when `unshare` dies (a timeout's
    SIGKILL), and the kernel ends every process of a PID namespace with its first one.
    `setpriv` drops every capability, so the learner's root cannot unmount the private
    `/proc` to see the real one beneath, remount the repository writable, nor gain
    privileges through setuid programs.
    """
    user = () if root else ("--user", "--map-root-user")
    namespace = (unshare, *user, "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--")
    drop = (setpriv, "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--")
    return namespace, drop


def find_jail(which: Callable[[str], str | None] = shutil.which) -> Jail:
    """The jail this machine allows, tried once (read-only binds included); `NO_JAIL` when
    none works.

    GitHub's Ubuntu 24.04 runners forbid unprivileged user namespaces (AppArmor's
    `kernel.apparmor_restrict_unprivileged_userns=1`); as root (`sudo`) or with that
    setting turned off the jail works: docs/deliverables.md says how.
    """
    tools = [which(name) for name in ("unshare", "setpriv", "mount", "sh")]
    if not sys.platform.startswith("linux") or None in tools:
        return NO_JAIL
    unshare, setpriv, mount, shell = (str(tool) for tool in tools)
    namespace, drop = jail_parts(unshare, setpriv, root=os.geteuid() == 0)
    jail = Jail(namespace, drop, mount, shell)
    with tempfile.TemporaryDirectory(prefix="roadmap-jail-") as folder:
        probe = jail.protecting([Path("/")], [Path(folder)]).wrap(["true"], Path(folder))
        try:
            done = subprocess.run(probe, capture_output=True, timeout=_PROBE_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return NO_JAIL
    return jail if done.returncode == 0 else NO_JAIL


@functools.cache
def _found_jail() -> Jail:
    return find_jail()


_CURRENT: contextvars.ContextVar[Jail | None] = contextvars.ContextVar("roadmap_jail", default=None)


@contextlib.contextmanager
def confined(jail: Jail) -> Iterator[Jail]:
    """Run every step started inside the `with` block in `jail` (the `check` command picks it)."""
    token = _CURRENT.set(jail)
    try:
        yield jail
    finally:
        _CURRENT.reset(token)


def current_jail() -> Jail:
    """The jail `confined` set, else the best this machine allows (probed once)."""
    chosen = _CURRENT.get()
    return chosen if chosen is not None else _found_jail()


# -- the sweep: no process outlives its step ------------------------------------------
_PR_SET_CHILD_SUBREAPER = 36
_STAT_PPID = re.compile(rb"\) \S (\d+) ")
_SWEEP_ROUNDS = 50


@functools.cache
def become_subreaper() -> bool:
    """Orphans of our descendants (a `setsid` daemon) become our children, not init's.

    Linux only (prctl(2)); elsewhere False, and only the process group is killed.
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return int(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0


def children(pid: int | None = None) -> set[int]:
    """The processes whose parent is `pid` (this process by default), from /proc."""
    parent = os.getpid() if pid is None else pid
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            match = _STAT_PPID.search(stat.read_bytes())
        except OSError:  # it ended while we looked
            continue
        if match is not None and int(match[1]) == parent:
            found.add(int(stat.parent.name))
    return found


def sweep(keep: set[int]) -> int:
    """Kill and reap every child of ours not in `keep`, until none is left; how many died.

    Killing a child orphans its own children, which the subreaper takes in: hence rounds.
    """
    killed = 0
    for _ in range(_SWEEP_ROUNDS):
        strays = children() - keep
        if not strays:
            break
        for pid in strays:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            killed += 1
    return killed


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
    """Run to completion or until `timeout`; never raises for the program's own failures.

    Returns only once every process the command started has ended. Output goes to files,
    not pipes, so a descendant that keeps them open cannot hold the step past its end.
    """
    started = time.monotonic()
    become_subreaper()
    before = children()
    with tempfile.TemporaryFile() as given, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        given.write(stdin.encode("utf-8"))
        given.seek(0)
        try:
            process = subprocess.Popen(
                _checked(command, cwd, env),
                cwd=cwd,
                env=dict(env),
                stdin=given,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        except OSError as exc:  # the interpreter or the program does not exist
            return Finished(None, "", str(exc), False, 0.0)
        try:
            process.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.wait()
            timed_out = True
        sweep(before)
        return Finished(
            None if timed_out else process.returncode,
            _read(out),
            _read(err),
            timed_out,
            time.monotonic() - started,
        )


def _checked(command: Sequence[str], cwd: Path, env: Mapping[str, str]) -> list[str]:
    """The jailed command; a program that does not exist fails here, as without a jail."""
    jail = current_jail()
    if jail.isolated and shutil.which(command[0], path=env.get("PATH", os.defpath)) is None:
        program = Path(command[0]) if os.sep in command[0] else None
        if program is None or not (cwd / program).exists():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), command[0])
    return jail.wrap(command, cwd)


def _read(file: IO[bytes]) -> str:
    file.seek(0)
    return file.read().decode("utf-8", "replace")


def start(command: Sequence[str], *, cwd: Path, env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start a server in the background; its output goes to `log`. End it with `stop`."""
    become_subreaper()
    before = children()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            _checked(command, cwd, env),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _BEFORE_START[process.pid] = before
    return process


# Our children before each running server started: what `stop` must leave alone.
_BEFORE_START: dict[int, set[int]] = {}


def stop(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGTERM the group, then SIGKILL whatever is left after `grace` seconds; then every
    process the server started, in its group or not."""
    keep = _BEFORE_START.pop(process.pid, set())
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            _kill_group(process)
            process.wait()
    sweep(keep)


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
