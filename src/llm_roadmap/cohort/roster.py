"""The cohort file: which learners' repositories a mentor follows (docs/cohort.md).

```yaml
learners:
  - alice/llm-year            # the learner is the repository's owner
  - repo: acme/bob-llm-year   # an organisation's repository: say who the learner is
    learner: bob
```

Read with `model.yamlsource.read_yaml` (positions, no aliases, bounded size); every
problem is reported at once as `path:line:col`, and nothing is read from GitHub first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from llm_roadmap.errors import InvalidInput, Problem, UsageError
from llm_roadmap.model.limits import is_repo_name
from llm_roadmap.model.yamlsource import YamlProblems, read_yaml, shorten

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.model.yamlsource import Located

# A cohort file is typed by a person; a larger list comes from a search (`--search`).
MAX_LEARNERS = 10_000
_LOGIN_HINT = "write the learner's GitHub login, e.g. learner: octocat"
_REPO_HINT = "write the repository as owner/name, e.g. - octocat/llm-year"


@dataclass(frozen=True, order=True)
class Learner:
    """One learner's repository; `login` is whose issues and commits count."""

    repo: str
    login: str

    @classmethod
    def of(cls, repo: str, login: str | None = None) -> Learner:
        return cls(repo, login or repo.partition("/")[0])


def load_roster(path: Path, shown: Path | None = None) -> list[Learner]:
    """The learners listed in `path`, in file order; `InvalidInput` on any problem."""
    try:
        located = read_yaml(path, shown)
    except YamlProblems as exc:
        raise InvalidInput(exc.problems) from None
    learners, problems = _learners(located)
    if problems:
        raise InvalidInput(problems)
    return learners


def _learners(located: Located) -> tuple[list[Learner], list[Problem]]:
    data = located.data
    if not isinstance(data, dict) or "learners" not in data:
        return [], [located.problem((), "the cohort file has no `learners:` list", _REPO_HINT)]
    problems = [
        located.problem(
            (key,), f"unknown key {shorten(str(key))!r}", "the only key is `learners:`", prefer_key=True
        )
        for key in data
        if key != "learners"
    ]
    entries = data["learners"]
    if not isinstance(entries, list) or not entries:
        problems.append(located.problem(("learners",), "`learners:` must be a non-empty list", _REPO_HINT))
        return [], problems
    if len(entries) > MAX_LEARNERS:
        hint = "split the cohort, or find the repositories with --search"
        problems.append(located.problem(("learners",), f"more than {MAX_LEARNERS:,} learners", hint))
        return [], problems
    learners: list[Learner] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        learner = _entry(located, index, entry, problems)
        if learner is None:
            continue
        if learner.repo.casefold() in seen:
            problems.append(
                located.problem(("learners", index), f"{learner.repo} is listed twice", "remove one of them")
            )
            continue
        seen.add(learner.repo.casefold())
        learners.append(learner)
    return learners, problems


def _entry(located: Located, index: int, entry: Any, problems: list[Problem]) -> Learner | None:
    loc: tuple[str | int, ...] = ("learners", index)
    if isinstance(entry, str):
        return _repo(located, loc, entry, None, problems)
    if not isinstance(entry, dict):
        problems.append(located.problem(loc, "a learner is owner/name or {repo:, learner:}", _REPO_HINT))
        return None
    unknown = [k for k in entry if k not in ("repo", "learner")]
    for key in unknown:
        hint = "a learner has `repo:` and optionally `learner:`"
        problems.append(
            located.problem((*loc, key), f"unknown key {shorten(str(key))!r}", hint, prefer_key=True)
        )
    login = entry.get("learner")
    if login is not None and not (isinstance(login, str) and is_repo_name(f"{login}/x")):
        problems.append(
            located.problem((*loc, "learner"), f"not a GitHub login: {shorten(str(login))!r}", _LOGIN_HINT)
        )
        return None
    repo = entry.get("repo")
    if not isinstance(repo, str):
        problems.append(located.problem(loc, "`repo:` is missing", _REPO_HINT))
        return None
    return None if unknown else _repo(located, (*loc, "repo"), repo, login, problems)


def _repo(
    located: Located, loc: tuple[str | int, ...], repo: str, login: str | None, problems: list[Problem]
) -> Learner | None:
    if not is_repo_name(repo):
        problems.append(located.problem(loc, f"not a repository name: {shorten(repo)!r}", _REPO_HINT))
        return None
    return Learner.of(repo, login)


# -- shards: one slice of the cohort per GitHub Actions matrix job ------------------------
@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count` (1-based, as a matrix writes it: `--shard 2/8`)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        index, slash, count = text.partition("/")
        if slash and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count) <= 256:
            return cls(int(index), int(count))
        raise UsageError(
            f"invalid --shard {text!r}\n  hint: write i/n with 1 <= i <= n <= 256, e.g. --shard 2/8"
        )

    def take(self, learners: list[Learner]) -> list[Learner]:
        """This shard's learners: every n-th of the sorted list, so shards stay even and stable."""
        return sorted(learners)[self.index - 1 :: self.count]

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
