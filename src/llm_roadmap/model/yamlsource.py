"""Read YAML while remembering where every value came from.

PyYAML's `safe_load` forgets positions and silently keeps the last of two duplicate
keys. Composing the node graph ourselves gives both: a plain Python value for
pydantic, and a map from each value's path (`("periods", 0, "skills", 2, "hours")`)
to its line and column, so every error can say `path:line:col`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from llm_roadmap.errors import Problem

if TYPE_CHECKING:
    from pathlib import Path

Loc = tuple[int | str, ...]

# libyaml composes the roadmap about 20 times faster than the pure-Python parser (0.2 s
# of CPU on every command otherwise); its marks count characters the same way.
_COMPOSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Located:
    """A YAML document as plain data, with the position of every value and key."""

    path: Path
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, prefer_key: bool = False) -> Position:
        """The closest known position for `loc`, walking up to its parents."""
        while True:
            if prefer_key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return Position(1, 1)
            loc = loc[:-1]

    def problem(self, loc: Loc, message: str, hint: str, *, prefer_key: bool = False) -> Problem:
        pos = self.position(loc, prefer_key=prefer_key)
        return Problem(self.path, pos.line, pos.column, message, hint)


class YamlProblems(Exception):
    """Raised by `read_yaml` with every problem found while composing one file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _position(node: yaml.Node, *, end: bool = False) -> Position:
    mark = node.end_mark if end else node.start_mark
    return Position(mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, located: Located) -> None:
        self.located = located
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.located.values[loc] = _position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, loc)

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            pos = _position(node)
            self.problems.append(
                Problem(
                    self.located.path,
                    pos.line,
                    pos.column,
                    f"cannot read value {node.value!r}: {exc}",
                    "check the value; dates are written YYYY-MM-DD and must exist on the calendar",
                )
            )
            return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, loc)
            key_pos = _position(key_node)
            if key in first_seen:
                seen = first_seen[key]
                self.problems.append(
                    Problem(
                        self.located.path,
                        key_pos.line,
                        key_pos.column,
                        f"duplicate key {key!r} (first defined at line {seen.line})",
                        "remove one of the two entries; YAML would silently keep only the last",
                    )
                )
                continue
            first_seen[key] = key_pos
            self.located.keys[(*loc, key)] = key_pos
            result[key] = self.build(value_node, (*loc, key))
        return result


def read_yaml(path: Path, shown: Path | None = None) -> Located:
    """Parse one YAML file into a `Located`; raise `YamlProblems` on any syntax error.

    `shown` is the path problems report (relative to the repository root, as a learner
    sees it); the file is always read from `path`.
    """
    shown = shown or path
    located = Located(path=shown, data=None)
    text = _read_text(path, shown)
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblems([_syntax_problem(shown, exc)]) from None
    if node is None:
        raise YamlProblems(
            [Problem(shown, 1, 1, "file is empty", "fill it in; see the other files for the shape")]
        )
    builder = _Builder(located)
    located.data = builder.build(node, ())
    if builder.problems:
        raise YamlProblems(builder.problems)
    return located


def _read_text(path: Path, shown: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise YamlProblems(
            [Problem(shown, 1, 1, "file not found", "create it, or run from the repository root")]
        ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblems(
            [Problem(shown, line, column, "file is not valid UTF-8", "save it as UTF-8")]
        ) from None


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return Problem(
        path,
        line,
        column,
        f"YAML syntax error: {what}{context}",
        "check indentation and quoting here; a value containing ': ' or starting with a"
        " special character needs quotes",
    )
