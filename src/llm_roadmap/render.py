"""Jinja2 rendering for every text a human reads: one environment, one way to translate.

Templates live in the repository's top-level `templates/` folder, so a learner can
restyle their issues, comments and reports without touching Python. `environment` is the
only place a Jinja environment is built and the only place globals and filters are
registered; every renderer (`Renderer` here, the check reports' `ReportRenderer`) renders
through it, so every template sees the same settings: undefined variables are errors,
`*.html.j2` pages are escaped and nothing else is, block tags on their own line leave no
blank line behind, and a broken template is a located problem (`templates/<name>:line`,
exit 2), never a traceback.

Translation, decided once: every learner-facing text is a pair, Japanese and English, and
one function picks the configured language (`tr`; `t` is the same choice for a `Text`
pair that arrives as data). Where the pair is spelled decides nothing else:

- A template writes its own words inline, `{{ tr("日本語", "English") }}`, so a learner
  who restyles it sees both languages where they appear and needs no id to look up.
- Text that comes from the roadmap's YAML is already a `Text` pair: `{{ t(phase.title) }}`.
- Text that Python code produces with parameters (the findings of `roadmap check`, its
  labels and notes) cannot live in a template, so its pairs are kept by id in
  `templates/checks/messages.yaml`; `Renderer.translate` picks the language with the
  same `t` and renders the chosen side as Jinja in this same environment, so a catalogue
  entry has the same filters and the same strictness as a template.

The other way round was weighed and rejected: catalogue ids in templates
(`{{ msg("weekly.overall") }}`) would send a learner restyling an issue to a YAML file for
every word, and findings written as template macros would mix a check's sentences with
its layout.

Python code that needs a single `Text` in a language outside any template (a label's
description, a check's title) calls `Renderer.t` too. No template branches on the
language itself (tests/test_render.py keeps it so): a restyled template stays
bilingual by writing `tr(...)`, and the catalogue stays the one place for sentences that
Python fills in.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from llm_roadmap.errors import InvalidInput, Problem
from llm_roadmap.ownership import marker

if TYPE_CHECKING:
    from llm_roadmap.model.schema import Language, Text

STARS = "⭐"


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by every environment of this process.

    Compiling the templates costs about 0.3 s per command; a process that runs many
    commands (the test suite, the month-long bot replay) compiles each one once. Jinja
    keys a template by its file name and rejects the cached code when the source changed.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def environment(templates_dir: Path, language: Language) -> jinja2.Environment:
    """The Jinja environment every text is rendered in: the one place for settings, globals and filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        # Markdown and plain text are not escaped; `*.html.j2` pages are (cohort/page.html.j2).
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_BYTECODE,
    )
    env.globals.update(tr=partial(tr, language), t=partial(t, language), lang=language, marker=marker)
    env.filters.update(stars=stars, md_cell=md_cell, number=number)
    return env


def tr(language: Language, ja: str, en: str) -> str:
    """The one choice of language: `{{ tr("日本語", "English") }}` in a template."""
    return ja if language == "ja" else en


def t(language: Language, text: Text | None) -> str:
    """A `Text` pair (from the roadmap's YAML or the check catalogue) in `language`; None is empty."""
    return "" if text is None else tr(language, text.ja, text.en)


@dataclass
class Renderer:
    """Renders templates from `<root>/templates` in one language."""

    templates_dir: Path
    language: Language
    _env: jinja2.Environment = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._env = environment(self.templates_dir, self.language)

    def tr(self, ja: str, en: str) -> str:
        return tr(self.language, ja, en)

    def t(self, text: Text | None) -> str:
        return t(self.language, text)

    def render(self, name: str, **context: Any) -> str:
        try:
            return self._env.get_template(name).render(**context)
        except jinja2.TemplateError as exc:
            raise self._located(exc, name) from None

    def translate(self, text: Text, where: str, line: int, /, **context: Any) -> str:
        """A catalogue pair in this language, rendered as Jinja with `context`.

        `where` and `line` (the file under templates/ and the entry's line) locate a broken entry.
        """
        try:
            return self._env.from_string(self.t(text)).render(**context)
        except jinja2.TemplateError as exc:
            raise self._located(exc, where, line) from None

    def _located(self, exc: jinja2.TemplateError, name: str, line: int | None = None) -> InvalidInput:
        match exc:
            case jinja2.TemplateSyntaxError():
                where, at = exc.name or name, line or exc.lineno
                return self._problem(where, at, f"template error: {exc.message}", "fix the Jinja syntax")
            case jinja2.TemplateNotFound():
                return self._problem(
                    str(exc.name), 1, "template not found", "restore it from the template repository"
                )
            case _:  # e.g. an undefined variable (StrictUndefined)
                where, at = _template_frame(exc, self.templates_dir) or (name, line or 1)
                return self._problem(
                    where,
                    at,
                    f"template error: {exc.message}",
                    "use only the variables the other templates use",
                )

    def _problem(self, name: str, line: int, message: str, hint: str) -> InvalidInput:
        """A problem in `templates/<name>`, named the way the learner sees the repository."""
        return InvalidInput([Problem(Path(self.templates_dir.name) / name, line, 1, message, hint)])


def _template_frame(exc: BaseException, templates_dir: Path) -> tuple[str, int] | None:
    """The innermost template file and line in a rendering error's traceback (Jinja puts them there)."""
    found, base = None, templates_dir.resolve()
    for frame, line in traceback.walk_tb(exc.__traceback__):
        filename = Path(frame.f_code.co_filename).resolve()
        if filename.suffix == ".j2" and filename.is_relative_to(base):
            found = (filename.relative_to(base).as_posix(), line)
    return found


def stars(count: int) -> str:
    return STARS * count


def md_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, a line break kept as `<br>`."""
    lines = str(value).strip().replace("\r\n", "\n").replace("\r", "\n")
    return lines.replace("|", "\\|").replace("\n", "<br>")


def number(value: float) -> str:
    """A metric as people write it: 2, not 2.0; four significant digits otherwise."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"
