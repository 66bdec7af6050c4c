"""Read YAML while remembering where every value came from.

PyYAML's `safe_load` forgets positions and silently keeps the last of two duplicate
keys. Composing the node graph ourselves gives both: a plain Python value for
pydantic, and a map from each value's path (`("periods", 0, "skills", 2, "hours")`)
to its line and column, so every error can say `path:line:col`.
"""

from __future__ import annotations

import os
import stat
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

# The largest roadmap file is about 20 kB: 1 MB leaves room to grow and bounds the work
# a hostile or mistaken file (a link to /dev/zero, a log) can cause.
MAX_BYTES = 1_000_000
# The roadmap nests about 8 levels deep; Python's own recursion limit is near 1,000.
MAX_DEPTH = 64

_DEPTH_HINT = "flatten the structure; the roadmap files nest only a few levels deep"
_KEY_HINT = "write the key as text; quote it if it starts with '[' or '{'"
_PATH_HINT = "point at a readable YAML file (not a directory, a device or a symbolic link loop)"


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


def shorten(text: str, limit: int = 100) -> str:
    """`text`, cut to `limit` characters: a problem line quotes a value, never a megabyte."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class YamlProblems(Exception):
    """Raised by `read_yaml` with every problem found while composing one file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _position(node: yaml.Node, *, end: bool = False) -> Position:
    mark = node.end_mark if end else node.start_mark
    return Position(mark.line + 1, mark.column + 1)


class _Refused(Exception):
    """A node is reached a second time: the document uses an alias."""


class _Builder:
    def __init__(self, located: Located) -> None:
        self.located = located
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        # A composed graph shares the node of an anchor with each of its aliases; expanding
        # them is how a few lines grow to gigabytes ("billion laughs") or never end (`&a [*a]`).
        if id(node) in self.seen:
            raise _Refused
        self.seen.add(id(node))
        self.located.values[loc] = _position(node)
        if len(loc) > MAX_DEPTH:
            self._add(node, f"values are nested more than {MAX_DEPTH} levels deep", _DEPTH_HINT)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _add(self, node: yaml.Node, message: str, hint: str) -> None:
        pos = _position(node)
        self.problems.append(Problem(self.located.path, pos.line, pos.column, message, hint))

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as exc:
            reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else exc
            self._add(
                node,
                f"cannot read value {shorten(repr(node.value))}: {shorten(str(reason))}",
                "check the value; dates are written YYYY-MM-DD and must exist on the calendar",
            )
            return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._add(key_node, "a key must be plain text, not a list or a mapping", _KEY_HINT)
                continue
            key = self._scalar(key_node)
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


def read_yaml(path: Path, shown: Path | None = None, *, max_bytes: int = MAX_BYTES) -> Located:
    """Parse one YAML file into a `Located`; raise `YamlProblems` on any problem in it.

    `shown` is the path problems report (relative to the repository root, as a learner
    sees it); the file is always read from `path`. At most `max_bytes` are read, anchors
    and aliases are refused, and nesting is bounded, so no input can hang or exhaust memory.
    """
    shown = shown or path
    located = Located(path=shown, data=None)
    text = _read_text(path, shown, max_bytes)
    node = _compose(text, shown)
    if node is None:
        raise YamlProblems(
            [Problem(shown, 1, 1, "file is empty", "fill it in; see the other files for the shape")]
        )
    builder = _Builder(located)
    try:
        located.data = builder.build(node, ())
    except _Refused:
        raise YamlProblems(_alias_problems(text, shown)) from None
    if builder.problems:
        raise YamlProblems(builder.problems)
    return located


def _compose(text: str, shown: Path) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblems([_syntax_problem(shown, exc)]) from None
    except yaml.reader.ReaderError as exc:
        raise YamlProblems([_reader_problem(shown, text, exc)]) from None
    except (yaml.YAMLError, RecursionError) as exc:  # the pure-Python parser recurses
        message = "values are nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise YamlProblems([Problem(shown, 1, 1, f"YAML error: {message}", _DEPTH_HINT)]) from None


def _alias_problems(text: str, shown: Path) -> list[Problem]:
    """Where each alias is: only looked for once the builder met a shared node."""
    return [
        Problem(
            shown,
            *_mark_position(event.start_mark),
            f"alias *{event.anchor} is not allowed",
            "write the value out in full; the roadmap files use no anchors (&name) or aliases (*name)",
        )
        for event in yaml.parse(text, Loader=_COMPOSER)
        if isinstance(event, yaml.AliasEvent)
    ]


def _mark_position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _reader_problem(shown: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    index = exc.position
    if _COMPOSER is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
        index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
    line, column = _line_column(text, index)
    what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return Problem(
        shown,
        line,
        column,
        f"character {what} is not allowed in YAML ({exc.reason})",
        "remove it; YAML files hold printable text only (a NUL byte often means a binary file)",
    )


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _read_text(path: Path, shown: Path, max_bytes: int) -> str:
    raw = _read_bytes(path, shown, max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblems(
            [Problem(shown, line, column, "file is not valid UTF-8", "save it as UTF-8")]
        ) from None


def _read_bytes(path: Path, shown: Path, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of a regular file: a link to /dev/zero, a FIFO or a
    directory is refused before it is read (O_NONBLOCK: opening a FIFO does not wait)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise YamlProblems(
            [_unreadable(shown, "file not found", "create it, or run from the repository root")]
        ) from None
    except OSError as exc:
        raise YamlProblems(
            [_unreadable(shown, f"cannot read the file: {exc.strerror}", _PATH_HINT)]
        ) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a directory" if stat.S_ISDIR(mode) else "a device, a pipe or a socket"
        raise YamlProblems([_unreadable(shown, f"not a regular file: it is {what}", _PATH_HINT)])
    try:
        with os.fdopen(fd, "rb") as file:
            raw = file.read(max_bytes + 1)
    except OSError as exc:  # EIO, a file that vanished under a network mount
        raise YamlProblems(
            [_unreadable(shown, f"cannot read the file: {exc.strerror}", _PATH_HINT)]
        ) from None
    if len(raw) > max_bytes:
        raise YamlProblems(
            [
                _unreadable(
                    shown,
                    f"file is larger than {max_bytes:,} bytes",
                    "check that this is the right file; the roadmap's files are far smaller",
                )
            ]
        )
    return raw


def _unreadable(shown: Path, message: str, hint: str) -> Problem:
    return Problem(shown, 1, 1, message, hint)


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
