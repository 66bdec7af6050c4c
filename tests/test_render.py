"""The renderer: one Jinja environment for every text, one way to translate, compiled
templates shared by every Renderer yet an edit always seen, and a broken template or
catalogue entry reported where it is."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from llm_roadmap.deliverables.render import CATALOGUE, ReportRenderer
from llm_roadmap.deliverables.report import CheckResult, DeliverableReport, Finding, Report, Status
from llm_roadmap.errors import InvalidInput
from llm_roadmap.model.schema import Text
from llm_roadmap.render import Renderer, md_cell

REPO_ROOT = Path(__file__).resolve().parents[1]
SRC = REPO_ROOT / "src" / "llm_roadmap"
TEMPLATES = REPO_ROOT / "templates"


def _calls_named(tree: ast.AST, name: str) -> list[ast.Call]:
    def called(func: ast.expr) -> str | None:
        match func:
            case ast.Attribute(attr=attr) | ast.Name(id=attr):
                return attr
        return None

    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and called(node.func) == name]


def test_src_builds_exactly_one_jinja_environment() -> None:
    """Every template sees the same settings, globals and filters: one place builds them."""
    built = [
        f"{path.relative_to(SRC).as_posix()}:{call.lineno}"
        for path in sorted(SRC.rglob("*.py"))
        for call in _calls_named(ast.parse(path.read_text(encoding="utf-8")), "Environment")
    ]
    assert len(built) == 1, built
    assert built[0].startswith("render.py:")


def test_no_template_chooses_the_language_itself() -> None:
    """`tr`/`t` are the one choice between Japanese and English (see llm_roadmap.render)."""
    branching = re.compile(r"(?<![.\w])(?:lang|language)\s*[!=]=")
    offenders = [
        path.relative_to(TEMPLATES).as_posix()
        for path in sorted(TEMPLATES.rglob("*.j2"))
        if branching.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_an_inline_pair_and_a_text_pair_are_the_same_choice(language: str) -> None:
    renderer = Renderer(TEMPLATES, language)  # type: ignore[arg-type]
    pair = Text(ja="日本語", en="English")
    assert renderer.t(pair) == renderer.tr("日本語", "English") == pair(language)  # type: ignore[arg-type]
    assert renderer.t(None) == ""


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("plain", "plain"),
        ("a | b", "a \\| b"),
        ("two\nlines", "two<br>lines"),
        ("windows\r\nline", "windows<br>line"),
        (" padded\n", "padded"),
        (2.5, "2.5"),
    ],
)
def test_one_markdown_cell_filter(value: object, cell: str) -> None:
    assert md_cell(value) == cell


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


def _report() -> Report:
    failed = CheckResult(
        id="chat",
        kind="run",
        title=Text(ja="会話", en="Chat"),
        status=Status.FAILED,
        findings=(Finding(code="llm.too-many-requests", params={"count": 3, "maximum": 1}),),
    )
    deliverable = DeliverableReport(deliverable="p1.d01.x", folder="projects/x", results=(failed,))
    return Report(deliverables=(deliverable,))


def _checks_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES / "checks", templates / "checks")
    return templates


def test_a_broken_check_template_is_a_located_problem(tmp_path: Path) -> None:
    templates = _checks_templates(tmp_path)
    summary = templates / "checks" / "summary.md.j2"
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text.replace("report.summary", "report.sumary"), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        ReportRenderer(Renderer(templates, "en")).markdown(_report())
    (problem,) = caught.value.problems
    assert problem.render().startswith("templates/checks/summary.md.j2:")
    assert "template error: " in problem.message
    assert "sumary" in problem.message


def test_a_broken_catalogue_entry_is_reported_at_its_line(tmp_path: Path) -> None:
    templates = _checks_templates(tmp_path)
    catalogue = templates / CATALOGUE
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines, start=1) if line == "  llm.too-many-requests:")
    lines[at] = lines[at].replace("{{ maximum }}", "{{ maximum ")  # the ja side, one line below
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        ReportRenderer(Renderer(templates, "ja")).markdown(_report())
    (problem,) = caught.value.problems
    assert (str(problem.path), problem.line) == (f"templates/{CATALOGUE}", at)
    assert problem.message.startswith("template error: ")
    assert ReportRenderer(Renderer(templates, "en")).markdown(_report())  # the English side is intact
