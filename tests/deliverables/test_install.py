"""Which interpreter runs a deliverable, and the venv `--install` makes (issue #9, items 2-3)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from kits import options

from llm_roadmap.deliverables import install, sandbox
from llm_roadmap.deliverables.runner import resolve_python

UV = shutil.which("uv") or shutil.which("uv", path=str(Path.home() / ".local" / "bin"))


def working_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    return python


def test_install_always_uses_projects_venv_and_never_the_learners_own(tmp_path: Path) -> None:
    folder = tmp_path / "projects" / "p1-d01-simple-chat"
    working_venv(folder / ".venv")
    chosen = resolve_python(folder, options(tmp_path, install=True))
    assert chosen == str(tmp_path / "projects/.venv/bin/python")


def test_without_install_the_kits_own_venv_comes_first_and_paths_are_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    working_venv(tmp_path / "projects/.venv")
    assert resolve_python(Path("projects/kit"), options(Path())) == str(
        tmp_path / "projects/.venv/bin/python"
    )
    own = working_venv(tmp_path / "projects/kit/.venv")
    assert resolve_python(Path("projects/kit"), options(Path())) == str(own)


def test_a_venv_that_does_not_start_is_passed_over(tmp_path: Path) -> None:
    broken = tmp_path / "projects/.venv/bin/python"
    broken.parent.mkdir(parents=True)
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    assert resolve_python(tmp_path / "projects/kit", options(tmp_path)) == sys.executable


@pytest.mark.skipif(UV is None, reason="uv is not installed")
def test_install_remakes_a_venv_whose_python_is_gone(tmp_path: Path) -> None:
    venv = tmp_path / "projects/.venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin/python").symlink_to(tmp_path / "python-of-another-machine")
    (venv / "pyvenv.cfg").write_text("home = /opt/python-of-another-machine/bin\n", encoding="utf-8")
    env = sandbox.install_environment(dict(os.environ))
    assert install.ensure_venv(venv, uv=UV, env=env) is None
    assert install.runs(venv / "bin/python", env)
