"""The generated sections of README.md and docs/*.md, rewritten in place; the roadmap's views.

README.md is mostly prose a person wrote. The parts that restate the roadmap (the Mermaid
gantt chart, the schedule, the skill tables, the deliverables) sit between markers:

    <!-- roadmap:generated:begin ja.skills -->
    ...
    <!-- roadmap:generated:end ja.skills -->

and are rendered from `templates/readme/*.md.j2` in each language, so the README cannot
drift from the YAML: `roadmap readme --check` fails the build when it has. (The same idea
as sqlite-utils' `cog --check`.) The docs' sections restating the code (the command
reference, the exit codes, defaults) are rendered by `llm_roadmap.reference` and rewritten
here the same way. Pure: no files are read or written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap.errors import InvalidInput, Problem
from llm_roadmap.render import Renderer

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from pathlib import Path

    from llm_roadmap.model.config import Config
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.model.schema import Language, Phase, Text
    from llm_roadmap.schedule import Schedule

LANGUAGES: tuple[Language, ...] = ("ja", "en")
PARTS: tuple[str, ...] = ("gantt", "schedule", "skills", "deliverables")
TEMPLATE = "readme/{part}.md.j2"

_MARKER = re.compile(r"<!-- roadmap:generated:(?P<edge>begin|end) (?P<name>[a-z0-9.-]+) -->")
_HINT = "every begin marker needs a matching end marker with the same name; restore them from git"


def begin_marker(name: str) -> str:
    return f"<!-- roadmap:generated:begin {name} -->"


def end_marker(name: str) -> str:
    return f"<!-- roadmap:generated:end {name} -->"


def section_names() -> list[str]:
    """`ja.gantt`, `ja.schedule`, ..., `en.deliverables`: every section the README may hold."""
    return [f"{language}.{part}" for language in LANGUAGES for part in PARTS]


# --- the view the templates render ---------------------------------------------------------


@dataclass(frozen=True)
class PeriodView:
    label: str
    title: str
    start: dt.date
    end: dt.date
    days: int


@dataclass(frozen=True)
class SkillView:
    period: str
    title: str
    importance: int
    hours: int
    start: dt.date | None  # None: the learner skips it
    end: dt.date | None


@dataclass(frozen=True)
class DeliverableView:
    unit: str
    at: int
    due: dt.date | None  # None: the learner skips it
    title: str
    files: tuple[str, ...]
    folder: str


@dataclass(frozen=True)
class PhaseView:
    number: int
    emoji: str
    title: str
    span_label: str
    goal: str
    weekly_hours: tuple[int, int]
    start: dt.date
    end: dt.date
    hours: int
    periods: tuple[PeriodView, ...]
    skills: tuple[SkillView, ...]
    deliverables: tuple[DeliverableView, ...]


@dataclass(frozen=True)
class ReadmeView:
    """The roadmap in one language, laid on the calendar from the config's start date."""

    title: str
    start: dt.date
    end: dt.date
    timezone: str
    headings: dict[str, str]
    phases: tuple[PhaseView, ...]


def readme_view(roadmap: Roadmap, config: Config, schedule: Schedule, language: Language) -> ReadmeView:
    """Everything the README templates show, with text picked for `language`."""
    headings = {key: text(language) for key, text in roadmap.guide.headings.items()}
    phases = tuple(_phase_view(phase, schedule, language) for phase in roadmap.phases)
    return ReadmeView(
        roadmap.guide.title(language), schedule.start, schedule.end, config.timezone, headings, phases
    )


def _phase_view(phase: Phase, schedule: Schedule, language: Language) -> PhaseView:
    def pick(text: Text) -> str:
        return text(language)

    dates = schedule.phases[phase.id]
    windows = [(p, schedule.periods[p.id]) for p in phase.periods]
    periods = tuple(
        PeriodView(pick(p.label), pick(p.title), window.start, window.end, window.days)
        for p, window in windows
    )
    skills = tuple(
        SkillView(
            f"{pick(p.label)}: {pick(p.title)}",
            pick(s.title),
            s.importance,
            s.hours,
            *_bounds(schedule, s.id),
        )
        for p in phase.periods
        for s in p.skills
    )
    deliverables = tuple(
        DeliverableView(d.due.unit, d.due.at, _bounds(schedule, d.id)[1], pick(d.title), d.files, d.folder)
        for d in phase.deliverables
    )
    return PhaseView(
        number=phase.number,
        emoji=phase.emoji,
        title=pick(phase.title),
        span_label=pick(phase.span_label),
        goal=pick(phase.goal),
        weekly_hours=(phase.weekly_hours.min, phase.weekly_hours.max),
        start=dates.start,
        end=dates.end,
        hours=sum(s.hours for s in skills if s.start is not None),
        periods=periods,
        skills=skills,
        deliverables=deliverables,
    )


def _bounds(schedule: Schedule, item_id: str) -> tuple[dt.date | None, dt.date | None]:
    """Start and end of a scheduled item; (None, None) when the learner skips it."""
    try:
        dates = schedule.dates(item_id)
    except KeyError:
        return None, None
    return dates.start, dates.end


# --- rendering and rewriting ------------------------------------------------------------------


def render_sections(
    roadmap: Roadmap, config: Config, schedule: Schedule, templates_dir: Path
) -> dict[str, str]:
    """Every generated section by name, rendered from `templates/readme/`."""
    sections = {}
    for language in LANGUAGES:
        renderer = Renderer(templates_dir, language)
        view = readme_view(roadmap, config, schedule, language)
        for part in PARTS:
            text = renderer.render(TEMPLATE.format(part=part), readme=view, mermaid=mermaid_text)
            sections[f"{language}.{part}"] = text.strip()
    return sections


def mermaid_text(text: str) -> str:
    """Text safe as a Mermaid gantt task or section name (':', '#' and ';' are syntax)."""
    return re.sub(r"\s+", " ", text.replace(":", " ").replace("#", "").replace(";", ",")).strip()


def rewrite(text: str, sections: Mapping[str, str], path: Path) -> str:
    """`text` with the body of every marked section replaced by `sections[name]`.

    A section whose begin and end markers share a line is replaced inside that line (a
    default cited in a sentence); any other stands on its own lines, blank lines around it.

    Raises `InvalidInput` (pointing into `path`) for unbalanced or unknown markers, so a
    hand edit that broke a marker is reported instead of silently eating prose.
    """
    spans = _marked_spans(text, sections, path)
    pieces = []
    done = 0
    for name, body_start, body_end in spans:
        if "\n" in text[body_start:body_end]:
            # Blank lines around the body keep Markdown from gluing it to the marker comments.
            pieces += [text[done:body_start], "\n\n", sections[name], "\n\n"]
        else:  # both markers on one line: a value inside a sentence or a table cell
            pieces += [text[done:body_start], sections[name]]
        done = body_end
    pieces.append(text[done:])
    return "".join(pieces)


def _marked_spans(text: str, sections: Mapping[str, str], path: Path) -> list[tuple[str, int, int]]:
    """(name, start, end) of each section body: from after a begin marker to its end marker."""
    spans: list[tuple[str, int, int]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    open_marker: re.Match[str] | None = None
    for marker in _MARKER.finditer(text):
        if marker["edge"] == "begin":
            problems += _check_begin(text, marker, open_marker, sections, path)
            open_marker = marker
        elif open_marker is None or open_marker["name"] != marker["name"]:
            problems.append(
                _problem(text, marker, path, f"end marker for {marker['name']!r} without its begin")
            )
        else:
            problems += _check_span(text, open_marker, marker, sections, seen, path)
            spans.append((marker["name"], open_marker.end(), marker.start()))
            open_marker = None
    if open_marker is not None:
        problems.append(_problem(text, open_marker, path, f"section {open_marker['name']!r} is never ended"))
    if problems:
        raise InvalidInput(problems)
    return spans


def _check_span(
    text: str,
    begin: re.Match[str],
    end: re.Match[str],
    sections: Mapping[str, str],
    seen: set[str],
    path: Path,
) -> list[Problem]:
    """A section on its own lines appears once; one inside a line (a value) may recur, on one line."""
    name = begin["name"]
    if "\n" in text[begin.end() : end.start()]:
        if name in seen:
            return [_problem(text, begin, path, f"section {name!r} appears twice")]
        seen.add(name)
    elif "\n" in sections.get(name, ""):
        message = f"section {name!r} has several lines; it cannot stand inside a line"
        return [
            Problem(path, *_position(text, begin.start()), message, "put its markers on lines of their own")
        ]
    return []


def _check_begin(
    text: str,
    marker: re.Match[str],
    open_marker: re.Match[str] | None,
    sections: Mapping[str, str],
    path: Path,
) -> list[Problem]:
    problems = []
    if open_marker is not None:
        message = f"section {open_marker['name']!r} is never ended"
        problems.append(_problem(text, open_marker, path, message))
    if marker["name"] not in sections:
        known = ", ".join(sorted(sections))
        problems.append(
            Problem(
                path,
                *_position(text, marker.start()),
                f"unknown generated section {marker['name']!r}",
                f"use one of: {known}",
            )
        )
    return problems


def _problem(text: str, marker: re.Match[str], path: Path, message: str) -> Problem:
    return Problem(path, *_position(text, marker.start()), message, _HINT)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
