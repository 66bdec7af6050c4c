"""`roadmap check --install`: put a deliverable's requirements into the interpreter that runs it.

uv installs them (fast, and `--torch-backend` picks PyTorch's CPU build for the CPU smoke
run, or the build that matches the GPU driver on a GPU runner). pytest is always added
because the learner's own tests are part of every contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.report import Outcome

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

INSTALL_TIMEOUT = 1800
ALWAYS = ("pytest",)


def runs(python: Path, env: Mapping[str, str]) -> bool:
    """The interpreter exists and starts (a venv's link may point at a Python that is gone)."""
    if not python.is_file():
        return False
    done = sandbox.run([str(python), "-c", "pass"], cwd=python.parent, env=env, timeout=30)
    return done.returncode == 0


def ensure_venv(venv: Path, *, uv: str | None, env: Mapping[str, str]) -> Outcome | None:
    """Create `venv` with `uv venv` unless a working one is there; an Outcome only on failure.

    A venv whose interpreter no longer starts is made again (`--clear`), never fatal.
    """
    if runs(venv / "bin" / "python", env):
        return None
    if uv is None:
        return Outcome.failed("install.no-uv")
    venv.parent.mkdir(parents=True, exist_ok=True)
    command = [uv, "venv", "--quiet", "--clear", str(venv)]
    done = sandbox.run(command, cwd=venv.parent, env=env, timeout=300)
    if done.returncode != 0:
        return Outcome.failed("install.failed", sandbox.tail(done.output), requirements=str(venv))
    return None


def install(
    folder: Path,
    requirements: str | None,
    *,
    python: str,
    uv: str | None,
    env: Mapping[str, str],
    torch_backend: str = "cpu",
) -> Outcome:
    """`uv pip install -r <requirements> pytest` into `python`'s environment."""
    if uv is None:
        return Outcome.failed("install.no-uv")
    command = [uv, "pip", "install", "--python", python, "--torch-backend", torch_backend]
    has_file = requirements is not None and (folder / requirements).is_file()
    if has_file:
        command += ["-r", str(requirements)]
    command += list(ALWAYS)
    shown = str(requirements) if has_file else " ".join(ALWAYS)
    done = sandbox.run(command, cwd=folder, env=env, timeout=INSTALL_TIMEOUT)
    if done.timed_out:
        return Outcome.failed(
            "process.timeout", sandbox.tail(done.output), seconds=INSTALL_TIMEOUT, command="uv pip install"
        )
    if done.returncode != 0:
        return Outcome.failed("install.failed", sandbox.tail(done.output), requirements=shown)
    return Outcome.passed(details=sandbox.tail(done.output, lines=5))
