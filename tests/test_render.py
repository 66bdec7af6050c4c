"""The renderer: compiled templates are shared by every Renderer, yet an edit is always seen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap.render import Renderer

if TYPE_CHECKING:
    from pathlib import Path


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    template = tmp_path / "note.md.j2"
    template.write_text('{{ tr("前", "before") }} {{ n }}\n', encoding="utf-8")
    assert Renderer(tmp_path, "ja").render("note.md.j2", n=1) == "前 1\n"
    assert Renderer(tmp_path, "en").render("note.md.j2", n=2) == "before 2\n"  # same code, its own language
    template.write_text('{{ tr("後", "after") }} {{ n }}\n', encoding="utf-8")
    assert Renderer(tmp_path, "ja").render("note.md.j2", n=3) == "後 3\n"


def test_the_same_name_in_another_folder_is_another_template(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt.j2").write_text(name, encoding="utf-8")
    assert [Renderer(tmp_path / name, "en").render("x.txt.j2") for name in ("a", "b")] == ["a", "b"]
