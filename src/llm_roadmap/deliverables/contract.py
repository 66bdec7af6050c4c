"""The validation contract of a deliverable, declared as data in `projects/<folder>/check.yaml`.

A contract names its deliverable and lists checks; each check has a `kind` that selects
its runner (`llm_roadmap.deliverables.checks.<kind>`) and the fields that kind reads.
Each check is validated against its own kind's model, so an error points at the exact
line and column of the offending key, as everywhere else in the roadmap files.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field, StringConstraints

from llm_roadmap.errors import InvalidInput, Problem
from llm_roadmap.model.schema import Frozen, Id, NonEmpty, Text
from llm_roadmap.model.validation import validate
from llm_roadmap.model.yamlsource import Located, YamlProblems, read_yaml

if TYPE_CHECKING:
    from pathlib import Path

CONTRACT_FILE = "check.yaml"
Seconds = Annotated[int, Field(ge=1, le=6 * 3600)]
Command = Annotated[tuple[NonEmpty, ...], Field(min_length=1)]
ModelRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")]
UrlPath = Annotated[str, StringConstraints(pattern=r"^/")]


class LlmExpect(Frozen):
    """What the fake model must have seen while the learner's program ran."""

    min_requests: Annotated[int, Field(ge=0)] = 1
    max_requests: Annotated[int, Field(ge=1)] | None = None
    system_prompt: bool = False
    history: bool = False
    prompt_contains: tuple[NonEmpty, ...] = ()
    # Where the `prompt_contains` texts come from, for the message when they are missing:
    # the program's input (a document to summarise) or what its retrieval found (RAG).
    prompt_source: Literal["input", "retrieved"] = "input"
    embeddings: bool = False
    tool_round_trip: bool = False
    structured_output: bool = False


class CheckBase(Frozen):
    """Fields every check has. `needs` lists checks that must pass before this one runs."""

    default_timeout: ClassVar[int] = 60

    id: Id
    title: Text
    needs: tuple[Id, ...] = ()
    timeout: Seconds | None = None
    hint: Text | None = None

    @property
    def seconds(self) -> int:
        return self.timeout or self.default_timeout


class FilesCheck(CheckBase):
    """The listed paths (glob patterns allowed) exist in the deliverable's folder."""

    default_timeout: ClassVar[int] = 5
    kind: Literal["files"]
    paths: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]


class ParseCheck(CheckBase):
    """Python, JSON, TOML and YAML files parse (Python with the learner's interpreter)."""

    default_timeout: ClassVar[int] = 30
    kind: Literal["parse"]
    paths: tuple[NonEmpty, ...] = ("**/*.py", "**/*.json", "**/*.toml", "**/*.yaml", "**/*.yml")


class SecretsCheck(CheckBase):
    """No API key or token written into the files, and no `.env` committed."""

    default_timeout: ClassVar[int] = 30
    kind: Literal["secrets"]


class ImportsCheck(CheckBase):
    """A file imports one of the listed modules (the deliverable must use LangChain, say)."""

    default_timeout: ClassVar[int] = 5
    kind: Literal["imports"]
    path: NonEmpty
    any_of: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]


class RuffCheck(CheckBase):
    default_timeout: ClassVar[int] = 60
    kind: Literal["ruff"]
    paths: tuple[NonEmpty, ...] = (".",)


class PytestCheck(CheckBase):
    """The learner's own tests pass, with the fake LLM server standing in for the API."""

    default_timeout: ClassVar[int] = 180
    kind: Literal["pytest"]
    paths: tuple[NonEmpty, ...] = ("tests",)
    min_tests: Annotated[int, Field(ge=1)] = 1


class RunCheck(CheckBase):
    """Run a command against the fake LLM server and judge its output and its API calls."""

    default_timeout: ClassVar[int] = 60
    kind: Literal["run"]
    command: Command
    stdin: str = ""
    exit_code: int = 0
    stdout_replies: Literal["all", "last", "none"] = "last"
    stdout_contains: tuple[NonEmpty, ...] = ()
    stdout_json_model: ModelRef | None = None
    min_model_fields: Annotated[int, Field(ge=1)] = 1
    llm: LlmExpect = LlmExpect()


class HttpStep(Frozen):
    method: Literal["GET", "POST"]
    path: UrlPath
    body: dict[str, Any] | None = None
    status: Annotated[int, Field(ge=100, le=599)] = 200
    reply_in_body: bool = False
    json_keys: tuple[NonEmpty, ...] = ()


class HttpCheck(CheckBase):
    """Start a web server on loopback (`{port}` in the command) and send it requests."""

    default_timeout: ClassVar[int] = 60
    kind: Literal["http"]
    command: Command
    ready_path: UrlPath = "/health"
    steps: Annotated[tuple[HttpStep, ...], Field(min_length=1)]
    llm: LlmExpect = LlmExpect()


class DockerfileCheck(CheckBase):
    """Static rules for a Dockerfile; the build itself is the `docker-build` kind."""

    default_timeout: ClassVar[int] = 5
    kind: Literal["dockerfile"]
    path: NonEmpty = "Dockerfile"
    require_expose: bool = True
    require_non_root: bool = False
    require_healthcheck: bool = False


class DockerBuildCheck(CheckBase):
    """`docker build`, run where a Docker engine exists (`roadmap check --docker`)."""

    default_timeout: ClassVar[int] = 1200
    kind: Literal["docker-build"]
    context: NonEmpty = "."
    file: NonEmpty = "Dockerfile"


class ReportTableCheck(CheckBase):
    """A Markdown report holds a numeric metrics table comparing a baseline and an improvement."""

    default_timeout: ClassVar[int] = 5
    kind: Literal["report-table"]
    path: NonEmpty = "report.md"
    baseline: Annotated[tuple[NonEmpty, ...], Field(min_length=1)] = ("baseline", "ベースライン")
    improved: Annotated[tuple[NonEmpty, ...], Field(min_length=1)] = ("improved", "改善")
    min_metrics: Annotated[int, Field(ge=1)] = 1


class DatasetCheck(CheckBase):
    """A JSON Lines training set: every row an object with non-empty text in `fields`."""

    default_timeout: ClassVar[int] = 10
    kind: Literal["dataset"]
    path: NonEmpty
    fields: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]
    min_rows: Annotated[int, Field(ge=1)] = 10


class FinetuneCheck(CheckBase):
    """Train (a CPU smoke run, or the real run with `--gpu`) and check the adapter and metrics."""

    default_timeout: ClassVar[int] = 600
    kind: Literal["finetune"]
    cpu_command: Command
    gpu_command: Command
    output_dir: NonEmpty = "outputs"
    metrics: Annotated[tuple[NonEmpty, ...], Field(min_length=1)] = ("train_loss",)
    requires: tuple[NonEmpty, ...] = ("torch", "transformers", "peft")
    gpu_timeout: Seconds = 3 * 3600


Check = (
    FilesCheck
    | ParseCheck
    | SecretsCheck
    | ImportsCheck
    | RuffCheck
    | PytestCheck
    | RunCheck
    | HttpCheck
    | DockerfileCheck
    | DockerBuildCheck
    | ReportTableCheck
    | DatasetCheck
    | FinetuneCheck
)
KINDS: dict[str, type[CheckBase]] = {
    "files": FilesCheck,
    "parse": ParseCheck,
    "secrets": SecretsCheck,
    "imports": ImportsCheck,
    "ruff": RuffCheck,
    "pytest": PytestCheck,
    "run": RunCheck,
    "http": HttpCheck,
    "dockerfile": DockerfileCheck,
    "docker-build": DockerBuildCheck,
    "report-table": ReportTableCheck,
    "dataset": DatasetCheck,
    "finetune": FinetuneCheck,
}


class ContractFile(Frozen):
    """The top level of check.yaml; `checks` are validated one by one, by kind."""

    deliverable: Id
    start_files: tuple[NonEmpty, ...] = ()
    requirements: NonEmpty | None = "requirements.txt"
    checks: Annotated[tuple[dict[str, Any], ...], Field(min_length=1)]


@dataclass(frozen=True)
class Contract:
    """A validated contract and where it lives.

    `start_files`: until one of these exists, the deliverable counts as not started and
    its checks are skipped rather than failed, so untouched kits do not turn CI red.
    """

    path: Path
    deliverable: str
    checks: tuple[Check, ...]
    start_files: tuple[str, ...] = ()
    requirements: str | None = "requirements.txt"

    @property
    def folder(self) -> Path:
        return self.path.parent


def load_contract(
    path: Path, *, known_ids: frozenset[str] | None = None, display: Path | None = None
) -> Contract:
    """Read and validate one check.yaml; raise `InvalidInput` with every problem in it.

    Problems name the file as `display` (the path relative to the repository root, as the
    learner knows it) when given.
    """
    try:
        return _load_contract(path, known_ids)
    except InvalidInput as exc:
        if display is None:
            raise
        raise InvalidInput([dataclasses.replace(p, path=display) for p in exc.problems]) from None


def _load_contract(path: Path, known_ids: frozenset[str] | None) -> Contract:
    try:
        located = read_yaml(path)
        head = validate(located, ContractFile)
    except YamlProblems as exc:
        raise InvalidInput(exc.problems) from None
    problems: list[Problem] = []
    checks = [
        check
        for index, raw in enumerate(head.checks)
        if (check := _check(located, index, raw, problems)) is not None
    ]
    problems += _cross_checks(located, head, known_ids)
    if problems:
        raise InvalidInput(problems)
    return Contract(
        path=path,
        deliverable=head.deliverable,
        checks=tuple(checks),  # type: ignore[arg-type]  # every KINDS model is in Check
        start_files=head.start_files,
        requirements=head.requirements,
    )


def load_contracts(
    paths: list[Path], *, known_ids: frozenset[str] | None = None, root: Path | None = None
) -> list[Contract]:
    """Load several contracts, reporting the problems of all of them at once."""
    contracts, problems = [], []
    for path in paths:
        display = _relative(path, root) if root is not None else None
        try:
            contracts.append(load_contract(path, known_ids=known_ids, display=display))
        except InvalidInput as exc:
            problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    return contracts


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def _check(located: Located, index: int, raw: dict[str, Any], problems: list[Problem]) -> CheckBase | None:
    loc = ("checks", index)
    kind = raw.get("kind")
    if kind not in KINDS:
        problems.append(_unknown_kind(located, loc, kind))
        return None
    try:
        return validate(_sub(located, loc), KINDS[str(kind)])
    except YamlProblems as exc:
        problems += exc.problems
        return None


def _unknown_kind(located: Located, loc: tuple[int | str, ...], kind: Any) -> Problem:
    allowed = ", ".join(KINDS)
    if kind is None:
        return located.problem(loc, "missing required key 'kind'", f"add one of: {allowed}")
    close = difflib.get_close_matches(str(kind), list(KINDS), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return located.problem((*loc, "kind"), f"unknown check kind {kind!r}", f"{hint}Kinds: {allowed}")


def _sub(located: Located, prefix: tuple[int | str, ...]) -> Located:
    """The part of a document under `prefix`, with its positions, as a document of its own."""
    size = len(prefix)
    data: Any = located.data
    for part in prefix:
        data = data[part]
    return Located(
        path=located.path,
        data=data,
        values={loc[size:]: pos for loc, pos in located.values.items() if loc[:size] == prefix},
        keys={loc[size:]: pos for loc, pos in located.keys.items() if loc[:size] == prefix},
    )


def _cross_checks(located: Located, head: ContractFile, known_ids: frozenset[str] | None) -> list[Problem]:
    problems = []
    if known_ids is not None and head.deliverable not in known_ids:
        close = difflib.get_close_matches(head.deliverable, sorted(known_ids), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "use a deliverable id from roadmap/phases/*.yaml"
        problems.append(
            located.problem(("deliverable",), f"unknown deliverable id {head.deliverable!r}", hint)
        )
    seen: set[str] = set()
    for index, raw in enumerate(head.checks):
        check_id = raw.get("id")
        if check_id in seen:
            problems.append(
                located.problem(
                    ("checks", index, "id"),
                    f"duplicate check id {check_id!r}",
                    "give every check of a deliverable its own id",
                )
            )
        for n, needed in enumerate(raw.get("needs") or []):
            if needed not in seen:
                problems.append(
                    located.problem(
                        ("checks", index, "needs", n),
                        f"check {check_id!r} needs {needed!r}, which is not an earlier check",
                        "list only ids of checks declared above this one",
                    )
                )
        if isinstance(check_id, str):
            seen.add(check_id)
    return problems
