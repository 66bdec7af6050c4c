"""The roadmap YAML encodes all of the source roadmap, read from the source itself.

The source is the original Japanese roadmap, shipped verbatim in the repository as
`docs/source/roadmap-source.ja.md` (a template copy stands alone: nothing is read from
beside it). Each check below extracts one kind of item from its Markdown (skill tables,
deliverable lists, checklists, ...) and compares it, in order, with the same items in the
loaded roadmap: nothing left out, nothing invented, no counts copied by hand.
Japanese text must be equal once Markdown bold (`**`) is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from testing.repo import REPO_ROOT, copy_repo, invoke, load

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.model.schema import Phase

SOURCE = REPO_ROOT / "docs" / "source" / "roadmap-source.ja.md"

# --- reading the source ------------------------------------------------------------------


@dataclass
class Section:
    """A heading and the lines under it, up to the next heading of any level."""

    level: int
    title: str
    parents: tuple[str, ...]
    lines: list[str] = field(default_factory=list)

    def under(self, fragment: str) -> bool:
        return any(fragment in parent for parent in self.parents)


def parse_sections(text: str) -> list[Section]:
    """Split Markdown into sections; headings inside ``` fences are body text."""
    sections = [Section(0, "", ())]
    stack: list[Section] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"^(#{1,6}) (.+)$", line)
        if heading is None:
            sections[-1].lines.append(line)
            continue
        level = len(heading[1])
        stack = [s for s in stack if s.level < level]
        section = Section(level, heading[2].strip(), tuple(s.title for s in stack))
        stack.append(section)
        sections.append(section)
    return sections


def clean(text: str) -> str:
    return text.replace("**", "").strip()


def test_the_source_is_in_the_repository() -> None:
    assert SOURCE.is_file(), f"the source roadmap {SOURCE} is missing; restore it with git"


@pytest.fixture(scope="module")
def sections() -> list[Section]:
    if not SOURCE.is_file():
        pytest.fail(f"the source roadmap {SOURCE} is missing; restore it with git")
    return parse_sections(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def roadmap(tmp_path_factory: pytest.TempPathFactory) -> Roadmap:
    return load(copy_repo(tmp_path_factory.mktemp("repo"))).roadmap


def _titled(sections: list[Section], pattern: str, level: int | None = None) -> Iterator[Section]:
    for section in sections:
        if re.search(pattern, section.title) and (level is None or section.level == level):
            yield section


def _one(sections: list[Section], pattern: str) -> Section:
    [section] = list(_titled(sections, pattern))
    return section


def _children(sections: list[Section], parent: Section) -> Iterator[Section]:
    for section in sections:
        if section.level == parent.level + 1 and section.parents[-1:] == (parent.title,):
            yield section


def _matches(lines: list[str], pattern: str) -> list[re.Match[str]]:
    return [m for line in lines if (m := re.match(pattern, line.rstrip()))]


def _phase_number(section: Section) -> int:
    for title in (section.title, *reversed(section.parents)):
        if m := re.search(r"Phase (\d+)", title):
            return int(m[1])
    raise AssertionError(f"no phase number above {section.title!r}")


def _phase_sections(sections: list[Section]) -> list[Section]:
    return list(_titled(sections, r"^\S+ Phase \d+: ", level=2))


def _checkbox_items(lines: list[str]) -> list[str]:
    return [clean(m[1]) for m in _matches(lines, r"^- \[ \] (.+)$")]


def _phase(roadmap: Roadmap, number: int) -> Phase:
    [phase] = [p for p in roadmap.phases if p.number == number]
    return phase


# --- what the source says, one extractor per kind of item ----------------------------------

SKILL_ROW = r"^\| (.+?) \| (⭐+) \| (\d+)時間 \|$"


def source_skills(sections: list[Section]) -> list[tuple[Any, ...]]:
    rows = []
    for section in sections:
        for m in _matches(section.lines, SKILL_ROW):
            label, title = section.title.split(": ", 1)
            rows.append((_phase_number(section), label, title, clean(m[1]), len(m[2]), int(m[3])))
    return rows


def roadmap_skills(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [
        (phase.number, period.label.ja, period.title.ja, skill.title.ja, skill.importance, skill.hours)
        for phase, period, skill in roadmap.skills()
    ]


DELIVERABLE = r"^\d+\. \*\*(Week|Month) (\d+)\*\*: (.+)$"
FILE_SUFFIX = r"（`([^`]+)`）$"


def source_deliverables(sections: list[Section]) -> list[tuple[Any, ...]]:
    rows = []
    for section in _titled(sections, "マイルストーン成果物"):
        for m in _matches(section.lines, DELIVERABLE):
            text = clean(m[3])
            file = re.search(FILE_SUFFIX, text)
            title = text[: file.start()] if file else text
            files = (file[1],) if file else ()
            rows.append((_phase_number(section), m[1].lower(), int(m[2]), title, files))
    return rows


def roadmap_deliverables(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(phase.number, d.due.unit, d.due.at, d.title.ja, d.files) for phase, d in roadmap.deliverables()]


def source_graduation(sections: list[Section]) -> list[tuple[Any, ...]]:
    return [
        (_phase_number(s), item) for s in _titled(sections, "卒業条件") for item in _checkbox_items(s.lines)
    ]


def roadmap_graduation(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(phase.number, item.text.ja) for phase in roadmap.phases for item in phase.graduation]


def source_final_checkpoint(sections: list[Section]) -> list[tuple[Any, ...]]:
    parent = _one(sections, "最終チェックポイント")
    return [
        (_phase_number(s), clean(m[1]))
        for s in _children(sections, parent)
        for m in _matches(s.lines, r"^✅ (.+)$")
    ]


def roadmap_final_checkpoint(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(phase.number, item.text.ja) for phase in roadmap.phases for item in phase.final_checkpoint]


def _titled_checklists(sections: list[Section], parent_pattern: str) -> list[tuple[Any, ...]]:
    parent = _one(sections, parent_pattern)
    return [(s.title, item) for s in _children(sections, parent) for item in _checkbox_items(s.lines)]


def source_stuck(sections: list[Section]) -> list[tuple[Any, ...]]:
    return _titled_checklists(sections, "つまずいた時のチェックリスト")


def roadmap_stuck(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(group.title.ja, item.text.ja) for group in roadmap.guide.stuck for item in group.items]


def source_prerequisites(sections: list[Section]) -> list[tuple[Any, ...]]:
    return _titled_checklists(sections, "事前スキルチェック")


def roadmap_prerequisites(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    groups = roadmap.guide.prerequisites.groups
    return [(group.title.ja, item.text.ja) for group in groups for item in group.items]


def source_prerequisite_note(sections: list[Section]) -> list[tuple[Any, ...]]:
    lines = _one(sections, "事前スキルチェック")
    body = [line for s in _children(sections, lines) for line in s.lines]
    return [(_without_emoji(clean(m[1])),) for m in _matches(body, r"^(\*\*.+)$")]


def roadmap_prerequisite_note(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(roadmap.guide.prerequisites.shortfall_note.ja,)]


def _without_emoji(text: str) -> str:
    """Drop a leading emoji and its space ("📝 スキル..." -> "スキル...")."""
    return re.sub(r"^[^\w\s(（「]+\s*", "", text)


def source_principles(sections: list[Section]) -> list[tuple[Any, ...]]:
    parent = _one(sections, "成功のための5つの原則")
    rows = []
    for s in _children(sections, parent):
        m = re.match(r"^(\d+)\. (\S+) (.+)$", s.title)
        assert m, s.title
        points = tuple(clean(p[1]) for p in _matches(s.lines, r"^- (.+)$"))
        rows.append((int(m[1]), m[2], clean(m[3]), points))
    return rows


def roadmap_principles(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [
        (p.number, p.emoji, p.title.ja, tuple(point.text.ja for point in p.points))
        for p in roadmap.guide.principles
    ]


RESOURCE = r"^- \S+ (?:\[(?P<title>.+?)\]\((?P<url>[^)]+)\)|(?P<plain>[^\[].*?))(?: - (?P<note>.+))?$"
LANGUAGES = {"日本語": "ja", "英語": "en"}


def _resources(sections: list[Section], parent: Section) -> list[tuple[Any, ...]]:
    rows = []
    for s in sections:
        if s.level == parent.level + 1 and s.under(parent.title):
            for m in _matches(s.lines, RESOURCE):
                title = m["title"] or m["plain"]
                rows.append((s.title, clean(title), m["url"], m["note"]))
    return rows


def source_phase_resources(sections: list[Section]) -> list[tuple[Any, ...]]:
    rows = []
    for parent in _titled(sections, r"^Phase \d+ 学習リソース$", level=3):
        number = _phase_number(parent)
        for group, title, url, note in _resources(sections, parent):
            rows.append((number, group, title, url, LANGUAGES.get(note or "")))
    return rows


def roadmap_phase_resources(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [
        (phase.number, group.title.ja, r.title, r.url and str(r.url), r.language)
        for phase in roadmap.phases
        for group in phase.resources
        for r in group.resources
    ]


def source_ongoing_resources(sections: list[Section]) -> list[tuple[Any, ...]]:
    return _resources(sections, _one(sections, "継続学習のための情報源"))


def roadmap_ongoing_resources(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [
        (group.title.ja, r.title, r.url and str(r.url), r.note and r.note.ja)
        for group in roadmap.guide.resources_ongoing
        for r in group.resources
    ]


MONEY = r"\$(\d+)-(\d+)(\+?)"


def source_budget(sections: list[Section]) -> list[tuple[Any, ...]]:
    section = _one(sections, "API利用料金の目安")
    return [
        (int(m[1]), int(m[2]), int(m[3]), m[4] == "+", clean(m[5]))
        for m in _matches(section.lines, rf"^\| \*\*Phase (\d+)\*\* \| {MONEY} \| (.+?) \|$")
    ]


def roadmap_budget(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    numbers = {phase.id: phase.number for phase in roadmap.phases}
    return [
        (numbers[row.phase], row.monthly_usd.min, row.monthly_usd.max, row.monthly_usd.open_ended, row.use.ja)
        for row in roadmap.guide.budget.monthly
    ]


def source_budget_tips(sections: list[Section]) -> list[tuple[Any, ...]]:
    return [(clean(m[1]),) for m in _matches(_one(sections, "コスト削減のコツ").lines, r"^\d+\. (.+)$")]


def roadmap_budget_tips(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(tip.text.ja,) for tip in roadmap.guide.budget.tips]


def source_errors(sections: list[Section]) -> list[tuple[Any, ...]]:
    parent = _one(sections, "よくあるエラーと解決法")
    return [
        (s.title, clean(m[1]), clean(m[2]), clean(m[3]))
        for s in _children(sections, parent)
        for m in _matches(s.lines, r"^\| \*\*(.+?)\*\* \| (.+?) \| (.+?) \|$")
    ]


def roadmap_errors(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [
        (group.title.ja, row.error, row.cause.ja, row.fix.ja)
        for group in roadmap.guide.errors
        for row in group.rows
    ]


def source_schedule(sections: list[Section]) -> list[tuple[Any, ...]]:
    section = _one(sections, "全体スケジュール")
    row = r"^\| \*\*Phase (\d+)\*\* \| (.+?) \| (.+?) \| (\d+)-(\d+)時間 \|$"
    return [(int(m[1]), m[2], m[3], int(m[4]), int(m[5])) for m in _matches(section.lines, row)]


def roadmap_schedule(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [
        (p.number, p.span_label.ja, p.goal.ja, p.weekly_hours.min, p.weekly_hours.max) for p in roadmap.phases
    ]


def source_phases(sections: list[Section]) -> list[tuple[Any, ...]]:
    rows = []
    for s in _phase_sections(sections):
        m = re.match(r"^(\S+) Phase (\d+): (.+) \((.+)\)$", s.title)
        assert m, s.title
        [objective] = [
            clean(line)
            for o in _titled(sections, "Phase目標")
            if o.under(s.title)
            for line in o.lines
            if line
        ]
        rows.append((int(m[2]), m[1], m[3], m[4], objective))
    return rows


def roadmap_phases(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(p.number, p.emoji, p.title.ja, p.span_label.ja, p.objective.ja) for p in roadmap.phases]


def source_goals(sections: list[Section]) -> list[tuple[Any, ...]]:
    return [(clean(m[1]),) for m in _matches(_one(sections, "ロードマップのゴール").lines, r"^\d+\. (.+)$")]


def roadmap_goals(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(goal.text.ja,) for goal in roadmap.guide.introduction.goals]


def source_policy(sections: list[Section]) -> list[tuple[Any, ...]]:
    return [(clean(m[1]),) for m in _matches(_one(sections, "学習方針").lines, r"^- ✅ (.+)$")]


def roadmap_policy(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(item.text.ja,) for item in roadmap.guide.introduction.policy]


def source_models(sections: list[Section]) -> list[tuple[Any, ...]]:
    row = r"^\| \*\*(.+?)\*\* \| (.+?) \| (.+?) \| (.+?) \|$"
    return [tuple(clean(g) for g in m.groups()) for m in _matches(_one(sections, "LLMモデル選択").lines, row)]


def roadmap_models(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(m.use.ja, m.models, m.cost.ja, m.traits.ja) for m in roadmap.guide.models]


def source_tools(sections: list[Section]) -> list[tuple[Any, ...]]:
    row = r"^\| \*\*(.+?)\*\* \| (.+?) \| (.+?) \|$"
    return [
        tuple(clean(g) for g in m.groups()) for m in _matches(_one(sections, "開発環境・ツール").lines, row)
    ]


def roadmap_tools(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(t.category.ja, t.recommended.ja, t.alternatives.ja) for t in roadmap.guide.tools]


def source_progress_checklists(sections: list[Section]) -> list[tuple[Any, ...]]:
    rows = []
    for s in _titled(sections, r"^Phase \d+ チェックリスト", level=3):
        heading = ""
        for line in s.lines:
            if m := re.match(r"^## (.+?)\s*$", line):
                heading = m[1]
            elif m := re.match(r"^- \[ \] (.+?)\s*$", line):
                rows.append((_phase_number(s), s.title, heading, clean(m[1])))
    return rows


def roadmap_progress_checklists(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [
        (p.number, p.checklist_title.ja, group.heading.ja, item.text.ja)
        for p in roadmap.phases
        for group in p.checklist
        for item in group.items
    ]


def source_learning_log(sections: list[Section]) -> list[tuple[Any, ...]]:
    lines = _one(sections, "学習ログテンプレート").lines
    return [(m[1], m[2]) for m in _matches(lines, r"^(#{2,3}) (.+)$")]


def roadmap_learning_log(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    log = roadmap.guide.learning_log
    return [("##", log.date_heading.ja)] + [("###", s.heading.ja) for s in log.sections]


def source_closing(sections: list[Section]) -> list[tuple[Any, ...]]:
    section = _one(sections, "さあ、始めましょう")
    lines = [clean(line) for line in section.lines if line.strip() and line.strip() != "---"]
    return [(_without_emoji(section.title), tuple(lines))]


def roadmap_closing(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    closing = roadmap.guide.closing
    return [(closing.title.ja, tuple(line.text.ja for line in closing.lines))]


def source_revisions(sections: list[Section]) -> list[tuple[Any, ...]]:
    lines = _one(sections, "改訂履歴").lines
    return [(m[1], m[2], m[3]) for m in _matches(lines, r"^- (v[\d.]+) \((.+?)\): (.+)$")]


def roadmap_revisions(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(r.version, r.date, r.text.ja) for r in roadmap.guide.closing.revisions]


def source_feedback(sections: list[Section]) -> list[tuple[Any, ...]]:
    lines = _one(sections, "フィードバック").lines
    text = [line.strip() for line in lines if line.strip() and line.strip() != "---"]
    copyright_line = [m[1] for m in _matches(text, r"^_(Copyright .+)_$")]
    return [("\n".join(t for t in text if not t.startswith("_")), *copyright_line)]


def roadmap_feedback(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    closing = roadmap.guide.closing
    return [(closing.feedback.ja, closing.copyright)]


def source_purpose(sections: list[Section]) -> list[tuple[Any, ...]]:
    lines = [clean(line) for line in _one(sections, "はじめに").lines if line.strip()]
    return [(lines[0],)]


def roadmap_purpose(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    return [(roadmap.guide.introduction.purpose.ja,)]


EXTRACTORS: list[tuple[Callable[[list[Section]], list[Any]], Callable[[Roadmap], list[Any]]]] = [
    (source_skills, roadmap_skills),
    (source_deliverables, roadmap_deliverables),
    (source_graduation, roadmap_graduation),
    (source_final_checkpoint, roadmap_final_checkpoint),
    (source_stuck, roadmap_stuck),
    (source_prerequisites, roadmap_prerequisites),
    (source_prerequisite_note, roadmap_prerequisite_note),
    (source_principles, roadmap_principles),
    (source_phase_resources, roadmap_phase_resources),
    (source_ongoing_resources, roadmap_ongoing_resources),
    (source_budget, roadmap_budget),
    (source_budget_tips, roadmap_budget_tips),
    (source_errors, roadmap_errors),
    (source_schedule, roadmap_schedule),
    (source_phases, roadmap_phases),
    (source_goals, roadmap_goals),
    (source_policy, roadmap_policy),
    (source_models, roadmap_models),
    (source_tools, roadmap_tools),
    (source_progress_checklists, roadmap_progress_checklists),
    (source_learning_log, roadmap_learning_log),
    (source_closing, roadmap_closing),
    (source_revisions, roadmap_revisions),
    (source_feedback, roadmap_feedback),
    (source_purpose, roadmap_purpose),
]


@pytest.mark.parametrize(
    ("from_source", "from_roadmap"),
    EXTRACTORS,
    ids=[source.__name__.removeprefix("source_") for source, _ in EXTRACTORS],
)
def test_roadmap_encodes_the_source(
    sections: list[Section],
    roadmap: Roadmap,
    from_source: Callable[[list[Section]], list[Any]],
    from_roadmap: Callable[[Roadmap], list[Any]],
) -> None:
    expected = from_source(sections)
    assert expected, f"{from_source.__name__} found nothing in {SOURCE}; has the source's layout changed?"
    assert from_roadmap(roadmap) == expected


# --- the extractors read every row there is -----------------------------------------------


def _loose_count(sections: list[Section], predicate: Callable[[str], bool]) -> int:
    return sum(1 for s in sections for line in s.lines if predicate(line))


def test_every_skill_row_is_read(sections: list[Section]) -> None:
    def looks_like_skill_row(line: str) -> bool:
        return line.startswith("|") and "⭐" in line

    assert len(source_skills(sections)) == _loose_count(sections, looks_like_skill_row)


def test_every_deliverable_and_graduation_item_is_read(sections: list[Section]) -> None:
    deliverable_lines = sum(
        1 for s in _titled(sections, "マイルストーン成果物") for line in s.lines if re.match(r"^\d+\.", line)
    )
    assert len(source_deliverables(sections)) == deliverable_lines
    graduation_lines = sum(
        1 for s in _titled(sections, "卒業条件") for line in s.lines if line.startswith("- ")
    )
    assert len(source_graduation(sections)) == graduation_lines
    assert len(source_graduation(sections)) == 4 * len(_phase_sections(sections))


def test_phase_count_matches_the_source(sections: list[Section], roadmap: Roadmap) -> None:
    assert [p.number for p in roadmap.phases] == [_phase_number(s) for s in _phase_sections(sections)]


# --- the plan a learner sees names everything --------------------------------------------


def test_dry_run_names_every_skill_deliverable_and_graduation_condition(
    sections: list[Section], tmp_path: Path
) -> None:
    result = invoke(copy_repo(tmp_path), "bootstrap", "--dry-run")
    assert result.exit_code == 0
    names = [row[3] for row in source_skills(sections)]
    names += [row[3] for row in source_deliverables(sections)]
    names += [row[1] for row in source_graduation(sections)]
    missing = [name for name in names if name not in result.stdout]
    assert missing == []


def test_parse_sections_ignores_headings_in_fences() -> None:
    parsed = parse_sections("# A\n```markdown\n## not a heading\n```\n## B\ntext\n")
    assert [(s.level, s.title, s.parents) for s in parsed] == [(0, "", ()), (1, "A", ()), (2, "B", ("A",))]
    assert parsed[1].lines == ["```markdown", "## not a heading", "```"]
