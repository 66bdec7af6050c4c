"""Reading YAML with positions, and turning pydantic errors into `path:line:col` problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.model.config import Config
from llm_roadmap.model.schema import Skill, Span
from llm_roadmap.model.validation import validate
from llm_roadmap.model.yamlsource import Position, YamlProblems, read_yaml

if TYPE_CHECKING:
    from pydantic import BaseModel

FILE = Path("x.yaml")


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / FILE
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path: Path, text: str | bytes, model: type[BaseModel] | None = None) -> list[str]:
    """The rendered problems for `text`, with the temporary folder cut from the path."""
    path = _write(tmp_path, text)
    with pytest.raises(YamlProblems) as caught:
        _read_and_validate(path, model)
    return [p.render().replace(f"{tmp_path}/", "") for p in caught.value.problems]


def _read_and_validate(path: Path, model: type[BaseModel] | None) -> None:
    located = read_yaml(path)
    assert model is not None, "read_yaml accepted the text"
    validate(located, model)


READ_CASES = [
    pytest.param(
        "a: あいう\x00\n",
        "x.yaml:1:7: character U+0000 is not allowed in YAML (control characters are not allowed)\n"
        "  hint: remove it; YAML files hold printable text only (a NUL byte often means a binary file)",
        id="nul-after-multibyte-text",
    ),
    pytest.param(
        "a: &x [1]\nb: *x\n",
        "x.yaml:2:4: alias *x is not allowed\n"
        "  hint: write the value out in full; the roadmap files use no anchors (&name) or aliases (*name)",
        id="alias",
    ),
    pytest.param(
        "a:\n  ? [b]\n  : 1\n",
        "x.yaml:2:5: a key must be plain text, not a list or a mapping\n"
        "  hint: write the key as text; quote it if it starts with '[' or '{'",
        id="list-key",
    ),
    pytest.param(
        "a: 1\nb: x: y\n",
        "x.yaml:2:5: YAML syntax error: mapping values are not allowed in this context\n"
        "  hint: check indentation and quoting here; a value containing ': ' or starting"
        " with a special character needs quotes",
        id="syntax",
    ),
    pytest.param(
        "a: 1\nb: 2\na: 3\n",
        "x.yaml:3:1: duplicate key 'a' (first defined at line 1)\n"
        "  hint: remove one of the two entries; YAML would silently keep only the last",
        id="duplicate-key",
    ),
    pytest.param(
        "outer:\n  inner: 1\n  inner: 2\n",
        "x.yaml:3:3: duplicate key 'inner' (first defined at line 2)\n"
        "  hint: remove one of the two entries; YAML would silently keep only the last",
        id="duplicate-nested-key",
    ),
    pytest.param(
        "day: 2027-02-30\n",
        "x.yaml:1:6: cannot read value '2027-02-30': day is out of range for month\n"
        "  hint: check the value; dates are written YYYY-MM-DD and must exist on the calendar",
        id="impossible-date",
    ),
    pytest.param(
        "",
        "x.yaml:1:1: file is empty\n  hint: fill it in; see the other files for the shape",
        id="empty",
    ),
    pytest.param(
        "# only a comment\n",
        "x.yaml:1:1: file is empty\n  hint: fill it in; see the other files for the shape",
        id="comment-only",
    ),
    pytest.param(
        b"a: \xff\n",
        "x.yaml:1:4: file is not valid UTF-8\n  hint: save it as UTF-8",
        id="not-utf8",
    ),
]


def test_read_yaml_reads_at_most_max_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: 12345\n")
    assert read_yaml(path, max_bytes=9).data == {"a": 12345}
    with pytest.raises(YamlProblems) as caught:
        read_yaml(path, max_bytes=8)
    [problem] = caught.value.problems
    assert problem.message == "file is larger than 8 bytes"


def test_a_shared_scalar_is_refused_too(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: &x 1\nb: [*x, *x]\n")
    with pytest.raises(YamlProblems) as caught:
        read_yaml(path)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, 5), (2, 9)]


@pytest.mark.parametrize(("text", "expected"), READ_CASES)
def test_read_yaml_reports_the_place(tmp_path: Path, text: str | bytes, expected: str) -> None:
    assert _problems(tmp_path, text) == [expected]


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(YamlProblems) as caught:
        read_yaml(tmp_path / "absent.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.message) == (1, 1, "file not found")


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    located = read_yaml(_write(tmp_path, "top:\n  - name: a\n    hours: 3\n  - {name: 日本語, hours: 4}\n"))
    assert located.data == {"top": [{"name": "a", "hours": 3}, {"name": "日本語", "hours": 4}]}
    assert located.values[("top", 0, "hours")] == Position(3, 12)
    assert located.keys[("top", 0, "hours")] == Position(3, 5)
    # Columns count characters, so text after Japanese lines up with what editors show.
    assert located.values[("top", 1, "hours")] == Position(4, 24)
    assert located.position(("top", 1, "missing", 7)) == Position(4, 5)
    assert located.position(("nowhere",)) == Position(1, 1)


VALIDATE_CASES = [
    pytest.param(
        Skill,
        "id: p1.x\ntitle: {ja: あ, en: a}\nimportance: 5\nhours: ten\n",
        "x.yaml:4:8: hours: Input should be a valid integer"
        " (got 'ten')\n  hint: write a whole number without quotes, for example 10",
        id="wrong-type",
    ),
    pytest.param(
        Skill,
        "id: p1.x\ntitle: {ja: あ, en: a}\nimportance: 5\nhours: -3\n",
        "x.yaml:4:8: hours: Input should be greater than 0 (got -3)\n  hint: use a value greater than 0",
        id="negative",
    ),
    pytest.param(
        Skill,
        "id: p1.x\ntitle: {ja: あ, en: a}\nimportance: 6\nhours: 3\n",
        "x.yaml:3:13: importance: Input should be less than or equal to 5 (got 6)\n"
        "  hint: use a value not above 5",
        id="too-large",
    ),
    pytest.param(
        Skill,
        "id: p1.x\ntitle: {ja: あ, en: a}\nimportance: 5\nhours: 3\nskipable: true\n",
        "x.yaml:5:1: unknown key 'skipable'\n  hint: did you mean 'skippable'?"
        " Allowed keys here: hours, id, importance, note, skippable, title",
        id="unknown-key",
    ),
    pytest.param(
        Skill,
        "id: p1.x\ntitle:\n  ja: あ\n  english: a\nimportance: 5\nhours: 3\n",
        "x.yaml:3:3: missing required key 'en'\n  hint: add the key; every text needs it",
        id="missing-nested-key",
    ),
    pytest.param(
        Skill,
        "id: p1.x\ntitle:\n  ja: あ\n  english: a\nimportance: 5\nhours: 3\n",
        "x.yaml:4:3: unknown key 'english'\n  hint: remove it or rename it. Allowed keys here: en, ja",
        id="unknown-nested-key",
    ),
    pytest.param(
        Skill,
        "id: P1_X\ntitle: {ja: あ, en: a}\nimportance: 5\nhours: 3\n",
        "x.yaml:1:5: invalid id 'P1_X'\n  hint: ids are lowercase letters and digits joined by"
        " '.' or '-', like p1.w1-4.python-basics",
        id="invalid-id",
    ),
    pytest.param(
        Skill,
        "id: p1.x\ntitle: {ja: '', en: a}\nimportance: 5\nhours: 3\n",
        "x.yaml:2:13: ja: String should have at least 1 character (got '')\n"
        "  hint: write some text; empty values are not allowed",
        id="empty-text",
    ),
    pytest.param(
        Span,
        "unit: week\nstart: 5\nend: 2\n",
        "x.yaml:1:1: file: end (2) comes before start (5)\n"
        "  hint: compare it with the neighbouring entries and the comments in this file",
        id="model-rule",
    ),
    pytest.param(
        Span,
        "unit: fortnight\nstart: 1\nend: 2\n",
        "x.yaml:1:7: unit: Input should be 'week' or 'month' (got 'fortnight')\n"
        "  hint: use one of 'week' or 'month'",
        id="literal",
    ),
    pytest.param(
        Span,
        "- unit: week\n",
        "x.yaml:1:1: file: expected a mapping (key: value lines)\n"
        "  hint: write a mapping (key: value lines indented under this key)",
        id="not-a-mapping",
    ),
    pytest.param(
        Config,
        "start_date: 2027-01-04\nskip: p1.x\n",
        "x.yaml:2:7: skip: expected a list (got 'p1.x')\n  hint: write a list (lines starting with '- ')",
        id="not-a-list",
    ),
    pytest.param(
        Config,
        "start_date: 2027-01-04\n1: x\n",
        "x.yaml:2:1: key 1 is not text\n  hint: write the key as text; quote it if YAML reads it as a number",
        id="number-key",
    ),
    pytest.param(
        Config,
        "start_date: 2027-01-04\nrepo: octocat\n",
        "x.yaml:2:7: repo: does not have the expected form (got 'octocat')\n"
        "  hint: write it as owner/name, for example octocat/llm-roadmap",
        id="repo-form",
    ),
    pytest.param(
        Config,
        "start_date: 2027-01-04\nweekly_hours: {p1: lots}\n",
        "x.yaml:2:20: p1: Input should be a valid number"
        " (got 'lots')\n  hint: write a number without quotes, for example 10 or 7.5",
        id="float",
    ),
    pytest.param(
        Config,
        "start_date: 2027-01-04 09:00:00\n",
        "x.yaml:1:13: start_date: a date without a time is expected (got 2027-01-04 09:00:00)\n"
        "  hint: write just the date, YYYY-MM-DD, without a time",
        id="datetime",
    ),
    pytest.param(
        Config,
        "start_date: 20270104\n",
        "x.yaml:1:13: start_date: a date is expected, not a number (got 20270104)\n"
        "  hint: write the date as YYYY-MM-DD, for example 2027-01-04",
        id="number-date",
    ),
    pytest.param(
        Config,
        "start_date: 2027-01-04\ntimezone: Asia/Tokio\n",
        "x.yaml:2:11: timezone: not a known IANA time zone (got 'Asia/Tokio')\n"
        "  hint: did you mean 'Asia/Tokyo'?",
        id="timezone-typo",
    ),
    pytest.param(
        Config,
        "start_date: 2027-01-04\ntimezone: Nowhere/Zzz\n",
        "x.yaml:2:11: timezone: not a known IANA time zone (got 'Nowhere/Zzz')\n"
        "  hint: use an IANA name such as Asia/Tokyo or America/New_York",
        id="timezone-unknown",
    ),
    pytest.param(
        Config,
        "timezone: Asia/Tokyo\n",
        "x.yaml:1:1: missing required key 'start_date'\n  hint: add the key; every config needs it",
        id="missing-key",
    ),
]


@pytest.mark.parametrize(("model", "text", "expected"), VALIDATE_CASES)
def test_validation_problem(tmp_path: Path, model: type[BaseModel], text: str, expected: str) -> None:
    assert expected in _problems(tmp_path, text, model)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = "id: BAD\ntitle: {ja: あ, en: a}\nimportance: 0\nhours: -1\n"
    problems = _problems(tmp_path, text, Skill)
    assert [p.split(": ", 1)[0] for p in problems] == ["x.yaml:1:5", "x.yaml:3:13", "x.yaml:4:8"]


def test_valid_config_reads_dates_and_defaults(tmp_path: Path) -> None:
    config = validate(read_yaml(_write(tmp_path, "start_date: 2028-02-29\n")), Config)
    assert config.start_date == dt.date(2028, 2, 29)
    assert (config.timezone, config.language, config.skip, config.repo) == ("Asia/Tokyo", "ja", (), None)
    assert str(config.zone) == "Asia/Tokyo"
