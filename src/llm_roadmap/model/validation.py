"""Turn pydantic's validation errors into `path:line:col` problems with hints."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from llm_roadmap.model.schema import ID_PATTERN
from llm_roadmap.model.yamlsource import Located, YamlProblems, shorten

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from llm_roadmap.errors import Problem
    from llm_roadmap.model.yamlsource import Loc

M = TypeVar("M", bound=BaseModel)

_HINTS: dict[str, str] = {
    "missing": "add the key; every {parent} needs it",
    "int_type": "write a whole number without quotes, for example 10",
    "int_parsing": "write a whole number without quotes, for example 10",
    "int_from_float": "write a whole number, for example 10",
    "float_type": "write a number without quotes, for example 10 or 7.5",
    "float_parsing": "write a number without quotes, for example 10 or 7.5",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "string_type": "write text; quote it if YAML reads it as a number or a date",
    "string_too_short": "write some text; empty values are not allowed",
    "greater_than_equal": "use a value that is not negative",
    "greater_than": "use a value greater than {gt}",
    "less_than_equal": "use a value not above {le}",
    "date_type": "write the date as YYYY-MM-DD, for example 2027-01-04",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD, for example 2027-01-04",
    "date_from_datetime_inexact": "write just the date, YYYY-MM-DD, without a time",
    "date_parsing": "write the date as YYYY-MM-DD, for example 2027-01-04",
    "dict_type": "write a mapping (key: value lines indented under this key)",
    "model_type": "write a mapping (key: value lines indented under this key)",
    "list_type": "write a list (lines starting with '- ')",
    "tuple_type": "write a list (lines starting with '- ')",
    "too_short": "add at least one entry",
    "url_parsing": "write a full URL starting with https://",
    "url_scheme": "write a full URL starting with https://",
    "literal_error": "use one of {expected}",
    "invalid_key": "write the key as text; quote it if YAML reads it as a number",
    "string_pattern_mismatch": "write a value matching the pattern {pattern}",
    "unknown_timezone": "{suggestion}",
    "date_not_datetime": "write just the date, YYYY-MM-DD, without a time",
    "date_not_number": "write the date as YYYY-MM-DD, for example 2027-01-04",
    "date_out_of_range": "write the day you begin, YYYY-MM-DD, for example 2027-01-04",
    "invalid_repo": "write it as owner/name, for example octocat/llm-roadmap",
    "relative_path": "write a path inside the folder, like src/app.py, without '..'",
    "blank_name": "write the name without spaces at its start or end",
}

# YAML 1.1 reads yes/no/on/off/true/false as booleans: `p1: yes` is not a number.
_BOOL_HINT = "YAML reads yes, no, on, off, true and false as true/false; write a number, for example 10"

# Pydantic's wording where it talks about Python rather than YAML.
_MESSAGES: dict[str, str] = {
    "model_type": "expected a mapping (key: value lines)",
    "dict_type": "expected a mapping (key: value lines)",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "string_pattern_mismatch": "does not have the expected form",
}

# Hints that depend on the field rather than on the kind of error.
_FIELD_HINTS: dict[tuple[str, str], str] = {
    ("string_pattern_mismatch", "repo"): "write it as owner/name, for example octocat/llm-roadmap",
    ("string_pattern_mismatch", "color"): "write six lowercase hex digits without '#', like 1d76db",
    (
        "string_pattern_mismatch",
        "folder",
    ): "write a folder inside projects/, like projects/p1-d01-simple-chat",
}

_DEFAULT_HINT = "compare it with the neighbouring entries and the comments in this file"


def validate(located: Located, model: type[M]) -> M:
    """Validate `located.data` as `model`, or raise `YamlProblems` pointing at each error."""
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        raise YamlProblems([_problem(located, model, err) for err in exc.errors()]) from None


def _problem(located: Located, model: type[BaseModel], err: ErrorDetails) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "invalid_key":  # pydantic writes a None key as 'None' in `loc`
        loc = (*loc[:-1], err["input"])
    if loc and loc[-1] == "[key]":  # the key of a mapping is wrong, not its value
        return _key_problem(located, loc[:-1], err)
    if kind == "extra_forbidden":
        return _unknown_key(located, model, loc)
    if kind == "missing":
        parent = _describe(model, loc[:-1])
        return located.problem(
            loc[:-1],
            f"missing required key {loc[-1]!r}",
            _HINTS["missing"].format(parent=parent),
        )
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
        return located.problem(
            loc,
            f"invalid id {err['input']!r}",
            "ids are lowercase letters and digits joined by '.' or '-', like p1.w1-4.python-basics",
        )
    if kind == "invalid_key":
        return located.problem(loc, f"key {_shown(err['input'])} is not text", _HINTS[kind], prefer_key=True)
    field = _field_name(loc)
    text = _MESSAGES.get(kind, err["msg"].removeprefix("Value error, "))
    message = f"{field}: {text}"
    if "input" in err and not isinstance(err["input"], dict | list):
        message += f" (got {_shown(err['input'])})"
    hint = _FIELD_HINTS.get((kind, field)) or _HINTS.get(kind, _DEFAULT_HINT)
    if kind in ("int_type", "float_type") and isinstance(err.get("input"), bool):
        hint = _BOOL_HINT
    return located.problem(loc, message, hint.format(**_context(err)))


def _key_problem(located: Located, loc: Loc, err: ErrorDetails) -> Problem:
    kind = err["type"]
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
        message = f"invalid id {err['input']!r}"
        hint = "ids are lowercase letters and digits joined by '.' or '-', like p1.w1-4.python-basics"
    else:
        message = f"{_field_name(loc[:-1])}: {_MESSAGES.get(kind, err['msg'])} (got {_shown(err['input'])})"
        hint = _HINTS.get(kind, _DEFAULT_HINT).format(**_context(err))
    return located.problem(loc, message, hint, prefer_key=True)


def _context(err: ErrorDetails) -> dict[str, Any]:
    """The error's parameters, a limit of 112.0 shown as 112."""
    return {
        key: int(value) if isinstance(value, float) and value.is_integer() else value
        for key, value in err.get("ctx", {}).items()
    }


def _shown(value: object) -> str:
    """A value as the learner wrote it: dates in ISO form, text quoted, a long one cut short."""
    if isinstance(value, dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return shorten(repr(value))


def _unknown_key(located: Located, model: type[BaseModel], loc: Loc) -> Problem:
    allowed = sorted(_fields_at(model, loc[:-1]))
    key = str(loc[-1])
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "remove it or rename it."
    if allowed:
        hint += f" Allowed keys here: {', '.join(allowed)}"
    return located.problem(loc, f"unknown key {key!r}", hint, prefer_key=True)


def _field_name(loc: Loc) -> str:
    names = [str(part) for part in loc if isinstance(part, str) and part != "[key]"]
    return names[-1] if names else "file"


def _describe(model: type[BaseModel], loc: Loc) -> str:
    target = _type_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return target.__name__.lower()
    return "entry"


def _fields_at(model: type[BaseModel], loc: Loc) -> set[str]:
    target = _type_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return set(target.model_fields)
    return set()


def _type_at(model: type[BaseModel], loc: Loc) -> Any:
    """Follow `loc` through the model's annotations to the type expected there."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        elif isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        else:
            current = typing.get_args(current)[-1] if typing.get_args(current) else None
    return _unwrap(current)


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(options) != 1:
                return tp
            tp = options[0]
        else:
            return tp
