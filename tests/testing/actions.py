"""Which of our workflows' jobs GitHub Actions would start for an event, as GitHub decides it.

Two halves, both strict: anything this model does not know raises `Unevaluable` instead of
guessing, so a workflow that grows a new trigger, filter, function or context fails the
tests until the model learns it.

- `triggered(workflow, event)`: the workflow's `on:` filters (push/pull_request `branches`,
  `branches-ignore`, `tags`, `paths`, `paths-ignore`; `types`; `schedule` crons;
  `workflow_dispatch`), after GitHub's "Events that trigger workflows" and "Workflow syntax:
  on.<push|pull_request>.<paths|branches>" (filter pattern cheat sheet: `*`, `**`, `?`, `+`,
  `[]`, `!` negation, the last matching pattern decides).
- `evaluate(expression, contexts)`: GitHub's expression language ("Evaluate expressions in
  workflows and actions"): literals, `( ) [ ] . .*`, `! < <= > >= == != && ||` with GitHub's
  loose, case-insensitive comparison and value-returning `&&`/`||`, the functions
  `contains startsWith endsWith format join toJSON fromJSON` and the status functions.

`started_jobs(workflow, event)` puts them together: each job's `if:` (an implicit
`success() &&` unless it calls a status function), `needs:` skipping dependants of skipped
jobs, and the outputs each finished job hands on, as the caller says they come out.
A started job is a billed job (jobs skipped by `if:` are not billed).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

__all__ = [
    "Event",
    "Unevaluable",
    "cron_firings",
    "evaluate",
    "github_context",
    "matrix_size",
    "started_jobs",
    "strict",
    "triggered",
    "truthy",
]

# Events we model; any other key under `on:` is Unevaluable.
_DEFAULT_TYPES = {
    "pull_request": ("opened", "synchronize", "reopened"),
}
_KNOWN_EVENTS = {
    "push",
    "pull_request",
    "issues",
    "issue_comment",
    "schedule",
    "workflow_dispatch",
    "workflow_run",
    "release",
}


class Unevaluable(Exception):
    """The model cannot decide this as GitHub would: teach it, do not guess."""


# -- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Event:
    """One webhook event as a workflow sees it."""

    name: str  # github.event_name
    payload: Mapping[str, Any] = field(default_factory=dict)  # github.event
    ref: str = ""  # github.ref
    changed: tuple[str, ...] = ()  # files a push or pull request changes (for `paths`)
    schedule: str | None = None  # the cron string of a schedule event

    @property
    def action(self) -> str | None:
        value = self.payload.get("action")
        return str(value) if value is not None else None


# -- on: filters ------------------------------------------------------------------------------
def _on(workflow: Mapping[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    if isinstance(on, dict):
        return on
    raise Unevaluable(f"unsupported on: {on!r}")


def _pattern(glob: str) -> re.Pattern[str]:
    """GitHub's filter pattern: `**` any characters, `*` any but `/`, `?` and `+` repeat the
    previous character, `[]` a class."""
    out, i = [], 0
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char in "?+":
            out.append(char)
        elif char == "[":
            end = glob.index("]", i)
            out.append(glob[i : end + 1])
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


def _matches(patterns: list[str], value: str) -> bool:
    """The last pattern that matches decides; `!pattern` excludes."""
    decided = False
    for raw in patterns:
        negated = raw.startswith("!")
        if _pattern(raw.removeprefix("!")).match(value):
            decided = not negated
    return decided


_FILTER_KEYS = {
    "push": {"branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore"},
    "pull_request": {"branches", "branches-ignore", "paths", "paths-ignore", "types"},
    "issues": {"types"},
    "issue_comment": {"types"},
    "release": {"types"},
    "workflow_run": {"workflows", "types", "branches", "branches-ignore"},
    "workflow_dispatch": {"inputs"},
}


def _ref_filters(spec: Mapping[str, Any], event: Event) -> bool:
    ref = event.ref
    if event.name == "pull_request":
        ref = "refs/heads/" + str(event.payload.get("pull_request", {}).get("base", {}).get("ref", ""))
    if ref.startswith("refs/tags/"):
        name, wanted, ignored = ref.removeprefix("refs/tags/"), "tags", "tags-ignore"
        if spec.get("branches") is not None and spec.get("tags") is None:
            return False  # only branches listed: a tag push does not run it
    else:
        name, wanted, ignored = ref.removeprefix("refs/heads/"), "branches", "branches-ignore"
        if spec.get("tags") is not None and spec.get("branches") is None:
            return False
    if spec.get(wanted) is not None and not _matches(list(spec[wanted]), name):
        return False
    return not (spec.get(ignored) is not None and _matches(list(spec[ignored]), name))


def _path_filters(spec: Mapping[str, Any], event: Event) -> bool:
    if "paths" in spec and "paths-ignore" in spec:
        raise Unevaluable("paths and paths-ignore together are not allowed by GitHub")
    if "paths" in spec:
        return any(_matches(list(spec["paths"]), path) for path in event.changed)
    if "paths-ignore" in spec:
        return not all(_matches(list(spec["paths-ignore"]), path) for path in event.changed)
    return True


def triggered(workflow: Mapping[Any, Any], event: Event) -> bool:
    """Whether GitHub starts a run of this workflow for the event."""
    on = _on(workflow)
    for name in on:
        if name not in _KNOWN_EVENTS:
            raise Unevaluable(f"unknown event {name!r} under on:")
    if event.name not in on:
        return False
    spec = on[event.name] or {}
    if event.name == "schedule":
        return any(entry.get("cron") == event.schedule for entry in spec)
    unknown = set(spec) - _FILTER_KEYS.get(event.name, set())
    if unknown:
        raise Unevaluable(f"unknown filters {sorted(unknown)} for {event.name}")
    types = spec.get("types", _DEFAULT_TYPES.get(event.name))
    if types is not None and event.action not in types:
        return False
    if event.name in ("push", "pull_request"):
        return _ref_filters(spec, event) and _path_filters(spec, event)
    return True


# -- cron -------------------------------------------------------------------------------------
def _cron_field(text: str, low: int, high: int) -> set[int]:
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if body == "*":
            start, end = low, high
        elif re.fullmatch(r"\d+-\d+", body):
            start, end = map(int, body.split("-"))
        elif re.fullmatch(r"\d+", body):
            start = end = int(body)
            if step_text:
                end = high
        else:
            raise Unevaluable(f"unsupported cron field {text!r}")
        values |= set(range(start, end + 1, step))
    return values


def cron_firings(cron: str, day: dt.date) -> int:
    """How many times a 5-field cron fires on a calendar day (in its own time zone)."""
    fields = cron.split()
    if len(fields) != 5:
        raise Unevaluable(f"unsupported cron {cron!r}")
    minutes, hours = _cron_field(fields[0], 0, 59), _cron_field(fields[1], 0, 23)
    days, months = _cron_field(fields[2], 1, 31), _cron_field(fields[3], 1, 12)
    weekdays = {d % 7 for d in _cron_field(fields[4], 0, 7)}  # 0 and 7 are Sunday
    if day.month not in months:
        return 0
    by_day, by_weekday = day.day in days, day.isoweekday() % 7 in weekdays
    both = fields[2] != "*" and fields[4] != "*"  # cron: then either restriction matches
    fires = (by_day or by_weekday) if both else (by_day and by_weekday)
    return len(minutes) * len(hours) if fires else 0


# -- expressions: tokens ----------------------------------------------------------------------
_TOKEN = re.compile(
    r"""\s*(?:
    (?P<number>-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))
    |(?P<string>'(?:[^']|'')*')
    |(?P<op>&&|\|\||==|!=|<=|>=|<|>|!|\(|\)|\[|\]|\.\*|\.|,|\*)
    |(?P<name>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    found, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise Unevaluable(f"cannot read {text[pos:]!r} in {text!r}")
        kind = match.lastgroup
        assert kind is not None
        found.append((kind, match[kind]))
        pos = match.end()
    return found


class _Filtered(list[Any]):
    """The result of `.*`: property access maps over its elements."""


# -- expressions: values ----------------------------------------------------------------------
def _truthy(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return not (value == 0 or math.isnan(value))
    return value != ""


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            return float(int(text, 16)) if text.lower().startswith("0x") else float(text)
        except ValueError:
            return math.nan
    return math.nan  # arrays and objects


def as_string(value: Any) -> str:
    """A value as the runner writes it into a string (`${{ }}` in `env:` or a group name)."""
    return _string(value)


def _string(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return "Array" if isinstance(value, list) else "Object"
    return str(value)


def _equal(left: Any, right: Any) -> bool:
    """GitHub's loose equality: strings compare ignoring case, values of different types
    compare as numbers, objects and arrays only by identity."""
    if isinstance(left, dict | list) or isinstance(right, dict | list):
        return left is right
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if type(left) is type(right):
        return bool(left == right)
    return _number(left) == _number(right)


def _order(left: Any, right: Any) -> float:
    if isinstance(left, str) and isinstance(right, str):
        a, b = left.casefold(), right.casefold()
        return (a > b) - (a < b)
    a, b = _number(left), _number(right)
    if math.isnan(a) or math.isnan(b):
        return math.nan
    return (a > b) - (a < b)


def _contains(search: Any, item: Any) -> bool:
    if isinstance(search, list):
        return any(_equal(element, item) for element in search)
    return _string(item).casefold() in _string(search).casefold()


def _format(template: Any, *args: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        if match[0] in ("{{", "}}"):
            return match[0][0]
        index = int(match[1])
        if index >= len(args):
            raise Unevaluable(f"format(): no argument {index}")
        return _string(args[index])

    return re.sub(r"\{\{|\}\}|\{(\d+)\}", replace, _string(template))


def _from_json(text: Any) -> Any:
    try:
        return json.loads(_string(text))
    except json.JSONDecodeError as error:
        raise Unevaluable(f"fromJSON({text!r}): {error}") from error


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "contains": _contains,
    "startswith": lambda s, v: _string(s).casefold().startswith(_string(v).casefold()),
    "endswith": lambda s, v: _string(s).casefold().endswith(_string(v).casefold()),
    "format": _format,
    "join": lambda a, sep=",": _string(sep).join(map(_string, a)) if isinstance(a, list) else _string(a),
    "tojson": lambda v: json.dumps(v, indent=2),
    "fromjson": _from_json,
}
_STATUS = ("success", "always", "cancelled", "failure")


# -- expressions: parser ----------------------------------------------------------------------
@dataclass
class _Parser:
    tokens: list[tuple[str, str]]
    contexts: Mapping[str, Any]
    status: Mapping[str, bool]
    text: str
    pos: int = 0
    called_status: bool = False

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise Unevaluable(f"expected {value or 'more'} in {self.text!r}")
        self.pos += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        if self.peek() is not None:
            raise Unevaluable(f"unexpected {self.peek()} in {self.text!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.and_()
            value = value if _truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.compare()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.compare()
            value = right if _truthy(value) else value
        return value

    def compare(self) -> Any:
        value = self.unary()
        while (token := self.peek()) is not None and token[1] in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right, op = self.unary(), token[1]
            if op in ("==", "!="):
                value = _equal(value, right) == (op == "==")
            else:
                order = _order(value, right)
                value = (
                    not math.isnan(order)
                    and {
                        "<": order < 0,
                        "<=": order <= 0,
                        ">": order > 0,
                        ">=": order >= 0,
                    }[op]
                )
        return value

    def unary(self) -> Any:
        if self.peek() == ("op", "!"):
            self.take()
            return not _truthy(self.unary())
        return self.postfix(self.primary())

    def primary(self) -> Any:
        kind, value = self.take()
        if kind == "number":
            return _number(value)
        if kind == "string":
            return value[1:-1].replace("''", "'")
        if value == "(":
            inner = self.or_()
            self.take(")")
            return inner
        if kind != "name":
            raise Unevaluable(f"unexpected {value!r} in {self.text!r}")
        if value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        if self.peek() == ("op", "("):
            return self.call(value)
        if value not in self.contexts:
            raise Unevaluable(f"unknown context {value!r} in {self.text!r}")
        return self.contexts[value]

    def call(self, name: str) -> Any:
        self.take("(")
        args = []
        while self.peek() != ("op", ")"):
            args.append(self.or_())
            if self.peek() == ("op", ","):
                self.take()
        self.take(")")
        key = name.casefold()
        if key in _STATUS:
            if args:
                raise Unevaluable(f"{name}() takes no arguments")
            self.called_status = True
            return self.status[key]
        if key not in _FUNCTIONS:
            raise Unevaluable(f"unknown function {name}() in {self.text!r}")
        return _FUNCTIONS[key](*args)

    def postfix(self, value: Any) -> Any:
        while (token := self.peek()) is not None and token[1] in (".", ".*", "["):
            self.take()
            if token[1] == ".*":
                value = _Filtered(self.star(value))
            elif token[1] == ".":
                value = self.member(value, self.take()[1])
            else:
                index = self.or_()
                self.take("]")
                value = self.member(value, index)
        return value

    @staticmethod
    def star(value: Any) -> list[Any]:
        if isinstance(value, list):
            return list(value)
        if isinstance(value, dict):
            return list(value.values())
        return []

    def member(self, value: Any, key: Any) -> Any:
        if isinstance(value, _Filtered):
            return _Filtered(found for item in value if (found := self.member(item, key)) is not None)
        if isinstance(value, _Strict):
            return value.get(key, self.text)
        if isinstance(value, dict):
            wanted = _string(key).casefold()
            return next((v for k, v in value.items() if str(k).casefold() == wanted), None)
        if isinstance(value, list) and isinstance(key, int | float) and not isinstance(key, bool):
            index = int(key)
            return value[index] if 0 <= index < len(value) else None
        return None


class _Strict(dict[str, Any]):
    """A context whose keys are all known: a name it lacks is a gap in the model, not null."""

    def get(self, key: Any, text: Any = None) -> Any:  # type: ignore[override]
        wanted = _string(key).casefold()
        for name, value in self.items():
            if name.casefold() == wanted:
                return value
        raise Unevaluable(f"the model has no {key!r} in this context ({text!r})")


def strict(values: Mapping[str, Any]) -> dict[str, Any]:
    """Mark a context as complete: reading a key it lacks raises Unevaluable."""
    return _Strict(values)


_EXPRESSION = re.compile(r"^\s*\$\{\{(.*)\}\}\s*$", re.DOTALL)


def evaluate(
    expression: str, contexts: Mapping[str, Any], status: Mapping[str, bool] | None = None
) -> tuple[Any, bool]:
    """The value of an `if:`-style expression (with or without `${{ }}`), and whether it
    called a status function."""
    match = _EXPRESSION.match(expression)
    text = match[1] if match else expression
    if "${{" in text:
        raise Unevaluable(f"more than one ${{{{ }}}} in {expression!r}")
    statuses = status or {"success": True, "always": True, "cancelled": False, "failure": False}
    parser = _Parser(_tokens(text), contexts, statuses, text)
    value = parser.parse()
    return value, parser.called_status


# -- jobs -------------------------------------------------------------------------------------
Outputs = Mapping[str, Mapping[str, str]]  # job id -> the outputs it ends with when it runs


def _needs(job: Mapping[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def started_jobs(
    workflow: Mapping[Any, Any],
    event: Event,
    github: Mapping[str, Any],
    variables: Mapping[str, str],
    outputs: Outputs,
    inputs: Mapping[str, Any] | None = None,
) -> list[str]:
    """The ids of the jobs that start (and are billed) for the event, in dependency order.

    `github` is the github context without `event`/`event_name`/`ref` (taken from the event);
    `outputs` says what each job's outputs are when it runs: a needed job's output that is
    not listed is Unevaluable."""
    if not triggered(workflow, event):
        return []
    jobs: dict[str, Mapping[str, Any]] = workflow["jobs"]
    context = github_context(github, event)
    ran: dict[str, bool] = {}
    for job_id in _dependency_order(jobs):
        job = jobs[job_id]
        if "uses" in job:
            raise Unevaluable(f"job {job_id}: a reusable workflow is not modelled")
        matrix_size(job)  # fails on a matrix it cannot count
        needed = _needs(job)
        needs_context = {
            name: strict(
                {
                    "result": "success" if ran[name] else "skipped",
                    "outputs": strict(dict(outputs.get(name, {}))) if ran[name] else {},
                }
            )
            for name in needed
        }
        all_ran = all(ran[name] for name in needed)
        contexts = {
            "github": context,
            "vars": dict(variables),
            "inputs": dict(inputs or {}),
            "needs": strict(needs_context),
        }
        status = {"success": all_ran, "always": True, "cancelled": False, "failure": False}
        expression = job.get("if")
        if expression is None:
            ran[job_id] = all_ran
            continue
        value, called_status = evaluate(str(expression), contexts, status)
        ran[job_id] = _truthy(value) and (called_status or all_ran)
    return [job_id for job_id, started in ran.items() if started]


def matrix_size(job: Mapping[str, Any]) -> int:
    """How many jobs a started job becomes: the product of its matrix's lists, plus each
    `include` entry that extends no combination; 1 without a matrix."""
    strategy = job.get("strategy")
    if strategy is None:
        return 1
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    if not isinstance(matrix, dict) or set(matrix) & {"exclude"}:
        raise Unevaluable(f"unsupported strategy {strategy!r}")
    axes = {k: v for k, v in matrix.items() if k != "include"}
    if not all(isinstance(v, list) and v for v in axes.values()):
        raise Unevaluable(f"unsupported matrix {matrix!r}: only literal lists are counted")
    size = math.prod(len(v) for v in axes.values()) if axes else 0
    include = matrix.get("include", [])
    if not isinstance(include, list):
        raise Unevaluable(f"unsupported matrix include {include!r}")
    added = [e for e in include if any(k in axes and e[k] not in axes[k] for k in e) or not axes]
    return size + len(added)


def github_context(github: Mapping[str, Any], event: Event) -> dict[str, Any]:
    """The strict github context: the repository's part plus what the event sets."""
    return strict(
        {
            **github,
            "event_name": event.name,
            "event": event.payload,
            "ref": event.ref,
            "ref_name": event.ref.removeprefix("refs/heads/").removeprefix("refs/tags/"),
        }
    )


def truthy(value: Any) -> bool:
    """GitHub's truthiness: false, 0, -0, NaN, '' and null are falsy."""
    return _truthy(value)


def _dependency_order(jobs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    order: list[str] = []
    while len(order) < len(jobs):
        ready = [j for j in jobs if j not in order and all(n in order for n in _needs(jobs[j]))]
        if not ready:
            raise Unevaluable(f"unknown or circular needs: {sorted(set(jobs) - set(order))}")
        order += ready
    return order
