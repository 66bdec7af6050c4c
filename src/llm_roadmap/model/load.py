"""Load and check the roadmap files and the learner's config.

All problems in all files are collected before anything is raised, so one run of
`roadmap validate` shows everything that needs fixing.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llm_roadmap.errors import InvalidInput, Problem
from llm_roadmap.model.config import Config
from llm_roadmap.model.github_checks import github_problems
from llm_roadmap.model.roadmap import GUIDE_ORIGIN, Origin, Roadmap
from llm_roadmap.model.schema import GitHubSetup, Guide, Phase
from llm_roadmap.model.validation import validate
from llm_roadmap.model.yamlsource import Located, YamlProblems, read_yaml
from llm_roadmap.paths import CONFIG_FILE, GITHUB_FILE, GUIDE_FILE, PHASES_DIR

if TYPE_CHECKING:
    from collections.abc import Iterator

    from llm_roadmap.model.yamlsource import Loc


def load_roadmap(root: Path) -> Roadmap:
    """Read the roadmap files under `root`, fully checked, or raise `InvalidInput`."""
    roadmap, problems = _load_roadmap(root)
    if roadmap is None or problems:
        raise InvalidInput(problems)
    return roadmap


def load_all(root: Path, config_path: Path | None = None) -> tuple[Roadmap, Config]:
    """The roadmap and the learner's config, checked against each other."""
    roadmap, problems = _load_roadmap(root)
    config = None
    config_src = _try(lambda: _read(config_path or root / CONFIG_FILE, root), problems)
    if config_src is not None:
        config = _try(lambda: validate(config_src, Config), problems)
    if roadmap is not None and config is not None:
        problems += _config_references(config_src, config, roadmap)
    if roadmap is None or config is None or problems:
        raise InvalidInput(problems)
    return roadmap, config


def _load_roadmap(root: Path) -> tuple[Roadmap | None, list[Problem]]:
    problems: list[Problem] = []
    guide_src = _try(lambda: _read(root / GUIDE_FILE, root), problems)
    github_src = _try(lambda: _read(root / GITHUB_FILE, root), problems)
    phase_files = sorted((root / PHASES_DIR).glob("*.yaml"))
    if not phase_files:
        problems.append(Problem(PHASES_DIR, 1, 1, "no phase files found", "add roadmap/phases/p1.yaml"))
    phase_srcs = [_try(lambda f=f: _read(f, root), problems) for f in phase_files]
    guide = guide_src and _try(lambda: validate(guide_src, Guide), problems)
    github = github_src and _try(lambda: validate(github_src, GitHubSetup), problems)
    phases = [src and _try(lambda s=src: validate(s, Phase), problems) for src in phase_srcs]
    if problems or not guide or not github or not all(phases):
        return None, problems
    pairs = sorted(zip(phase_srcs, phases, strict=True), key=lambda sp: sp[1].number)
    origins = _origins([guide_src, *phase_srcs])
    roadmap = Roadmap(guide, github, tuple(p for _, p in pairs), origins)
    problems += _cross_checks(roadmap, guide_src, github_src, pairs)
    return roadmap, problems


def _try(func: Any, problems: list[Problem]) -> Any:
    try:
        return func()
    except YamlProblems as exc:
        problems += exc.problems
        return None


def _read(path: Path, root: Path) -> Located:
    """Read `path` itself; report it relative to the root (reading the relative path
    would read the current directory's roadmap whenever --root points elsewhere)."""
    return read_yaml(path, shown=_relative(path, root))


def _relative(path: Path, root: Path) -> Path:
    """Report paths relative to the repository root, as a learner sees them."""
    try:
        return path.relative_to(root) if path.is_absolute() and root != Path() else path
    except ValueError:
        return path


def _cross_checks(
    roadmap: Roadmap, guide_src: Located, github_src: Located, phases: list[tuple[Located, Phase]]
) -> list[Problem]:
    problems = _duplicate_ids([guide_src, *(src for src, _ in phases)])
    problems += _phase_numbers(phases)
    for src, phase in phases:
        problems += _namespaced_ids(src, phase)
        problems += _deliverable_skills(src, phase, roadmap)
    problems += _shared_folders(phases)
    problems += _budget_phases(guide_src, roadmap)
    problems += _label_references(github_src, roadmap)
    problems += github_problems(github_src, roadmap.github)
    return problems


def _origins(sources: list[Located]) -> dict[str, Origin]:
    """The position of each item's title, by id; the guide's title as GUIDE_ORIGIN."""
    origins = {}
    for src in sources:
        for loc, item_id in _walk_ids(src.data):
            pos = src.position((*loc[:-1], "title"))
            origins[item_id] = Origin(src.path, pos.line, pos.column)
    guide = sources[0]
    pos = guide.position(("title",))
    origins[GUIDE_ORIGIN] = Origin(guide.path, pos.line, pos.column)
    return origins


def _walk_ids(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield (*loc, "id"), data["id"]
        for key, value in data.items():
            yield from _walk_ids(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_ids(value, (*loc, i))


def _duplicate_ids(sources: list[Located]) -> list[Problem]:
    seen: dict[str, tuple[Located, Loc]] = {}
    problems = []
    for src in sources:
        for loc, item_id in _walk_ids(src.data):
            if item_id in seen:
                first_src, first_loc = seen[item_id]
                pos = first_src.position(first_loc)
                first = f"{first_src.path}:{pos.line}:{pos.column}"
                problems.append(
                    src.problem(
                        loc,
                        f"duplicate id {item_id!r} (also at {first})",
                        "ids must be unique across all roadmap files; rename one of them",
                    )
                )
            else:
                seen[item_id] = (src, loc)
    return problems


def _phase_numbers(phases: list[tuple[Located, Phase]]) -> list[Problem]:
    problems = []
    seen: set[int] = set()
    for src, phase in phases:
        if phase.number in seen:
            problems.append(
                src.problem(
                    ("number",),
                    f"phase number {phase.number} is used twice",
                    "number phases 1, 2, 3, ...",
                )
            )
        seen.add(phase.number)
    return problems


def _namespaced_ids(src: Located, phase: Phase) -> list[Problem]:
    problems = []
    for loc, item_id in _walk_ids(src.data):
        if loc != ("id",) and not item_id.startswith(phase.id + "."):
            problems.append(
                src.problem(
                    loc,
                    f"id {item_id!r} is not inside phase {phase.id!r}",
                    f"start it with '{phase.id}.' so ids stay unique and readable",
                )
            )
    return problems


def _deliverable_skills(src: Located, phase: Phase, roadmap: Roadmap) -> list[Problem]:
    problems = []
    for d_index, deliverable in enumerate(phase.deliverables):
        for s_index, skill_id in enumerate(deliverable.skills):
            if skill_id not in roadmap.skill_ids:
                problems.append(
                    src.problem(
                        ("deliverables", d_index, "skills", s_index),
                        f"unknown skill id {skill_id!r}",
                        _suggest(skill_id, roadmap.skill_ids, "skill"),
                    )
                )
    return problems


def _shared_folders(phases: list[tuple[Located, Phase]]) -> list[Problem]:
    """One folder per deliverable: its check.yaml names one deliverable, and a second
    deliverable in the same folder would silently have no checks."""
    seen: dict[str, str] = {}
    problems = []
    for src, phase in phases:
        for index, deliverable in enumerate(phase.deliverables):
            loc = ("deliverables", index, "folder")
            pos = src.position(loc)
            first = seen.setdefault(deliverable.folder, f"{src.path}:{pos.line}:{pos.column}")
            if first != f"{src.path}:{pos.line}:{pos.column}":
                problems.append(
                    src.problem(
                        loc,
                        f"folder {deliverable.folder!r} is used by two deliverables (also at {first})",
                        "give each deliverable its own folder under projects/",
                    )
                )
    return problems


def _budget_phases(guide_src: Located, roadmap: Roadmap) -> list[Problem]:
    problems = []
    covered = set()
    for index, row in enumerate(roadmap.guide.budget.monthly):
        covered.add(row.phase)
        if row.phase not in roadmap.phase_ids:
            problems.append(
                guide_src.problem(
                    ("budget", "monthly", index, "phase"),
                    f"unknown phase id {row.phase!r}",
                    _suggest(row.phase, roadmap.phase_ids, "phase"),
                )
            )
    for phase_id in sorted(roadmap.phase_ids - covered):
        problems.append(
            guide_src.problem(
                ("budget", "monthly"),
                f"no monthly budget for phase {phase_id!r}",
                f"add a row with 'phase: {phase_id}'",
            )
        )
    return problems


def _label_references(github_src: Located, roadmap: Roadmap) -> list[Problem]:
    problems = []
    labelled = set()
    for index, label in enumerate(roadmap.github.labels):
        if label.phase is None:
            continue
        labelled.add(label.phase)
        if label.phase not in roadmap.phase_ids:
            problems.append(
                github_src.problem(
                    ("labels", index, "phase"),
                    f"unknown phase id {label.phase!r}",
                    _suggest(label.phase, roadmap.phase_ids, "phase"),
                )
            )
    problems += [
        github_src.problem(("labels",), f"no label for phase {pid!r}", f"add a label with 'phase: {pid}'")
        for pid in sorted(roadmap.phase_ids - labelled)
    ]
    return problems


def _config_references(located: Located, config: Config, roadmap: Roadmap) -> list[Problem]:
    known = roadmap.skill_ids | {d.id for _, d in roadmap.deliverables()}
    unknown = [(i, item) for i, item in enumerate(config.skip) if item not in known]
    # difflib is slow: a suggestion for the first few only, so a huge skip list stays quick.
    problems = [
        located.problem(
            ("skip", i),
            f"unknown id {item!r} in skip",
            _suggest(item, known, "skill or deliverable")
            if n < _SUGGESTIONS
            else "use the id of an existing skill or deliverable; the ids are in roadmap/phases/*.yaml",
        )
        for n, (i, item) in enumerate(unknown)
    ]
    if roadmap.skill_ids <= set(config.skip):
        problems.append(
            located.problem(
                ("skip",),
                "skip leaves nothing to learn: every skill is skipped",
                "skip only what you already know; remove most entries from skip",
                prefer_key=True,
            )
        )
    problems += [
        located.problem(
            ("weekly_hours", key),
            f"unknown phase id {key!r} in weekly_hours",
            _suggest(key, roadmap.phase_ids, "phase"),
            prefer_key=True,
        )
        for key in config.weekly_hours
        if key not in roadmap.phase_ids
    ]
    return problems


_SUGGESTIONS = 20


def _suggest(value: str, known: frozenset[str] | set[str], what: str) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"use the id of an existing {what}; the ids are in roadmap/phases/*.yaml"
