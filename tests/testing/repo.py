"""A throwaway copy of the repository's roadmap, and the CLI run against it.

Every CLI test works on a copy of `roadmap/`, `templates/`, the deliverables'
`projects/*/check.yaml` (their checks go into the issue bodies) and `projects/kits.lock.json`
(what the kits ship) under `tmp_path`, with the learner config replaced by
`tests/resources/config.yaml`: the learner edits the real `roadmap/config.yaml`, and the
tests must not change meaning when they do.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from click.testing import CliRunner

from llm_roadmap.cli import main
from llm_roadmap.deliverables import manifest
from llm_roadmap.model.load import load_all
from llm_roadmap.render import Renderer
from llm_roadmap.schedule import build_schedule

if TYPE_CHECKING:
    from collections.abc import Iterable

    from click.testing import Result

    from llm_roadmap.model.config import Config
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.schedule import Schedule

REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCES = REPO_ROOT / "tests" / "resources"
FIXTURE_CONFIG = RESOURCES / "config.yaml"
FIXTURE_ROADMAP = RESOURCES / "roadmap"  # a small roadmap for the core unit tests
CONFIG = Path("roadmap/config.yaml")
COPIED = ("roadmap", "templates")
KITS_MANIFEST = Path("projects/kits.lock.json")

# GitHub settings the CLI reads from the environment; unset so no test depends on the shell.
_GITHUB_ENV = (
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITHUB_API_URL",
    "GITHUB_GRAPHQL_URL",
    "GITHUB_SERVER_URL",
)


def copy_repo(dest: Path, *, config: str | None = None) -> Path:
    """Copy the roadmap and templates into `dest`; the config is the test fixture or `config`."""
    for name in COPIED:
        shutil.copytree(REPO_ROOT / name, dest / name)
    for contract in (REPO_ROOT / "projects").glob("*/check.yaml"):
        target = dest / contract.relative_to(REPO_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(contract, target)
    shutil.copyfile(REPO_ROOT / KITS_MANIFEST, dest / KITS_MANIFEST)  # what the kits ship (weekly)
    text = FIXTURE_CONFIG.read_text(encoding="utf-8") if config is None else config
    write(dest, CONFIG, text)
    return dest


# projects/ files outside the kits that the template ships (the learners' lint rules, the index).
_PROJECTS_FILES = ("README.md", "ruff.toml", ".gitignore", "kits.lock.json")


def copy_shipped_projects(dest: Path, folders: Iterable[str] | None = None) -> Path:
    """Copy `projects/` as the template ships it into `dest/projects`: for each kit only the
    files `projects/kits.lock.json` lists, with the bytes it recorded.

    A learner's copy holds their own work in `projects/` (a chatbot, its tests, a venv); the
    tests lay their samples on the kits as shipped, so that work must not leak into them. A
    shipped file the learner edited is taken from git history where a version there has
    the recorded digest.
    """
    recorded = manifest.load(REPO_ROOT)
    for name in _PROJECTS_FILES:
        if (REPO_ROOT / "projects" / name).is_file():
            target = dest / "projects" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO_ROOT / "projects" / name, target)
    chosen = set(folders) if folders is not None else set(recorded.kits)
    for folder in sorted(chosen & set(recorded.kits)):
        copy_shipped_kit(folder, dest / folder)
    return dest / "projects"


def copy_shipped_kit(folder: str, dest: Path, *, leave_out: Iterable[str] = ()) -> Path:
    """Copy the kit `folder` (`projects/<name>`) as shipped into `dest`, minus `leave_out` names."""
    files = manifest.load(REPO_ROOT).kits[folder]
    for relative, expected in files.items():
        if relative in leave_out:
            continue
        source, target = REPO_ROOT / folder / relative, dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_file() and manifest.digest(source) == expected:
            shutil.copy2(source, target)
            continue
        shipped = _from_history(f"{folder}/{relative}", expected)
        if shipped is not None:
            target.write_bytes(shipped)
        elif source.is_file():
            shutil.copy2(source, target)
    return dest


def _from_history(relative: str, expected: str) -> bytes | None:
    """The bytes of `relative` at a commit where its digest is `expected`, if git has one."""
    log = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "log", "--format=%H", "--", relative],
        capture_output=True,
        text=True,
        check=False,
    )
    for commit in log.stdout.split():
        shown = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "show", f"{commit}:{relative}"], capture_output=True, check=False
        )
        if (
            shown.returncode == 0
            and hashlib.sha256(shown.stdout.replace(b"\r\n", b"\n")).hexdigest() == expected
        ):
            return shown.stdout
    return None


def copy_fixture_repo(dest: Path, *, config: str | None = None) -> Path:
    """`copy_repo`, with the small fixture roadmap of `tests/resources/roadmap/` in place of
    `roadmap/`: for the core unit tests, which must pass whatever a learner did to `roadmap/`
    (the learner's edits are the point of their copy; see tests/test_standalone.py)."""
    copy_repo(dest, config=config)
    for name in ("github.yaml", "guide.yaml", "phases"):
        target = dest / "roadmap" / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    shutil.copytree(FIXTURE_ROADMAP, dest / "roadmap", dirs_exist_ok=True)
    return dest


def write(root: Path, relative: Path | str, text: str) -> Path:
    """Write `text` to `root/relative`, creating folders as needed."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replace_once(root: Path, relative: Path | str, old: str, new: str) -> None:
    """Replace the first `old` in a copied file; fail loudly when the roadmap lacks it."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer contains {old!r}; update the test's mutation"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def where(root: Path, relative: Path | str, needle: str, occurrence: int = 1) -> str:
    """`path:line:col` of the `occurrence`-th `needle` in a file, as problems report it."""
    text = (root / relative).read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.find(needle, index + 1)
        assert index >= 0, f"{needle!r} not found {occurrence} times in {relative}"
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{Path(relative)}:{line}:{column}"


def invoke(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run `roadmap --root ROOT ARGS...` in-process, as a learner's shell would."""
    clean: dict[str, str | None] = dict.fromkeys(_GITHUB_ENV)
    clean.update(env or {})
    runner = CliRunner()
    return runner.invoke(main, ["--root", str(root), *args], env=clean, catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes: compare two to prove nothing was written."""
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


@dataclass(frozen=True)
class Loaded:
    """The roadmap, config and schedule of a copied repository, loaded like a command does."""

    root: Path
    roadmap: Roadmap
    config: Config
    schedule: Schedule

    def renderer(self, language: str | None = None) -> Renderer:
        chosen = language or self.config.language
        assert chosen in ("ja", "en")
        return Renderer(self.root / "templates", chosen)


def load(root: Path) -> Loaded:
    """Load a copied repository through the same path as `roadmap validate`."""
    roadmap, config = load_all(root, root / CONFIG)
    return Loaded(root, roadmap, config, build_schedule(roadmap, config))
