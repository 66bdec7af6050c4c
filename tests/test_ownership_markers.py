"""Every ownership marker: what its writer spells, what its parser reads back, and the
look-alikes the parser refuses. One table per concern, one module (`llm_roadmap.ownership`)
that spells them all."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import pytest

from llm_roadmap import ownership
from llm_roadmap.errors import InvalidInput
from llm_roadmap.render import Renderer

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "llm_roadmap"
ITEM = "p1.d01.simple-chat/files"

# format → (writer's output, its exact spelling)
WRITTEN = {
    "key": (ownership.key_marker("p1.w1-4.python-basics"), "<!-- roadmap:p1.w1-4.python-basics -->"),
    "managed block": (
        ownership.wrap("dashboard", "  hello\n"),
        "<!-- roadmap:dashboard -->\n<!-- roadmap:begin -->\nhello\n<!-- roadmap:end -->\n",
    ),
    "applied record": (
        ownership.applied_marker({"title": "t", "labels": ["★"]}),
        # base64 of {"labels":["★"],"title":"t"}: sorted keys, compact, UTF-8
        "<!-- roadmap:applied eyJsYWJlbHMiOlsi4piFIl0sInRpdGxlIjoidCJ9 -->",
    ),
    "moved": (ownership.MOVED, "<!-- roadmap:moved -->"),
    "check item": (ownership.check_item_marker(ITEM), "<!-- roadmap-check-item:p1.d01.simple-chat/files -->"),
    "check comment": (
        ownership.check_comment_marker("p1.d01.simple-chat"),
        "<!-- roadmap-check:p1.d01.simple-chat -->",
    ),
    "check comment (gpu)": (
        ownership.check_comment_marker("p1.d01.simple-chat", "gpu"),
        "<!-- roadmap-check-gpu:p1.d01.simple-chat -->",
    ),
    "bot": (ownership.bot_marker("weekly:2027-W03"), "<!-- roadmap:bot:weekly:2027-W03 -->"),
    "bot section": (
        "\n".join(ownership.bot_section_markers("status")),
        "<!-- roadmap:bot:status:begin -->\n<!-- roadmap:bot:status:end -->",
    ),
    "upgrade": (ownership.UPGRADE, "<!-- roadmap:upgrade -->"),
}


@pytest.mark.parametrize(("written", "spelled"), WRITTEN.values(), ids=WRITTEN.keys())
def test_each_writer_spells_its_format(written: str, spelled: str) -> None:
    assert written == spelled


def _section(body: str) -> str | None:
    return ownership.read_bot_section(body, "status")


DASHBOARD = ownership.wrap("dashboard", "## Dashboard")

# format → (parser, what a writer wrote, what the parser reads from it)
READ_BACK: dict[str, tuple[Callable[[str], object], str, object]] = {
    "key": (
        ownership.find_key,
        ownership.key_marker("p1.w1-4.python-basics") + "\nmine",
        "p1.w1-4.python-basics",
    ),
    "key in a wrapped body": (ownership.find_key, "intro\n" + ownership.wrap("p1.epic", "x"), "p1.epic"),
    "key after a bot's marker": (
        ownership.find_key,
        ownership.bot_marker("weekly:2027-W03") + "\n" + ownership.key_marker("p1.epic"),
        "p1.epic",
    ),
    "managed block": (
        ownership.managed_part,
        "mine\n" + ownership.wrap("k", "hello") + "\nmine too",
        "hello",
    ),
    "applied record": (
        ownership.find_applied,
        "x\n" + ownership.applied_marker({"title": "T -- dashes", "labels": ["★"]}) + "\ny",
        {"title": "T -- dashes", "labels": ["★"]},
    ),
    "applied record removed": (
        ownership.without_applied,
        "text\n" + ownership.applied_marker({"title": "t"}),
        "text",
    ),
    "check item": (
        ownership.check_items,
        f"- [ ] Files {ownership.check_item_marker(ITEM)}\n"
        f"  * [X] Ruff {ownership.check_item_marker('p/ruff')}",
        {ITEM: False, "p/ruff": True},
    ),
    "bot section": (
        _section,
        ownership.replace_bot_section(DASHBOARD + "\nlearner's\n", "status", "🔥 3 days"),
        "🔥 3 days",
    ),
    "bot section is placed after the managed block": (
        lambda body: body,
        ownership.replace_bot_section(DASHBOARD + "\nlearner's\n", "status", "s"),
        DASHBOARD.rstrip("\n")
        + "\n\n<!-- roadmap:bot:status:begin -->\ns\n<!-- roadmap:bot:status:end -->\n\nlearner's\n",
    ),
    "bot": (
        lambda body: ownership.has_bot_marker(body, "weekly:2027-W03"),
        "text\n" + ownership.bot_marker("weekly:2027-W03"),
        True,
    ),
}


@pytest.mark.parametrize(("parse", "body", "expected"), READ_BACK.values(), ids=READ_BACK.keys())
def test_each_parser_reads_back_what_its_writer_wrote(
    parse: Callable[[str], object], body: str, expected: object
) -> None:
    assert parse(body) == expected


# parser → look-alikes it must refuse (read as nothing)
REFUSED: dict[str, tuple[Callable[[str], object], list[str]]] = {
    "find_key": (
        ownership.find_key,
        [
            "",
            "plain text",
            "<!--roadmap:p1.epic-->",  # spacing
            "<!--  roadmap:p1.epic -->",
            "<!-- roadmap:p1.epic  -->",
            "<!-- roadmap:p1.epic --",  # unclosed
            "<!-- roadmap:P1.Epic -->",  # keys are lower-case
            "<!-- roadmap:Bad Key -->",
            "<!-- roadmap:bot:weekly:2027-W03 -->",  # the bots' namespace
            "<!-- roadmap:bot:status:begin -->",
            "<!-- roadmap:generated:begin phases -->",  # the README's sections, not ours
            "<!-- roadmap:applied e30= -->",
            "<!-- roadmap:begin -->x<!-- roadmap:end -->",
            "<!-- roadmap:moved -->",
            "<!-- roadmap:upgrade -->",
            "<!-- roadmap-check:p1.d01.simple-chat -->",
            "<!-- roadmap-check-item:p1.d01.simple-chat/files -->",
            "<!-- roadmapx:p1.epic -->",
        ],
    ),
    "managed_part": (
        ownership.managed_part,
        [
            "",
            "<!-- roadmap:end -->x<!-- roadmap:begin -->",  # the wrong way round
            "<!-- roadmap:begin -->no end",
            "<!-- roadmap:bot:status:begin -->x<!-- roadmap:bot:status:end -->",
            "<!-- roadmap:generated:begin phases -->x<!-- roadmap:generated:end phases -->",
            "<!--roadmap:begin-->x<!--roadmap:end-->",
        ],
    ),
    "find_applied": (
        ownership.find_applied,
        [
            "",
            "<!-- roadmap:applied !!! -->",  # not base64
            "<!-- roadmap:applied aGVsbG8= -->",  # base64, not JSON
            "<!-- roadmap:applied WzFd -->",  # JSON, not an object: [1]
            "<!-- roadmap:applied  e30= -->",  # spacing
            "<!--roadmap:applied e30=-->",
            "<!-- roadmap:bot:applied e30= -->",
            "<!-- roadmap:e30= -->",
        ],
    ),
    "check_items": (
        ownership.check_items,
        [
            "- [ ] Files <!-- roadmap-check:p1.d01.simple-chat -->",  # the comment's marker
            "- [ ] Files <!-- roadmap:bot:p1.d01.simple-chat/files -->",
            "- [ ] Files <!-- roadmap-check-items:p1.d01.simple-chat/files -->",
            "text <!-- roadmap-check-item:p1.d01.simple-chat/files -->",  # not a checklist line
            "- [y] Files <!-- roadmap-check-item:p1.d01.simple-chat/files -->",
            "- [ ] Files <!-- roadmap-check-item: -->",
        ],
    ),
    "read_bot_section": (
        _section,
        [
            DASHBOARD,  # bootstrap's block is not a bot's section
            "<!-- roadmap:bot:streak:begin -->x<!-- roadmap:bot:streak:end -->",  # another section
            "<!-- roadmap:bot:status:end -->x<!-- roadmap:bot:status:begin -->",
            "<!-- roadmap:bot:status -->x",
        ],
    ),
    "has_bot_marker": (
        lambda body: ownership.has_bot_marker(body, "weekly:2027-W03"),
        [
            "<!-- roadmap:weekly:2027-W03 -->",  # an item key is not a bot's marker
            "<!-- roadmap:bot:weekly:2027-W03x -->",
            "<!-- roadmap:bot:weekly:2027-W0 -->",
            "<!--roadmap:bot:weekly:2027-W03-->",
            "<!-- roadmap:bot:weekly:2027-W03:begin -->",
        ],
    ),
}


@pytest.mark.parametrize(
    ("parse", "body"),
    [(parse, body) for parse, bodies in REFUSED.values() for body in bodies],
    ids=[f"{name}:{body[:40]!r}" for name, (_, bodies) in REFUSED.items() for body in bodies],
)
def test_parsers_refuse_look_alikes(parse: Callable[[str], object], body: str) -> None:
    assert not parse(body)


@pytest.mark.parametrize(
    ("comment", "other"),
    [
        (
            ownership.check_comment_marker("p1.d01.simple-chat"),
            ownership.check_comment_marker("p1.d01.simple-chat", "gpu"),
        ),
        (
            ownership.check_comment_marker("p1.d01.simple-chat"),
            ownership.check_comment_marker("p1.d01.simple-chat-2"),
        ),
        (ownership.bot_marker("cohort"), ownership.bot_marker("cohorts")),
        (ownership.UPGRADE, "<!-- roadmap:upgrades -->"),
    ],
)
def test_markers_found_by_containment_are_not_found_in_their_neighbours(comment: str, other: str) -> None:
    """`check --publish`, `roadmap cohort` and `roadmap upgrade` find theirs by `marker in body`."""
    assert comment not in other
    assert other not in comment


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("key", "p1.epic"), ownership.key_marker("p1.epic")),
        (("bot", "streak-reminder"), ownership.bot_marker("streak-reminder")),
        (("check-item", ITEM), ownership.check_item_marker(ITEM)),
        (("upgrade",), ownership.UPGRADE),
        (("moved",), ownership.MOVED),
    ],
)
def test_the_template_global_is_the_writers(args: tuple[str, ...], expected: str) -> None:
    assert ownership.marker(*args) == expected


def test_a_template_asking_for_an_unknown_marker_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "x.md.j2").write_text('first\n{{ marker("bots", "x") }}\n', encoding="utf-8")
    with pytest.raises(jinja2.TemplateRuntimeError):
        ownership.marker("bots", "x")
    with pytest.raises(InvalidInput) as caught:
        Renderer(tmp_path, "en").render("x.md.j2")
    [problem] = caught.value.problems
    assert (problem.line, "marker('bots')" in problem.message) == (2, True)


MARKER_TEXT = re.compile(r"<!--\s*roadmap[-:]")
NOT_OWNERSHIP = "roadmap:generated:"  # the README's section markers (`docs.py`), not ownership


def _docstrings(tree: ast.Module) -> set[int]:
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef | ast.FunctionDef))]
    return {
        id(node.body[0].value)
        for node in nodes
        if node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }


def test_only_the_ownership_module_spells_a_marker() -> None:
    """Outside `ownership.py`, no string in `src` (docstrings aside) and no template spells one."""
    spelled: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "ownership.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        spelled += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docs
            and MARKER_TEXT.search(node.value)
            and NOT_OWNERSHIP not in node.value
        ]
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            spelled += [
                f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}"
                for m in MARKER_TEXT.finditer(text)
            ]
    assert spelled == []
