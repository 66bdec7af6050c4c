"""`roadmap validate` as strict as GitHub, on hostile and mistaken input (issue #10, #9).

Every case breaks one thing in a copy of the repository and states the exact problem line
it expects: `path:line:col: what is wrong` and its hint, exit 2, nothing on stdout, nothing
written, no traceback. Each case runs under a timeout, so an input that would hang the
reader (an alias bomb, a link to /dev/zero, a FIFO) fails the test instead of the suite.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.model.reserved import RESERVED_PROJECT_FIELD_NAMES
from testing.repo import CONFIG, copy_repo, invoke, replace_once, snapshot, where, write

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    Setup = Callable[[Path], list[str]]

pytestmark = pytest.mark.timeout(20)

P1 = "roadmap/phases/p1.yaml"
GUIDE = "roadmap/guide.yaml"
GITHUB = "roadmap/github.yaml"

DATE_RANGE = (
    "start_date: the start date must lie between 2000-01-01 and 2100-12-31 (got {got})\n"
    "  hint: write the day you begin, YYYY-MM-DD, for example 2027-01-04"
)
REPO_FORM = "  hint: write it as owner/name, for example octocat/llm-roadmap"
BOOL_HINT = (
    "  hint: YAML reads yes, no, on, off, true and false as true/false; write a number, for example 10"
)
ALIAS = (
    "alias *{name} is not allowed\n"
    "  hint: write the value out in full; the roadmap files use no anchors (&name) or aliases (*name)"
)
PATH_HINT = "  hint: point at a readable YAML file (not a directory, a device or a symbolic link loop)"
SYNTAX_HINT = (
    "  hint: check indentation and quoting here; a value containing ': ' or starting with a"
    " special character needs quotes"
)
KEY_HINT = "  hint: write the key as text; quote it if it starts with '[' or '{'"
FOLDER_HINT = "  hint: write a folder inside projects/, like projects/p1-d01-simple-chat"
RESERVED_HINT = (
    "  hint: rename the field (GitHub refuses it with 'Name cannot have a reserved value'); for the"
    " kind of item use Kind"
)
WHOLE = "  hint: write a whole number without quotes, for example 10"
BLANK_HINT = "  hint: write the name without spaces at its start or end"


def config(text: str | bytes, *problems: str) -> Setup:
    """Replace the learner config with `text`; `problems` are `line:col: message` lines."""

    def setup(root: Path) -> list[str]:
        path = root / CONFIG
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return [f"{CONFIG}:{problem}" for problem in problems]

    return setup


def edit(
    relative: str, old: str, new: str, needle: str, problem: str, occurrence: int = 1, shift: int = 0
) -> Setup:
    """Replace `old` by `new` once in a roadmap file; the problem is at `needle` after the edit,
    `shift` characters to its right. `{line:NEEDLE}` in `problem` is the line of NEEDLE."""

    def setup(root: Path) -> list[str]:
        replace_once(root, relative, old, new)
        path, line, column = where(root, relative, needle, occurrence).rsplit(":", 2)
        text = re.sub(r"\{line:([^}]*)\}", lambda m: where(root, relative, m[1]).split(":")[1], problem)
        return [f"{path}:{line}:{int(column) + shift}: {text}"]

    return setup


def start(date: str) -> pytest.ParameterSet:
    return pytest.param(
        config(f"start_date: {date}\n", "1:13: " + DATE_RANGE.format(got=date)), id=f"start-{date}"
    )


def repo(value: str, case_id: str, *, form: bool = False, got: str | None = None) -> pytest.ParameterSet:
    got = got or repr(value.strip('"'))
    if form:
        problem = f"2:7: repo: does not have the expected form (got {got})\n{REPO_FORM}"
    else:
        problem = f"2:7: repo: not a GitHub repository owner/name (got {got})\n{REPO_FORM}"
    text = f"start_date: 2027-01-04\nrepo: {value}\n"
    return pytest.param(config(text, problem), id=f"repo-{case_id}")


def weekly(value: str, problem: str, case_id: str) -> pytest.ParameterSet:
    text = f"start_date: 2027-01-04\nweekly_hours:\n  p1: {value}\n"
    return pytest.param(config(text, f"3:7: {problem}"), id=f"weekly-hours-{case_id}")


CONFIG_CASES = [
    start("0001-01-01"),
    start("1900-01-01"),
    start("1999-12-31"),
    start("2101-01-01"),
    start("9999-12-01"),
    pytest.param(
        config(
            "start_date: 20270104\n",
            "1:13: start_date: a date is expected, not a number (got 20270104)\n"
            "  hint: write the date as YYYY-MM-DD, for example 2027-01-04",
        ),
        id="start-number",
    ),
    pytest.param(
        config(
            "start_date: 2027-13-01\n",
            "1:13: cannot read value '2027-13-01': month must be in 1..12\n"
            "  hint: check the value; dates are written YYYY-MM-DD and must exist on the calendar",
        ),
        id="start-month-13",
    ),
    pytest.param(
        config(
            "start_date: 2027-02-29\n",
            "1:13: cannot read value '2027-02-29': day is out of range for month\n"
            "  hint: check the value; dates are written YYYY-MM-DD and must exist on the calendar",
        ),
        id="start-feb-29",
    ),
    pytest.param(
        config(
            "start_date: [2027-01-04]\n",
            "1:13: start_date: Input should be a valid date\n"
            "  hint: write the date as YYYY-MM-DD, for example 2027-01-04",
        ),
        id="start-list",
    ),
    pytest.param(
        config(
            "start_date:\n",
            "1:12: start_date: Input should be a valid date (got None)\n"
            "  hint: write the date as YYYY-MM-DD, for example 2027-01-04",
        ),
        id="start-empty",
    ),
    pytest.param(
        config(
            "start_date: next monday\n",
            "1:13: start_date: Input should be a valid date or datetime, invalid character in year"
            " (got 'next monday')\n  hint: write the date as YYYY-MM-DD, for example 2027-01-04",
        ),
        id="start-words",
    ),
    pytest.param(
        config(
            "start_date: !!python/object/apply:os.system [true]\n",
            "1:13: start_date: Input should be a valid date\n"
            "  hint: write the date as YYYY-MM-DD, for example 2027-01-04",
        ),
        id="python-tag-on-a-list",
    ),
    pytest.param(
        config(
            "start_date: !!python/name:os.system x\n",
            "1:13: cannot read value 'x': could not determine a constructor for the tag"
            " 'tag:yaml.org,2002:python/name:os.system'\n"
            "  hint: check the value; dates are written YYYY-MM-DD and must exist on the calendar",
        ),
        id="python-tag",
    ),
    repo("a/..", "dot-dot"),
    repo("a/.", "dot"),
    repo("-/-", "hyphens"),
    repo("-octocat/x", "leading-hyphen"),
    repo("o" * 40 + "/x", "owner-too-long"),
    repo("octocat/" + "n" * 101, "name-too-long", got="'octocat/" + "n" * 90 + "…"),
    repo("octocat", "no-slash", form=True),
    repo("a/b/c", "two-slashes", form=True),
    repo('"/llm"', "no-owner", form=True),
    repo('"octo cat/x"', "space", form=True),
    repo('""', "empty", form=True),
    pytest.param(
        config(
            'start_date: 2027-01-04\nrepo: "octocat/llm-year\\n"\n',
            "2:7: repo: does not have the expected form (got 'octocat/llm-year\\n')\n" + REPO_FORM,
        ),
        id="repo-trailing-newline",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nrepo: 42\n",
            "2:7: repo: Input should be a valid string (got 42)\n"
            "  hint: write text; quote it if YAML reads it as a number or a date",
        ),
        id="repo-number",
    ),
    weekly("yes", f"p1: Input should be a valid number (got True)\n{BOOL_HINT}", "yes"),
    weekly("no", f"p1: Input should be a valid number (got False)\n{BOOL_HINT}", "no"),
    weekly("on", f"p1: Input should be a valid number (got True)\n{BOOL_HINT}", "on"),
    weekly("true", f"p1: Input should be a valid number (got True)\n{BOOL_HINT}", "true"),
    weekly(
        "-1",
        "p1: Input should be greater than or equal to 0 (got -1)\n  hint: use a value that is not negative",
        "negative",
    ),
    weekly(
        "200",
        "p1: Input should be less than or equal to 112 (got 200)\n  hint: use a value not above 112",
        "too-many",
    ),
    weekly(
        ".inf",
        "p1: Input should be less than or equal to 112 (got inf)\n  hint: use a value not above 112",
        "infinite",
    ),
    weekly(
        ".nan",
        "p1: Input should be less than or equal to 112 (got nan)\n  hint: use a value not above 112",
        "nan",
    ),
    weekly(
        '"11"',
        "p1: Input should be a valid number (got '11')\n"
        "  hint: write a number without quotes, for example 10 or 7.5",
        "quoted",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nweekly_hours: [11, 11, 13]\n",
            "2:15: weekly_hours: expected a mapping (key: value lines)\n"
            "  hint: write a mapping (key: value lines indented under this key)",
        ),
        id="weekly-hours-list",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nweekly_hours:\n  P1: 11\n",
            "3:3: invalid id 'P1'\n"
            "  hint: ids are lowercase letters and digits joined by '.' or '-', like p1.w1-4.python-basics",
        ),
        id="weekly-hours-uppercase-key",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nweekly_hours:\n  p1: 11\n  p1: 12\n",
            "4:3: duplicate key 'p1' (first defined at line 3)\n"
            "  hint: remove one of the two entries; YAML would silently keep only the last",
        ),
        id="weekly-hours-duplicate",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nskip: p1.w1-4.python-basics\n",
            "2:7: skip: expected a list (got 'p1.w1-4.python-basics')\n"
            "  hint: write a list (lines starting with '- ')",
        ),
        id="skip-not-a-list",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nskip: [P1.Basics]\n",
            "2:8: invalid id 'P1.Basics'\n"
            "  hint: ids are lowercase letters and digits joined by '.' or '-', like p1.w1-4.python-basics",
        ),
        id="skip-invalid-id",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nlanguage: JA\n",
            "2:11: language: Input should be 'ja' or 'en' (got 'JA')\n  hint: use one of 'ja' or 'en'",
        ),
        id="language-uppercase",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\ntimezone: 9\n",
            "2:11: timezone: Input should be a valid string (got 9)\n"
            "  hint: write text; quote it if YAML reads it as a number or a date",
        ),
        id="timezone-number",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\ntimezone: Tokyo\n",
            "2:11: timezone: not a known IANA time zone (got 'Tokyo')\n  hint: did you mean 'Asia/Tokyo'?",
        ),
        id="timezone-city",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nrepos: octocat/x\n",
            "2:1: unknown key 'repos'\n  hint: did you mean 'repo'? Allowed keys here: language,"
            " reminder_after_days, repo, skip, start_date, template, timezone, weekly_hours",
        ),
        id="unknown-key-repos",
    ),
    pytest.param(
        config(
            "- start_date\n- 2027-01-04\n",
            "1:1: file: expected a mapping (key: value lines)\n"
            "  hint: write a mapping (key: value lines indented under this key)",
        ),
        id="top-level-list",
    ),
    pytest.param(
        config(
            "start_date 2027-01-04\n",
            "1:1: file: expected a mapping (key: value lines) (got 'start_date 2027-01-04')\n"
            "  hint: write a mapping (key: value lines indented under this key)",
        ),
        id="top-level-text",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nyes: 1\n",
            "2:1: key True is not text\n  hint: write the key as text; quote it if YAML reads it as a number",
        ),
        id="bool-key",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\n1: x\n",
            "2:1: key 1 is not text\n  hint: write the key as text; quote it if YAML reads it as a number",
        ),
        id="int-key",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\n~: x\n",
            "2:1: key None is not text\n  hint: write the key as text; quote it if YAML reads it as a number",
        ),
        id="null-key",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\n? [a, b]\n: 1\n",
            f"2:3: a key must be plain text, not a list or a mapping\n{KEY_HINT}",
        ),
        id="list-key",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\n? {a: 1}\n: 1\n",
            f"2:3: a key must be plain text, not a list or a mapping\n{KEY_HINT}",
        ),
        id="map-key",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nweekly_hours: {[p1]: 3}\n",
            f"2:16: a key must be plain text, not a list or a mapping\n{KEY_HINT}",
        ),
        id="flow-list-key",
    ),
    pytest.param(
        config(
            b"start_date: 2027-01-04\nlanguage: j\x00a\n",
            "2:12: character U+0000 is not allowed in YAML (control characters are not allowed)\n"
            "  hint: remove it; YAML files hold printable text only (a NUL byte often means a binary file)",
        ),
        id="nul-byte",
    ),
    pytest.param(
        config(
            b"start_date: 2027-01-04\x07\n",
            "1:23: character U+0007 is not allowed in YAML (control characters are not allowed)\n"
            "  hint: remove it; YAML files hold printable text only (a NUL byte often means a binary file)",
        ),
        id="bell-byte",
    ),
    pytest.param(
        config(
            b"start_date: 2027-01-04\nlanguage: \xff\n",
            "2:11: file is not valid UTF-8\n  hint: save it as UTF-8",
        ),
        id="invalid-utf8",
    ),
    pytest.param(
        config(b"\xff\xfes\x00", "1:1: file is not valid UTF-8\n  hint: save it as UTF-8"),
        id="utf16",
    ),
    pytest.param(
        config("start_date: &d 2027-01-04\nlanguage: *d\n", "2:11: " + ALIAS.format(name="d")),
        id="alias",
    ),
    pytest.param(
        config("start_date: 2027-01-04\nskip: &a [*a]\n", "2:11: " + ALIAS.format(name="a")), id="alias-loop"
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nbase: &b {language: en}\nmore:\n  <<: *b\n",
            "4:7: " + ALIAS.format(name="b"),
        ),
        id="merge-key",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nskip: *nothing\n",
            "2:7: YAML syntax error: found undefined alias\n" + SYNTAX_HINT,
        ),
        id="undefined-alias",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nskip: " + "[" * 100 + "]" * 100 + "\n",
            "2:71: values are nested more than 64 levels deep\n"
            "  hint: flatten the structure; the roadmap files nest only a few levels deep",
        ),
        id="deep-nesting",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nskip: " + "[" * 2000 + "]" * 2000 + "\n",
            "2:1006: YAML syntax error: exceeded maximum nesting depth (while increasing flow level)\n"
            + SYNTAX_HINT,
        ),
        id="deeper-nesting",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\n\tlanguage: en\n",
            "2:1: YAML syntax error: found a tab character that violates indentation"
            " (while scanning a plain scalar)\n" + SYNTAX_HINT,
        ),
        id="tab-indent",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\n---\nlanguage: en\n",
            "2:1: YAML syntax error: but found another document (expected a single document in the stream)\n"
            + SYNTAX_HINT,
        ),
        id="two-documents",
    ),
    pytest.param(
        config(
            'start_date: "2027-01-04\n',
            "2:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)\n"
            + SYNTAX_HINT,
        ),
        id="unclosed-quote",
    ),
    pytest.param(
        config("   \n\n", "1:1: file is empty\n  hint: fill it in; see the other files for the shape"),
        id="blank-file",
    ),
    pytest.param(
        config(
            "# only a comment\n", "1:1: file is empty\n  hint: fill it in; see the other files for the shape"
        ),
        id="comment-only",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nlanguage: " + "x" * 500_000 + "\n",
            "2:11: language: Input should be 'ja' or 'en' (got '" + "x" * 98 + "…)\n"
            "  hint: use one of 'ja' or 'en'",
        ),
        id="long-value-cut-short",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nweekly_hours:\n  p1: " + "9" * 500_000 + "\n",
            "3:7: cannot read value '" + "9" * 98 + "…: Exceeds the limit (4300 digits) for integer string"
            " conversion: value has 500000 digits; use sys.set…\n"
            "  hint: check the value; dates are written YYYY-MM-DD and must exist on the calendar",
        ),
        id="half-a-million-digits",
    ),
    pytest.param(
        config(
            "start_date: 2027-01-04\nlanguage: " + "x" * 1_000_000 + "\n",
            "1:1: file is larger than 1,000,000 bytes\n"
            "  hint: check that this is the right file; the roadmap's files are far smaller",
        ),
        id="larger-than-1mb",
    ),
]


def _billion_laughs(root: Path) -> list[str]:
    lines = ["start_date: 2027-01-04", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    write(root, CONFIG, "\n".join(lines) + "\n")
    # 81 aliases, each a problem; the first 50 are shown.
    aliases = [
        f"{CONFIG}:{i + 2}:{10 + 5 * j}: " + ALIAS.format(name=f"l{i - 1}")
        for i in range(1, 10)
        for j in range(9)
    ]
    return [*aliases[:50], "... and 31 more"]


def _replace_config(make: Callable[[Path], None], problem: str) -> Setup:
    def setup(root: Path) -> list[str]:
        (root / CONFIG).unlink()
        make(root / CONFIG)
        return [f"{CONFIG}:1:1: {problem}"]

    return setup


def _skip_everything(root: Path) -> list[str]:
    from testing.repo import load

    ids = sorted(load(root).roadmap.skill_ids)
    write(root, CONFIG, "start_date: 2027-01-04\nskip:\n" + "".join(f"  - {i}\n" for i in ids))
    return [
        f"{CONFIG}:2:1: skip leaves nothing to learn: every skill is skipped\n"
        "  hint: skip only what you already know; remove most entries from skip"
    ]


SPECIAL_FILES = [
    pytest.param(_billion_laughs, id="billion-laughs"),
    pytest.param(
        _replace_config(lambda p: p.mkdir(), f"not a regular file: it is a directory\n{PATH_HINT}"),
        id="config-is-a-directory",
    ),
    pytest.param(
        _replace_config(
            lambda p: p.symlink_to(p.name),
            f"cannot read the file: Too many levels of symbolic links\n{PATH_HINT}",
        ),
        id="config-symlink-loop",
    ),
    pytest.param(
        _replace_config(
            lambda p: p.symlink_to("/dev/zero"),
            f"not a regular file: it is a device, a pipe or a socket\n{PATH_HINT}",
        ),
        id="config-is-dev-zero",
    ),
    pytest.param(
        _replace_config(
            lambda p: os.mkfifo(p), f"not a regular file: it is a device, a pipe or a socket\n{PATH_HINT}"
        ),
        id="config-is-a-fifo",
    ),
    pytest.param(_skip_everything, id="skip-everything"),
]


def label(
    old: str, new: str, needle: str, problem: str, case_id: str, occurrence: int = 1, shift: int = 0
) -> pytest.ParameterSet:
    return pytest.param(edit(GITHUB, old, new, needle, problem, occurrence, shift), id=case_id)


def field_name(name: str) -> pytest.ParameterSet:
    problem = f"{name!r} is a name GitHub keeps for a built-in field\n{RESERVED_HINT}"
    return pytest.param(
        edit(GITHUB, "{name: Hours,", f"{{name: '{name}',", f"'{name}'", problem),
        id=f"reserved-field-{name.lower().replace(' ', '-')}",
    )


DUPLICATE_LABEL = (
    "label name {name!r} is used twice (also at line {{line:- name: epic}})\n"
    "  hint: GitHub compares label names without regard to case; rename or remove one"
)
DUPLICATE_FIELD = (
    "field name {name!r} is used twice (also at line {{line:{{name: Phase}})\n"
    "  hint: GitHub compares field names without regard to case; rename or remove one"
)

GITHUB_CASES = [
    label(
        "- name: dashboard\n",
        "- name: epic\n",
        "name: epic\n",
        DUPLICATE_LABEL.format(name="epic"),
        "duplicate-label",
        2,
        6,
    ),
    label(
        "- name: dashboard\n",
        "- name: EPIC\n",
        "EPIC",
        DUPLICATE_LABEL.format(name="EPIC"),
        "duplicate-label-case",
    ),
    label(
        '- name: "phase 1"',
        '- name: " "',
        '" "',
        f"name: starts or ends with a space (got ' ')\n{BLANK_HINT}",
        "blank-label",
    ),
    label(
        '- name: "phase 1"',
        '- name: "phase 1 "',
        '"phase 1 "',
        f"name: starts or ends with a space (got 'phase 1 ')\n{BLANK_HINT}",
        "label-trailing-space",
    ),
    label(
        '- name: "phase 1"',
        '- name: ""',
        '""',
        "name: String should have at least 1 character (got '')\n"
        "  hint: write some text; empty values are not allowed",
        "empty-label",
    ),
    label(
        '- name: "phase 1"',
        f'- name: "{"x" * 51}"',
        '"xxx',
        f"name: String should have at most 50 characters (got '{'x' * 51}')\n"
        "  hint: compare it with the neighbouring entries and the comments in this file",
        "label-name-51-characters",
    ),
    label(
        "color: 5319e7",
        'color: "#5319e7"',
        '"#5319e7"',
        "color: does not have the expected form (got '#5319e7')\n"
        "  hint: write six lowercase hex digits without '#', like 1d76db",
        "label-colour-hash",
    ),
    label(
        "color: 5319e7",
        "color: 5319E7",
        "5319E7",
        "color: does not have the expected form (got '5319E7')\n"
        "  hint: write six lowercase hex digits without '#', like 1d76db",
        "label-colour-uppercase",
    ),
    label(
        "importance: 4\n",
        "importance: 5\n",
        "importance: 5",
        "two labels for importance 5 (also at line {line:importance: 5})\n"
        "  hint: give each importance 1-5 one label",
        "two-labels-one-importance",
        occurrence=2,
        shift=12,
    ),
    label(
        "importance: 4\n",
        "importance: 6\n",
        "importance: 6",
        "importance: Input should be less than or equal to 5 (got 6)\n  hint: use a value not above 5",
        "label-importance-6",
        shift=12,
    ),
    label(
        "importance: 4\n",
        "importance: yes\n",
        "importance: yes",
        f"importance: Input should be a valid integer (got True)\n{BOOL_HINT}",
        "label-importance-yes",
        shift=12,
    ),
    label(
        "  dashboard: {ja: ダッシュボード, en: Dashboard}\n",
        "",
        "kinds:",
        "no name for the kind 'dashboard'\n"
        "  hint: add 'dashboard: {ja: ..., en: ...}' under kinds; the board and issues show it",
        "missing-kind",
    ),
    label(
        "  dashboard: {ja: ダッシュボード, en: Dashboard}\n",
        "  dashboard: {ja: ダッシュボード, en: Dashboard}\n  bug: {ja: バグ, en: Bug}\n",
        "bug:",
        "kinds: Input should be 'epic', 'skill', 'deliverable' or 'dashboard' (got 'bug')\n"
        "  hint: use one of 'epic', 'skill', 'deliverable' or 'dashboard'",
        "unknown-kind",
    ),
    label(
        "    every_item: true\n",
        "",
        "labels:",
        "no label has 'every_item: true'\n"
        "  hint: mark the label 'roadmap' with 'every_item: true': the bots find their issues by it",
        "no-every-item-label",
    ),
    label(
        "    every_item: true\n",
        "    every_item: 1\n",
        "every_item: 1",
        "every_item: Input should be a valid boolean (got 1)\n  hint: write true or false",
        "every-item-number",
        shift=12,
    ),
    label(
        "    kind: epic\n",
        "    kind: epic\n    every_item: true\n",
        "true",
        "'every_item: true' on the label 'epic'\n"
        "  hint: only the label 'roadmap' carries 'every_item: true': the bots and"
        " `roadmap check --publish` find their issues by it",
        "second-every-item-label",
        occurrence=2,
    ),
    label(
        "  - name: roadmap\n",
        "  - name: mine\n",
        "true",
        "'every_item: true' on the label 'mine'\n"
        "  hint: only the label 'roadmap' carries 'every_item: true': the bots and"
        " `roadmap check --publish` find their issues by it",
        "ownership-label-renamed",
    ),
    label(
        "{name: Hours,",
        "{name: Phase,",
        "{name: Phase",
        DUPLICATE_FIELD.format(name="Phase"),
        "duplicate-field",
        2,
        7,
    ),
    label(
        "{name: Hours,",
        "{name: PHASE,",
        "PHASE",
        DUPLICATE_FIELD.format(name="PHASE"),
        "duplicate-field-case",
    ),
    label(
        "{name: Hours,",
        "{name: ' ',",
        "' '",
        f"name: starts or ends with a space (got ' ')\n{BLANK_HINT}",
        "blank-field",
    ),
    *(field_name(name) for name in sorted(RESERVED_PROJECT_FIELD_NAMES)),
    field_name("status"),
    field_name("TYPE"),
    field_name("tracked BY"),
    label(
        "layout: table, group_by: Phase}",
        "layout: table, group_by: Nope}",
        "Nope",
        "group_by names no field: 'Nope'\n  hint: use one of Phase, Kind, Importance, Hours, Start, Target,"
        " Week, Assignees, Milestone, Parent issue, Repository, Status, Type",
        "group-by-unknown",
    ),
    label(
        "layout: table, group_by: Phase}",
        "layout: table, group_by: phase}",
        "by: phase}",
        "group_by names no field: 'phase'\n  hint: use one of Phase, Kind, Importance, Hours, Start, Target,"
        " Week, Assignees, Milestone, Parent issue, Repository, Status, Type",
        "group-by-wrong-case",
        shift=4,
    ),
    label(
        "layout: board, group_by: Status}",
        "layout: board, group_by: Hours}",
        "Hours}",
        "a board's columns cannot come from 'Hours'\n"
        "  hint: group a board by Status or by a single_select or iteration field",
        "board-columns-from-a-number",
    ),
    label(
        "duration_days: 7}",
        "duration_days: 0}",
        "0}",
        "duration_days: Input should be greater than or equal to 1 (got 0)\n"
        "  hint: use a value that is not negative",
        "iteration-0-days",
    ),
    label(
        "duration_days: 7}",
        "duration_days: 40}",
        "40}",
        "duration_days: Input should be less than or equal to 31 (got 40)\n  hint: use a value not above 31",
        "iteration-40-days",
    ),
    label(
        "{name: Hours, type: number,",
        "{name: Hours, type: checkbox,",
        "checkbox",
        "type: Input should be 'single_select', 'number', 'date', 'iteration' or 'text' (got 'checkbox')\n"
        "  hint: use one of 'single_select', 'number', 'date', 'iteration' or 'text'",
        "field-type-checkbox",
    ),
    label(
        "layout: roadmap}",
        "layout: calendar}",
        "calendar",
        "layout: Input should be 'table', 'board' or 'roadmap' (got 'calendar')\n"
        "  hint: use one of 'table', 'board' or 'roadmap'",
        "view-layout-calendar",
    ),
    label(
        "{name: Phase, type: single_select, source: phase}",
        "{name: Phase, type: single_select, source: phase, extra: 1}",
        "extra",
        "unknown key 'extra'\n"
        "  hint: remove it or rename it. Allowed keys here: duration_days, name, source, type",
        "field-unknown-key",
    ),
]


def p1(
    old: str, new: str, needle: str, problem: str, case_id: str, occurrence: int = 1, shift: int = 0
) -> pytest.ParameterSet:
    return pytest.param(edit(P1, old, new, needle, problem, occurrence, shift), id=case_id)


def folder(value: str, case_id: str) -> pytest.ParameterSet:
    return p1(
        "folder: projects/p1-d01-simple-chat",
        f"folder: {value}",
        value,
        f"folder: does not have the expected form (got {value.strip(chr(34))!r})\n{FOLDER_HINT}",
        f"folder-{case_id}",
    )


def deliverable_file(value: str, case_id: str, got: str | None = None) -> pytest.ParameterSet:
    return p1(
        "      - simple_chat.py\n",
        f"      - {value}\n",
        value,
        f"files: a path inside the deliverable's folder is expected (got {got or value.strip(chr(34))!r})\n"
        "  hint: write a path inside the folder, like src/app.py, without '..'",
        f"file-{case_id}",
    )


_FIRST_SKILL = "importance: 5\n        hours: 20\n"


def skill_value(key: str, value: str, problem: str, case_id: str) -> pytest.ParameterSet:
    """Set `key` of the first skill to `value`; the problem is at the value."""
    original = {"importance": "importance: 5", "hours": "hours: 20"}[key]
    new = _FIRST_SKILL.replace(original, f"{key}: {value}")

    def setup(root: Path) -> list[str]:
        replace_once(root, P1, _FIRST_SKILL, new)
        path, line, column = where(root, P1, f"{key}: {value}").rsplit(":", 2)
        return [f"{path}:{line}:{int(column) + len(key) + 2}: {key}: {problem}"]

    return pytest.param(setup, id=f"skill-{key}-{case_id}")


def _shared_folder(root: Path) -> list[str]:
    replace_once(
        root, P1, "folder: projects/p1-d02-prompt-optimized-bot", "folder: projects/p1-d01-simple-chat"
    )
    first = where(root, P1, "projects/p1-d01-simple-chat")
    return [
        f"{where(root, P1, 'projects/p1-d01-simple-chat', 2)}: folder 'projects/p1-d01-simple-chat' is used"
        f" by two deliverables (also at {first})\n"
        "  hint: give each deliverable its own folder under projects/"
    ]


PHASE_CASES = [
    folder("../../../tmp/evil", "parent"),
    folder("/etc", "absolute"),
    folder(".github", "dot-github"),
    folder("projects/../.github", "dot-dot-inside"),
    folder("projects", "projects-itself"),
    folder("projects/", "projects-slash"),
    folder("projects/a/b", "nested"),
    folder("projects/.hidden", "hidden"),
    folder("src/llm_roadmap", "source-tree"),
    folder('"projects/p1 d01"', "space"),
    pytest.param(_shared_folder, id="folder-of-two-deliverables"),
    deliverable_file("../../secret.txt", "parent"),
    deliverable_file("/etc/passwd", "absolute"),
    deliverable_file("src/../../x.py", "dot-dot-inside"),
    deliverable_file('"~/x.py"', "home"),
    deliverable_file('"a\\\\b.py"', "backslash", got="a\\b.py"),
    skill_value("hours", "yes", f"Input should be a valid integer (got True)\n{BOOL_HINT}", "yes"),
    skill_value(
        "hours",
        "1.5",
        "Input should be a valid integer (got 1.5)\n" + WHOLE,
        "fraction",
    ),
    skill_value(
        "hours",
        "20.0",
        "Input should be a valid integer (got 20.0)\n" + WHOLE,
        "float",
    ),
    skill_value(
        "hours",
        "1e3",
        "Input should be a valid integer (got '1e3')\n" + WHOLE,
        "exponent",
    ),
    skill_value(
        "hours",
        "99999",
        "Input should be less than or equal to 2000 (got 99999)\n  hint: use a value not above 2000",
        "huge",
    ),
    skill_value(
        "hours", "0", "Input should be greater than 0 (got 0)\n  hint: use a value greater than 0", "zero"
    ),
    skill_value(
        "hours",
        '"20"',
        "Input should be a valid integer (got '20')\n" + WHOLE,
        "quoted",
    ),
    skill_value(
        "hours",
        "~",
        "Input should be a valid integer (got None)\n" + WHOLE,
        "null",
    ),
    skill_value(
        "importance",
        "6",
        "Input should be less than or equal to 5 (got 6)\n  hint: use a value not above 5",
        "6",
    ),
    skill_value(
        "importance",
        "0",
        "Input should be greater than or equal to 1 (got 0)\n  hint: use a value that is not negative",
        "0",
    ),
    skill_value("importance", "on", f"Input should be a valid integer (got True)\n{BOOL_HINT}", "on"),
    skill_value(
        "importance",
        "4.5",
        "Input should be a valid integer (got 4.5)\n" + WHOLE,
        "fraction",
    ),
    p1(
        "        skippable: true\n",
        "        skippable: 1\n",
        "skippable: 1",
        "skippable: Input should be a valid boolean (got 1)\n  hint: write true or false",
        "skippable-number",
        shift=11,
    ),
    p1(
        "number: 1\n",
        "number: 0\n",
        "number: 0",
        "number: Input should be greater than or equal to 1 (got 0)\n"
        "  hint: use a value that is not negative",
        "phase-number-0",
        shift=8,
    ),
    p1(
        "number: 1\n",
        "number: true\n",
        "true",
        f"number: Input should be a valid integer (got True)\n{BOOL_HINT}",
        "phase-number-true",
    ),
    p1(
        "  start: 1\n  end: 3\n",
        "  start: 3\n  end: 1\n",
        "unit: month",
        "span: end (1) comes before start (3)\n"
        "  hint: compare it with the neighbouring entries and the comments in this file",
        "span-backwards",
    ),
    p1(
        "  min: 10\n  max: 12\n",
        "  min: 10\n  max: 200\n",
        "200",
        "max: Input should be less than or equal to 168 (got 200)\n  hint: use a value not above 168",
        "weekly-hours-over-a-week",
    ),
    p1(
        "url: https://docs.python.org/ja/3/tutorial/",
        "url: docs.python.org",
        "docs.python.org",
        "url: Input should be a valid URL, relative URL without a base (got 'docs.python.org')\n"
        "  hint: write a full URL starting with https://",
        "url-without-scheme",
    ),
    p1(
        "id: p1.w1-4.python-basics\n",
        "id: p1.w1-4.python-basics\n        extra: &x 1\n        more: *x\n",
        "*x",
        ALIAS.format(name="x"),
        "alias-in-phase",
    ),
    p1(
        "  ja: シンプルなLLMアプリを開発\n",
        "  ja: シンプルなLLMアプリを\0開発\n",
        "\0",
        "character U+0000 is not allowed in YAML (control characters are not allowed)\n"
        "  hint: remove it; YAML files hold printable text only (a NUL byte often means a binary file)",
        "nul-in-phase",
    ),
]


def long_title(
    relative: str, old: str, key: str, needle: str, length: int, case_id: str
) -> pytest.ParameterSet:
    def setup(root: Path) -> list[str]:
        replace_once(root, relative, old, old.split("ja:")[0] + "ja: " + "長" * 300 + "\n")
        return [
            f"{where(root, relative, needle)}: the title of issue {key!r} would be {length} characters long;"
            " GitHub allows at most 256\n"
            "  hint: shorten this title (templates/issue-title.txt.j2 adds the rest of it)"
        ]

    return pytest.param(setup, id=case_id)


def _long_body(root: Path) -> list[str]:
    replace_once(
        root,
        P1,
        "        skippable: true\n",
        "        skippable: true\n        note:\n          ja: " + "長" * 70_000 + "\n          en: long\n",
    )
    return [
        f"{where(root, P1, 'ja: Python基礎')}: the body of issue 'p1.w1-4.python-basics'"
        " would be 71,970 characters long;"
        " GitHub allows at most 65,536\n"
        "  hint: shorten the text of this item (templates/issues/skill.md.j2 renders it)"
    ]


LIMIT_CASES = [
    long_title(
        P1, "  ja: CLIチャットボット\n", "p1.d01.simple-chat", "ja: 長", 324, "deliverable-title-too-long"
    ),
    long_title(
        P1,
        "  ja: Python基礎（既習なら省略）\n",
        "p1.w1-4.python-basics",
        "ja: 長",
        305,
        "skill-title-too-long",
    ),
    long_title(P1, "  ja: 基礎固め + アプリ開発入門\n", "p1.epic", "ja: 長", 319, "epic-title-too-long"),
    pytest.param(_long_body, id="skill-body-too-long"),
]

CASES = [*CONFIG_CASES, *SPECIAL_FILES, *GITHUB_CASES, *PHASE_CASES, *LIMIT_CASES]


def _expected_stderr(problems: list[str]) -> str:
    count = len(problems) + (int(problems[-1].split()[2]) - 1 if problems[-1].startswith("... and") else 0)
    noun = "problem" if count == 1 else "problems"
    return "error: " + "\n".join(problems) + f"\n{count} {noun} found; nothing was sent to GitHub.\n"


@pytest.mark.parametrize("case", CASES)
def test_broken_input_is_located(tmp_path: Path, case: Setup) -> None:
    root = copy_repo(tmp_path)
    problems = case(root)
    before = snapshot(root)
    result = invoke(root, "validate")
    assert result.stderr == _expected_stderr(problems)
    assert (result.exit_code, result.stdout) == (2, "")
    assert snapshot(root) == before, "a failed command must not write anything"


@pytest.mark.parametrize("case", LIMIT_CASES)
def test_the_dry_run_checks_github_limits_too(tmp_path: Path, case: Setup) -> None:
    root = copy_repo(tmp_path)
    problems = case(root)
    result = invoke(root, "bootstrap", "--dry-run")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", _expected_stderr(problems))


def _env(name: str, value: str, what: str, maximum: int, default: str) -> pytest.ParameterSet:
    stderr = (
        f"error: environment variable {name}={value!r} is not {what} from 0 to {maximum}\n"
        f"  hint: unset it to use the default ({default}), or set it to a value such as {default}\n"
    )
    return pytest.param(["validate"], {name: value}, stderr, id=f"{name}={value}")


def _repo_option(value: str, case_id: str) -> pytest.ParameterSet:
    stderr = f"error: invalid repository {value!r}\n  hint: write it as owner/name, e.g. octocat/llm-year\n"
    return pytest.param(["bootstrap", "--dry-run", "--repo", value], {}, stderr, id=f"repo-option-{case_id}")


SECONDS = ("ROADMAP_WRITE_INTERVAL", "a number of seconds", 3600, "1")
RETRIES = ("ROADMAP_RETRIES", "a whole number", 100, "5")
COMMAND_LINE_CASES = [
    _env(SECONDS[0], "abc", *SECONDS[1:]),
    _env(SECONDS[0], "-1", *SECONDS[1:]),
    _env(SECONDS[0], "nan", *SECONDS[1:]),
    _env(SECONDS[0], "inf", *SECONDS[1:]),
    _env(SECONDS[0], "1e9", *SECONDS[1:]),
    _env(SECONDS[0], "", *SECONDS[1:]),
    _env(RETRIES[0], "1.5", *RETRIES[1:]),
    _env(RETRIES[0], "-1", *RETRIES[1:]),
    _env(RETRIES[0], "many", *RETRIES[1:]),
    _env(RETRIES[0], "1000", *RETRIES[1:]),
    _repo_option("", "empty"),
    _repo_option("a/..", "dot-dot"),
    _repo_option("-/-", "hyphens"),
    _repo_option("octocat/llm-year\n", "trailing-newline"),
    _repo_option("octocat", "no-slash"),
    _repo_option("https://github.com/octocat/llm-year", "url"),
]


@pytest.mark.parametrize(("args", "env", "stderr"), COMMAND_LINE_CASES)
def test_bad_command_line_or_environment(
    tmp_path: Path, args: list[str], env: dict[str, str], stderr: str
) -> None:
    root = copy_repo(tmp_path)
    result = invoke(root, *args, env=env)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_many_problems_are_cut_short(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    unknown = [f"p1.nope-{i:05}" for i in range(20_000)]
    write(root, CONFIG, "start_date: 2027-01-04\nskip:\n" + "".join(f"  - {i}\n" for i in unknown))
    result = invoke(root, "validate")
    lines = result.stderr.splitlines()
    assert lines[0] == "error: roadmap/config.yaml:3:5: unknown id 'p1.nope-00000' in skip"
    assert lines[100:] == ["... and 19950 more", "20000 problems found; nothing was sent to GitHub."]
    assert lines[99] == (
        "  hint: use the id of an existing skill or deliverable; the ids are in roadmap/phases/*.yaml"
    )
    assert result.exit_code == 2
