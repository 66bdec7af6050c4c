"""The docs that restate the code: the CLI reference, the exit codes, the defaults, the architecture.

docs/cli.md is generated from the click command tree (`llm_roadmap.reference`); these tests
walk that tree on their own and look for every command and option in the page, so a
generator that skipped one fails here even when `roadmap readme --check` passes.
"""

from __future__ import annotations

import re

import click
import pytest

from llm_roadmap import cli, errors, reference
from testing.repo import REPO_ROOT, invoke

CLI_DOC = REPO_ROOT / "docs" / "cli.md"
ARCHITECTURE = REPO_ROOT / "docs" / "architecture.md"


def _tree(command: click.Command, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path[-1])
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            found += _tree(sub, (*path, name))
    return found


COMMANDS = _tree(cli.main, ("roadmap",))


def _parts() -> dict[str, str]:
    """docs/cli.md's Japanese and English parts, split at the rule between them."""
    ja, en = CLI_DOC.read_text(encoding="utf-8").split("\n---\n", 1)
    return {"ja": ja, "en": en}


def _section(part: str, name: str) -> str:
    """The text under `### `name`` up to the next heading."""
    start = part.index(f"\n### `{name}`\n")
    following = re.search(r"\n#{2,3} ", part[start + 1 :])
    assert following is not None
    return part[start : start + 1 + following.start()]


def test_the_walk_finds_the_commands() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {
        "roadmap",
        "roadmap bootstrap",
        "roadmap check",
        "roadmap cohort",
        "roadmap cohort merge",
    } <= names


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_the_cli_reference_covers_every_command_and_option(
    language: str, path: tuple[str, ...], command: click.Command
) -> None:
    name = " ".join(path)
    part = _parts()[language]
    assert f"[`{name}`](#" in part, f"{name} is missing from the index of the {language} part"
    section = _section(part, name)
    assert f"{name} [OPTIONS]" in section  # the usage line
    for param in command.params:
        if isinstance(param, click.Argument):
            assert f"`{(param.name or '').upper()}`" in section
            continue
        assert isinstance(param, click.Option)
        row = next((line for line in section.splitlines() if line.startswith(f"| `{param.opts[0]}")), None)
        assert row is not None, f"{name}: option {param.opts[0]} is missing from docs/cli.md ({language})"
        for opt in param.opts[1:]:
            assert f"`{opt}`" in row
        default = param.get_default(click.Context(command), call=False)
        if not param.is_flag and isinstance(default, (int, float, str)):  # not None, (), click's UNSET
            assert f"`{reference.value_text(default)}`" in row
        assert (param.help or "").split("(")[0].strip() in row


def test_every_exit_code_constant_has_a_meaning() -> None:
    constants = {
        name: value
        for name, value in vars(errors).items()
        if name.startswith("EXIT_") and isinstance(value, int) and not isinstance(value, bool)
    }
    described = [row.code for row in errors.EXIT_CODES]
    missing = sorted(name for name, value in constants.items() if value not in described)
    assert missing == [], f"add a row to errors.EXIT_CODES for {missing}"
    unnamed = sorted(set(described) - set(constants.values()))
    assert unnamed == [], "a row of EXIT_CODES names no EXIT_* constant"
    assert described == sorted(described), "keep EXIT_CODES in the order of the codes"
    assert all(row.ja and row.en for row in errors.EXIT_CODES)


def test_help_readme_and_reference_show_every_exit_code() -> None:
    help_text = invoke(REPO_ROOT, "--help").stdout
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    cli_doc = CLI_DOC.read_text(encoding="utf-8")
    for row in errors.EXIT_CODES:
        assert f"  {row.code:>3}  {row.en.replace('`', '').split()[0]}" in help_text
        for text in (readme, cli_doc):
            assert f"| {row.code} | {row.ja} |" in text
            assert f"| {row.code} | {row.en} |" in text


# -- a command, option, default or exit code added later reaches the docs ------------------


@click.group()
def _app() -> None:
    """An app."""


@_app.command()
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@click.option("--limit", type=click.IntRange(1, 9), default=3, show_default=True, help="At most this many.")
@click.option("--mode", type=click.Choice(["a", "b"]), default="a", envvar="APP_MODE", help="The mode.")
@click.option("--tag", multiple=True, metavar="TAG", help="A tag.")
@click.option("--secret", hidden=True, help="Not shown.")
def plan(**options: object) -> None:
    """Show the diff. Read-only."""


def test_a_new_command_reaches_the_reference_with_its_defaults() -> None:
    sections = reference.render_sections(_app, "app", None, REPO_ROOT / "templates")
    assert sections["default.plan.limit"] == "`3`"
    assert sections["default.plan.mode"] == "`a`"
    assert "default.plan.json" not in sections
    for language, repeatable, env in (
        ("ja", "（繰り返し可）", "（環境変数 "),
        ("en", " (repeatable)", " (environment variable "),
    ):
        text = sections[f"{language}.cli"]
        assert "| [`app plan`](#app-plan" in text
        assert "### `app plan`\n\nShow the diff. Read-only.\n\n```text\napp plan [OPTIONS]\n```" in text
        assert "| `--limit` | integer 1-9 | `3` | At most this many. |" in text
        assert f"| `--mode` | a \\| b | `a` | The mode.{env}`APP_MODE`" in text
        assert f"| `--tag TAG` | text{repeatable} | — | A tag. |" in text
        assert "| `--json` | flag | — | As JSON. |" in text
        assert "--secret" not in text
        assert "--help" not in text


def test_a_new_exit_code_reaches_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    row = errors.ExitCode(6, "変更あり", "changes pending")
    monkeypatch.setattr(reference, "EXIT_CODES", (*errors.EXIT_CODES, row))
    sections = reference.render_sections(_app, "app", None, REPO_ROOT / "templates")
    assert sections["ja.exit-codes"].endswith(" |\n| 6 | 変更あり |")
    assert sections["en.exit-codes"].endswith(" |\n| 6 | changes pending |")


# -- docs/architecture.md names only paths that exist ----------------------------------------

PATH_IN_DOC = re.compile(r"`((?:src|templates|tests|\.github|scripts)/[^`\s]*)`")


def test_every_path_in_the_architecture_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = sorted(set(PATH_IN_DOC.findall(text)))
    assert len(named) > 20
    missing = [path for path in named if not (REPO_ROOT / path.rstrip("/")).exists()]
    assert missing == [], "docs/architecture.md names paths that do not exist; update it"


def test_the_architecture_shows_the_data_flow() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    assert text.count("```mermaid\nflowchart") == 2  # Japanese and English
