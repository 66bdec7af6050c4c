"""Jinja2 rendering for every text a human reads.

Templates live in the repository's top-level `templates/` folder, so a learner can
restyle their issues without touching Python. Undefined variables are errors.
`tr("日本語", "English")` and `t(text)` pick the configured language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jinja2

from llm_roadmap.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.model.schema import Language, Text

STARS = "⭐"


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
            autoescape=False,  # Markdown and plain text, not HTML  # noqa: S701
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.globals.update(tr=self.tr, t=self.t, lang=self.language)
        self._env.filters.update(stars=stars, md_cell=md_cell)

    def tr(self, ja: str, en: str) -> str:
        return ja if self.language == "ja" else en

    def t(self, text: Text | None) -> str:
        return "" if text is None else text(self.language)

    def render(self, name: str, **context: Any) -> str:
        try:
            return self._env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            path = self.templates_dir / name
            raise InvalidInput(
                [
                    Problem(
                        path,
                        exc.lineno,
                        1,
                        f"template error: {exc.message}",
                        "fix the Jinja syntax",
                    )
                ]
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise InvalidInput(
                [
                    Problem(
                        self.templates_dir / str(exc.name),
                        1,
                        1,
                        "template not found",
                        "restore it from the template repository",
                    )
                ]
            ) from None


def stars(count: int) -> str:
    return STARS * count


def md_cell(value: object) -> str:
    """Make a value safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")
