"""Jinja2 rendering for every text a human reads.

Templates live in the repository's top-level `templates/` folder, so a learner can
restyle their issues without touching Python. Undefined variables are errors.
`tr("日本語", "English")` and `t(text)` pick the configured language.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from llm_roadmap.errors import InvalidInput, Problem
from llm_roadmap.ownership import marker

if TYPE_CHECKING:
    from llm_roadmap.model.schema import Language, Text

STARS = "⭐"


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by every `Renderer` of this process.

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


@dataclass
class Renderer:
    """Renders templates from `<root>/templates` in one language."""

    templates_dir: Path
    language: Language
    _env: jinja2.Environment = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.templates_dir),
            undefined=jinja2.StrictUndefined,
            # Markdown and plain text are not escaped; `*.html.j2` pages are (cohort/page.html.j2).
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_BYTECODE,
        )
        self._env.globals.update(tr=self.tr, t=self.t, lang=self.language, marker=marker)
        self._env.filters.update(stars=stars, md_cell=md_cell)

    def tr(self, ja: str, en: str) -> str:
        return ja if self.language == "ja" else en

    def t(self, text: Text | None) -> str:
        return "" if text is None else text(self.language)

    def render(self, name: str, **context: Any) -> str:
        try:
            return self._env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise self._problem(
                exc.name or name, exc.lineno, f"template error: {exc.message}", "fix the Jinja syntax"
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise self._problem(
                str(exc.name), 1, "template not found", "restore it from the template repository"
            ) from None
        except jinja2.TemplateError as exc:  # e.g. an undefined variable (StrictUndefined)
            where, line = _template_frame(exc, self.templates_dir) or (name, 1)
            raise self._problem(
                where,
                line,
                f"template error: {exc.message}",
                "use only the variables the other templates use",
            ) from None

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
    """Make a value safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")
