"""`roadmap validate` and every command that loads the roadmap, on good and broken input.

Each broken case edits a copy of the repository and returns the exact problems it expects.
Positions in the real roadmap files are found with `where()` after the edit, so the cases
keep working when the roadmap text moves; positions in fixture configs are written out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from llm_roadmap.workspace import load_check_items
from testing.repo import (
    CONFIG,
    RESOURCES,
    copy_repo,
    invoke,
    load,
    replace_once,
    snapshot,
    where,
    write,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

P1 = "roadmap/phases/p1.yaml"
GUIDE = "roadmap/guide.yaml"
GITHUB = "roadmap/github.yaml"
COMMANDS = [["validate"], ["bootstrap", "--dry-run"]]


def _fixture_config(name: str) -> Callable[[Path], None]:
    def use(root: Path) -> None:
        write(root, CONFIG, (RESOURCES / "broken" / name).read_text(encoding="utf-8"))

    return use


def syntax(root: Path) -> list[str]:
    _fixture_config("syntax.yaml")(root)
    return [
        "roadmap/config.yaml:3:21: YAML syntax error: mapping values are not allowed in this context\n"
        "  hint: check indentation and quoting here; a value containing ': ' or starting with a"
        " special character needs quotes"
    ]


def duplicate_key(root: Path) -> list[str]:
    _fixture_config("duplicate-key.yaml")(root)
    return [
        "roadmap/config.yaml:3:1: duplicate key 'start_date' (first defined at line 1)\n"
        "  hint: remove one of the two entries; YAML would silently keep only the last"
    ]


def unknown_key(root: Path) -> list[str]:
    _fixture_config("unknown-key.yaml")(root)
    return [
        "roadmap/config.yaml:2:1: unknown key 'timezon'\n  hint: did you mean 'timezone'?"
        " Allowed keys here: language, reminder_after_days, repo, skip, start_date, template, timezone,"
        " weekly_hours"
    ]


def unknown_key_in_phase(root: Path) -> list[str]:
    replace_once(root, P1, "        hours: 20\n", "        hours: 20\n        hour: 3\n")
    return [
        f"{where(root, P1, 'hour: 3')}: unknown key 'hour'\n  hint: did you mean 'hours'?"
        " Allowed keys here: hours, id, importance, note, skippable, title"
    ]


def wrong_type(root: Path) -> list[str]:
    replace_once(root, P1, "hours: 20", 'hours: "ten"')
    at = where(root, P1, '"ten"')
    return [
        f"{at}: hours: Input should be a valid integer (got 'ten')\n"
        "  hint: write a whole number without quotes, for example 10"
    ]


def negative_hours(root: Path) -> list[str]:
    replace_once(root, P1, "hours: 20", "hours: -20")
    return [
        f"{where(root, P1, '-20')}: hours: Input should be greater than 0 (got -20)\n"
        "  hint: use a value greater than 0"
    ]


def wrong_values_in_config(root: Path) -> list[str]:
    _fixture_config("wrong-values.yaml")(root)
    return [
        "roadmap/config.yaml:3:7: p1: Input should be greater than or equal to 0 (got -1)\n"
        "  hint: use a value that is not negative",
        "roadmap/config.yaml:4:11: language: Input should be 'ja' or 'en' (got 'jp')\n"
        "  hint: use one of 'ja' or 'en'",
    ]


def duplicate_id_across_files(root: Path) -> list[str]:
    replace_once(root, GUIDE, "id: goal.build-and-deploy", "id: p1.w1-4.python-basics")
    return [
        f"{where(root, P1, 'p1.w1-4.python-basics')}: duplicate id 'p1.w1-4.python-basics'"
        f" (also at {where(root, GUIDE, 'p1.w1-4.python-basics')})\n"
        "  hint: ids must be unique across all roadmap files; rename one of them"
    ]


def dangling_deliverable_skill(root: Path) -> list[str]:
    replace_once(root, P1, "      - p1.w1-4.llm-api-basics\n", "      - p1.w1-4.llm-api-basic\n")
    at = where(root, P1, "p1.w1-4.llm-api-basic\n")
    return [f"{at}: unknown skill id 'p1.w1-4.llm-api-basic'\n  hint: did you mean 'p1.w1-4.llm-api-basics'?"]


def dangling_budget_phase(root: Path) -> list[str]:
    replace_once(root, GUIDE, "- phase: p2\n", "- phase: p5\n")
    return [
        f"{where(root, GUIDE, '- phase: p1')}: no monthly budget for phase 'p2'\n"
        "  hint: add a row with 'phase: p2'",
        f"{where(root, GUIDE, 'p5')}: unknown phase id 'p5'\n"
        "  hint: use the id of an existing phase; the ids are in roadmap/phases/*.yaml",
    ]


def dangling_config_ids(root: Path) -> list[str]:
    _fixture_config("dangling.yaml")(root)
    return [
        "roadmap/config.yaml:4:3: unknown phase id 'p4' in weekly_hours\n"
        "  hint: use the id of an existing phase; the ids are in roadmap/phases/*.yaml",
        "roadmap/config.yaml:6:5: unknown id 'p1.w1-4.python-basic' in skip\n"
        "  hint: did you mean 'p1.w1-4.python-basics'?",
    ]


def bad_date(root: Path) -> list[str]:
    _fixture_config("bad-date.yaml")(root)
    return [
        "roadmap/config.yaml:1:13: cannot read value '2027-02-30': day is out of range for month\n"
        "  hint: check the value; dates are written YYYY-MM-DD and must exist on the calendar"
    ]


def unknown_timezone(root: Path) -> list[str]:
    _fixture_config("unknown-timezone.yaml")(root)
    return [
        "roadmap/config.yaml:2:11: timezone: not a known IANA time zone (got 'Asia/Tokio')\n"
        "  hint: did you mean 'Asia/Tokyo'?"
    ]


def invalid_id(root: Path) -> list[str]:
    replace_once(root, P1, "id: p1.w1-4.prompt-engineering", "id: p1.w1-4.Prompt_Engineering")
    return [
        f"{where(root, P1, 'p1.w1-4.Prompt_Engineering')}: invalid id 'p1.w1-4.Prompt_Engineering'\n"
        "  hint: ids are lowercase letters and digits joined by '.' or '-', like p1.w1-4.python-basics"
    ]


def missing_key(root: Path) -> list[str]:
    _fixture_config("missing-key.yaml")(root)
    return [
        "roadmap/config.yaml:1:1: missing required key 'start_date'\n"
        "  hint: add the key; every config needs it"
    ]


def missing_key_in_phase(root: Path) -> list[str]:
    replace_once(root, P1, "importance: 5\n        hours: 20\n", "hours: 20\n")
    return [
        f"{where(root, P1, 'id: p1.w1-4.python-basics')}: missing required key 'importance'\n"
        "  hint: add the key; every skill needs it"
    ]


def empty_file(root: Path) -> list[str]:
    _fixture_config("empty.yaml")(root)
    return ["roadmap/config.yaml:1:1: file is empty\n  hint: fill it in; see the other files for the shape"]


def missing_file(root: Path) -> list[str]:
    (root / GITHUB).unlink()
    return [f"{GITHUB}:1:1: file not found\n  hint: create it, or run from the repository root"]


def datetime_for_date(root: Path) -> list[str]:
    _fixture_config("datetime.yaml")(root)
    return [
        "roadmap/config.yaml:1:13: start_date: a date without a time is expected"
        " (got 2027-01-04 09:00:00)\n  hint: write just the date, YYYY-MM-DD, without a time"
    ]


def broken_check_contract(root: Path) -> list[str]:
    contract = "projects/p1-d01-simple-chat/check.yaml"
    replace_once(root, contract, "deliverable: p1.d01.simple-chat", "deliverable: p1.d01.simple-chta")
    return [
        f"{where(root, contract, 'p1.d01.simple-chta')}: unknown deliverable id 'p1.d01.simple-chta'\n"
        "  hint: did you mean 'p1.d01.simple-chat'?"
    ]


BROKEN = [
    broken_check_contract,
    syntax,
    duplicate_key,
    unknown_key,
    unknown_key_in_phase,
    wrong_type,
    negative_hours,
    wrong_values_in_config,
    duplicate_id_across_files,
    dangling_deliverable_skill,
    dangling_budget_phase,
    dangling_config_ids,
    bad_date,
    unknown_timezone,
    invalid_id,
    missing_key,
    missing_key_in_phase,
    empty_file,
    missing_file,
    datetime_for_date,
]


def _expected_stderr(problems: list[str]) -> str:
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return "error: " + "\n".join(problems) + f"\n{count} {noun} found; nothing was sent to GitHub.\n"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("case", BROKEN, ids=lambda case: case.__name__.replace("_", "-"))
def test_broken_input(tmp_path: Path, case: Callable[[Path], list[str]], command: list[str]) -> None:
    root = copy_repo(tmp_path)
    problems = case(root)
    before = snapshot(root)
    result = invoke(root, *command)
    assert result.stderr == _expected_stderr(problems)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert snapshot(root) == before, "a failed command must not write anything"


def test_validate_reports_counts(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    roadmap = load(root).roadmap
    result = invoke(root, "validate")
    deliverables = sum(1 for _ in roadmap.deliverables())
    checks = sum(len(items) for items in load_check_items(root, roadmap).values())
    assert checks > 5 * deliverables
    assert result.stdout == (
        f"ok: {len(roadmap.phases)} phases, {len(roadmap.skill_ids)} skills, {deliverables} deliverables"
        f" ({checks} automatic checks in {deliverables} check.yaml files); starts 2027-01-04 (Asia/Tokyo)\n"
    )
    assert (result.exit_code, result.stderr) == (0, "")


def test_validate_reads_the_given_root_not_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_repo(tmp_path / "repo")
    write(root, CONFIG, "start_date: 2031-05-06\ntimezone: Europe/Paris\n")
    monkeypatch.chdir(tmp_path)
    result = invoke(root, "validate")
    assert result.stdout.endswith("starts 2031-05-06 (Europe/Paris)\n")


def test_config_option_points_elsewhere(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    other = write(tmp_path, "mine.yaml", "start_date: 2029-03-01\ntimezone: Pacific/Kiritimati\n")
    result = invoke(root, "--config", str(other), "validate")
    assert result.stdout.endswith("starts 2029-03-01 (Pacific/Kiritimati)\n")


def test_a_template_error_is_reported_with_its_file(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    write(root, "templates/milestone-title.txt.j2", "{% if %}\n")
    result = invoke(root, "validate")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: templates/milestone-title.txt.j2:1:1: template error:")
    assert "Traceback" not in result.output


def test_an_undefined_variable_in_an_included_template_names_that_file(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    write(root, "templates/partials/budget.md.j2", "fine\n{{ no_such_variable }}\n")
    result = invoke(root, "bootstrap", "--dry-run")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: templates/partials/budget.md.j2:2:1: template error: 'no_such_variable' is undefined\n"
        "  hint: use only the variables the other templates use"
    )
    assert "Traceback" not in result.output
