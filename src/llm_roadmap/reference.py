"""What the docs restate from the code, rendered as generated sections (see `llm_roadmap.docs`).

- `ja.cli` / `en.cli`: the command reference of docs/cli.md, walked from the click command
  tree (every command, argument and option: type, default, environment variable, help);
- `ja.exit-codes` / `en.exit-codes`: the table of `errors.EXIT_CODES`;
- `default.<command>.<option>` (e.g. `default.bootstrap.max-close`): one option's default,
  `default.env.<variable>` and `default.config.<key>`: the defaults of the environment
  variables and of roadmap/config.yaml, each one value the prose can hold inline.

So a new command, option, default or exit code reaches the docs by `roadmap readme`, and
`roadmap readme --check` fails while they are stale. Pure: the click tree comes in as an
argument, nothing is read or written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from llm_roadmap.docs import LANGUAGES
from llm_roadmap.errors import EXIT_CODES
from llm_roadmap.model.config import Config
from llm_roadmap.pacing import Pacing
from llm_roadmap.render import Renderer

if TYPE_CHECKING:
    from pathlib import Path

CLI_TEMPLATE = "docs/cli.md.j2"
EXIT_CODES_TEMPLATE = "docs/exit-codes.md.j2"


@dataclass(frozen=True)
class ParamView:
    """One argument or option as the reference shows it."""

    names: tuple[str, ...]  # ("--max-close",), ("--yes", "-y"), ("PATHS",)
    metavar: str | None  # the option's own metavar ("ISO"), None when click would say the type
    type: str  # "flag", "integer ≥ 0", "ja | en", "file", "text"
    default: str | None  # None: no default of its own (the help says what happens)
    envvar: str | None
    help: str
    repeatable: bool
    required: bool


@dataclass(frozen=True)
class CommandView:
    """One command: `roadmap`, `roadmap bootstrap`, `roadmap cohort merge`, ..."""

    path: tuple[str, ...]  # ("roadmap", "cohort", "merge")
    usage: str
    help: str
    summary: str  # the first sentence, for the index
    arguments: tuple[ParamView, ...]
    options: tuple[ParamView, ...]
    epilog: str | None  # only an epilog other than the shared exit codes

    @property
    def name(self) -> str:
        return " ".join(self.path)

    @property
    def key(self) -> str:
        """`bootstrap`, `cohort.merge`; `roadmap` for the root: the middle of section names."""
        return ".".join(self.path[1:]) or self.path[0]


def commands(root: click.Command, name: str, shared_epilog: str | None = None) -> tuple[CommandView, ...]:
    """`root` and every command under it, depth first in click's (sorted) order; hidden ones left out."""
    found: list[CommandView] = []
    _walk(click.Context(root, info_name=name), shared_epilog, found)
    return tuple(found)


def _walk(ctx: click.Context, shared_epilog: str | None, found: list[CommandView]) -> None:
    command = ctx.command
    params = [p for p in command.params if not _hidden(p)]  # `params` leaves out --help
    help_text = (command.help or "").strip()
    found.append(
        CommandView(
            path=tuple(ctx.command_path.split(" ")),
            usage=" ".join([ctx.command_path, *command.collect_usage_pieces(ctx)]),
            help=help_text,
            summary=command.get_short_help_str(limit=200),
            arguments=tuple(_param(p) for p in params if isinstance(p, click.Argument)),
            options=tuple(_param(p) for p in params if isinstance(p, click.Option)),
            epilog=None if command.epilog == shared_epilog else _plain(command.epilog),
        )
    )
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                _walk(click.Context(sub, info_name=name, parent=ctx), shared_epilog, found)


def _hidden(param: click.Parameter) -> bool:
    return isinstance(param, click.Option) and param.hidden


def _plain(epilog: str | None) -> str | None:
    """An epilog as prose: click's `\\b` (no rewrap) marks dropped."""
    if epilog is None:
        return None
    return " ".join(line.strip() for line in epilog.splitlines() if line.strip() not in ("", "\b"))


def _param(param: click.Parameter) -> ParamView:
    info = param.to_info_dict()
    flag = bool(info.get("is_flag"))
    names: tuple[str, ...]
    if isinstance(param, click.Argument):
        names = ((param.metavar or param.name or "").upper(),)
    else:
        names = (*param.opts, *param.secondary_opts)
    envvar = param.envvar if isinstance(param.envvar, str) else None
    if isinstance(param.envvar, (list, tuple)):
        envvar = ", ".join(param.envvar)
    return ParamView(
        names=names,
        metavar=param.metavar if isinstance(param, click.Option) else None,
        type="flag" if flag else _type(info["type"]),
        default=None if flag else _default(info.get("default")),
        envvar=envvar,
        help=(info.get("help") or "").strip(),
        repeatable=bool(info.get("multiple")) or param.nargs == -1,
        required=bool(info.get("required")),
    )


def _type(info: dict[str, Any]) -> str:
    """A parameter type in words: `integer 1-3660`, `ja | en`, `file`, `text`."""
    match info["param_type"]:
        case "Choice":
            return " | ".join(str(choice) for choice in info["choices"])
        case "IntRange" | "FloatRange":
            word = "integer" if info["param_type"] == "IntRange" else "number"
            low, high = info["min"], info["max"]
            if high is None:
                return f"{word} ≥ {value_text(low)}"
            if low is None:
                return f"{word} ≤ {value_text(high)}"
            return f"{word} {value_text(low)}-{value_text(high)}"
        case "Int":
            return "integer"
        case "Float":
            return "number"
        case _:
            return str(info["name"])


def _default(value: object) -> str | None:
    if value is None or value == () or value == [] or callable(value):
        return None
    return value_text(value)


def value_text(value: object) -> str:
    """A value as the docs and the command line write it: 1 (not 1.0), 0.5, roadmap/upgrade."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# --- the generated sections -----------------------------------------------------------------


def default_values(views: tuple[CommandView, ...]) -> dict[str, str]:
    """Every default the prose may cite, by section name, as inline code: `default.bootstrap.max-close`."""
    values: dict[str, str] = {}
    for view in views:
        for option in view.options:
            if option.default is not None:
                long_name = option.names[0].lstrip("-")
                values[f"default.{view.key}.{long_name}"] = option.default
    pacing = Pacing()
    values["default.env.roadmap-write-interval"] = value_text(pacing.seconds_between_writes)
    values["default.env.roadmap-retries"] = value_text(pacing.retries)
    for key, field in sorted(Config.model_fields.items()):
        if field.default is not None and isinstance(field.default, (int, float, str)):
            values[f"default.config.{key.replace('_', '-')}"] = value_text(field.default)
    return {name: f"`{value}`" for name, value in values.items()}


def render_sections(
    root: click.Command, name: str, shared_epilog: str | None, templates_dir: Path
) -> dict[str, str]:
    """Every section this module generates, by name (see the module docstring)."""
    views = commands(root, name, shared_epilog)
    sections = default_values(views)
    for language in LANGUAGES:
        renderer = Renderer(templates_dir, language)
        # docs/cli.md holds the Japanese reference first: GitHub suffixes the English
        # part's repeated heading ids with -1.
        suffix = "" if language == LANGUAGES[0] else "-1"
        sections[f"{language}.cli"] = renderer.render(
            CLI_TEMPLATE, commands=views, anchor_suffix=suffix
        ).strip()
        sections[f"{language}.exit-codes"] = renderer.render(
            EXIT_CODES_TEMPLATE, exit_codes=EXIT_CODES
        ).strip()
    return sections
