"""Four weeks of the real bot workflows, replayed day by day, for several kinds of learner.

The learner commits (or not) at their hour; the schedule runs daily.yml's one job every
evening (`daily`, `graduate`, and on Mondays `weekly`), at the hours and in the time zone
of the workflows' `cron` and `timezone:` keys; a push runs the jobs GitHub would start for
it (daily.yml's push job only when the repository variable ROADMAP_STREAK_ON_PUSH opts
in). Which jobs and steps run is decided by their `if:` (tests/testing/actions.py). Each
command is run as its workflow step writes it: the `run:` line expanded by bash with the step's
`env:`, whose `${{ }}` expressions are resolved here, the instant passed through `NOW`
(the repository variable `ROADMAP_NOW`), against the fake GitHub server whose clock shows
the same instant.

What a learner feels is counted like GitHub notifies: a new issue, a new comment, an
issue closed or reopened is a notification; an edited body or comment is silent
(issue #14: a learner who works after the 21:00 run used to get 20 notifications in four
weeks for two missed days a week).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bots.conftest import REPO, seed_bootstrapped
from llm_roadmap.ownership import bot_marker
from testing.actions import Event, cron_firings, evaluate, github_context, started_jobs, truthy
from testing.repo import REPO_ROOT, copy_repo, invoke

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from llm_roadmap.plan.desired import Desired
    from testing.fake_github import FakeGitHub
    from testing.fake_github.state import Issue

ACTIONS = "ghs_actions"
FIRST_DAY = dt.date(2027, 1, 4)  # the fixture config's start date, a Monday
DAYS = 28
COMMAND = "uv run --frozen --no-dev roadmap "


# -- the workflows, as written ---------------------------------------------------------------
BOT_WORKFLOWS = ("daily.yml", "weekly.yml", "graduation.yml")
GITHUB = {"repository": REPO, "repository_owner": REPO.split("/")[0], "actor": "octocat", "run_id": "1"}
MAIN = "refs/heads/main"


@functools.cache
def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((REPO_ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class Schedule:
    """One `on.schedule` entry of a bot workflow: the cron and the time zone it fires in."""

    workflow: str
    cron: str
    hour: int
    minute: int
    zone: ZoneInfo

    def at(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(self.hour, self.minute), tzinfo=self.zone)

    def event(self) -> Event:
        return Event("schedule", {"schedule": self.cron}, ref=MAIN, schedule=self.cron)


def schedules() -> list[Schedule]:
    found = []
    for name in BOT_WORKFLOWS:
        for entry in workflow(name)[True].get("schedule") or []:  # YAML 1.1 reads `on` as true
            minute, hour = entry["cron"].split()[:2]
            found.append(Schedule(name, entry["cron"], int(hour), int(minute), ZoneInfo(entry["timezone"])))
    return found


def push_event() -> Event:
    payload = {"before": "1" * 40, "after": "2" * 40, "repository": {"is_template": False}}
    return Event("push", payload, ref=MAIN, changed=("notes/today.md",))


@dataclass(frozen=True)
class Step:
    """One workflow step's command and the `env:` its shell gets."""

    run: str
    env: dict[str, str]


def steps_for(name: str, event: Event, variables: dict[str, str]) -> list[Step]:
    """The `run:` steps GitHub runs for the event: the started jobs' steps whose `if:` holds."""
    data = workflow(name)
    contexts = {"github": github_context(GITHUB, event), "vars": variables, "inputs": {}}
    found = []
    for job in started_jobs(data, event, GITHUB, variables, {}):
        for step in data["jobs"][job]["steps"]:
            if "run" in step and ("if" not in step or truthy(evaluate(step["if"], contexts)[0])):
                found.append(Step(step["run"], step["env"]))
    return found


def resolve(value: str, now: dt.datetime) -> str:
    """The `${{ }}` expressions of the bots' steps, as Actions evaluates them in this replay:
    no dispatch inputs, and the repository variable ROADMAP_NOW set to the replayed instant."""
    known = {
        "${{ github.token }}": ACTIONS,
        "${{ inputs.week }}": "",
        "${{ inputs.now || vars.ROADMAP_NOW }}": now.isoformat(),
    }
    assert value in known or "${{" not in value, f"the replay does not know {value!r}; teach resolve()"
    return known.get(value, value)


def argv(step: Step, env: dict[str, str]) -> list[str]:
    """The command's arguments after `roadmap`, as bash expands the step's `run:` line."""
    assert step.run.startswith(COMMAND), step.run
    script = f'printf "%s\\0" {step.run.removeprefix(COMMAND)}'
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split("\0")[:-1]


# -- the learner ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Learner:
    """When the learner commits: a local time on the days they work."""

    name: str
    works: Callable[[int, dt.date], dt.time | None]  # (day index from the start, date) -> time


EVENING, LATE = dt.time(20, 0), dt.time(22, 30)  # before and after the 21:00 run
TUESDAY, FRIDAY, SATURDAY, SUNDAY = 2, 5, 6, 7

LEARNERS = [
    Learner("on-track", lambda n, day: EVENING),
    Learner("two-missed-evening", lambda n, day: None if day.isoweekday() in (TUESDAY, FRIDAY) else EVENING),
    Learner("two-missed-late", lambda n, day: None if day.isoweekday() in (TUESDAY, FRIDAY) else LATE),
    Learner("weekend-off-late", lambda n, day: None if day.isoweekday() in (SATURDAY, SUNDAY) else LATE),
    Learner("two-week-stop", lambda n, day: None if 7 <= n < 21 else EVENING),
    Learner("every-third-day-late", lambda n, day: LATE if n % 3 == 0 else None),
]


# -- the replay -----------------------------------------------------------------------------
@dataclass
class Tally:
    """What the learner saw, counted as GitHub notifies."""

    notifications: Counter[str] = field(default_factory=Counter)  # by kind
    by_week: Counter[int] = field(default_factory=Counter)  # week of the replay (0-based) -> count
    edits: int = 0
    reminder_opened: list[dt.date] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.notifications.values())


@dataclass
class Replay:
    gh: FakeGitHub
    root: Path
    tally: Tally = field(default_factory=Tally)

    def issues(self) -> list[Issue]:
        repo = self.gh.state.repo(*REPO.split("/"))
        assert repo is not None
        return list(repo.issues)

    def run(self, step: Step, event: str, now: dt.datetime) -> None:
        self.gh.set_time(now)  # GitHub stamps closed_at and created_at with the replayed instant
        env = {name: resolve(value, now) for name, value in step.env.items()}
        before = {i.number: (i.state, len(i.comments)) for i in self.issues()}
        writes = len(self.gh.writes)
        result = invoke(
            self.root,
            *argv(step, env),
            env={
                **env,
                "GITHUB_API_URL": self.gh.api_url,
                "GITHUB_REPOSITORY": REPO,
                "GITHUB_EVENT_NAME": event,
                "GITHUB_STEP_SUMMARY": str(self.root / "summary.md"),
                "ROADMAP_WRITE_INTERVAL": "0",
            },
        )
        assert result.exit_code == 0, result.output
        self.count(before, self.gh.writes[writes:], now)

    def count(self, before: dict[int, tuple[str, int]], writes: list[Any], now: dt.datetime) -> None:
        week = (now.date() - FIRST_DAY).days // 7
        for it in self.issues():
            kinds = notifications(before.get(it.number), it)
            if is_reminder(it) and ("new issue" in kinds or "reopened" in kinds):
                self.tally.reminder_opened.append(now.date())
            self.tally.notifications.update(kinds)
            self.tally.by_week[week] += len(kinds)
        edits = [w for w in writes if w.operation in ("issues/update", "issues/update-comment")]
        self.tally.edits += sum(1 for w in edits if "state" not in (w.json or {}))


def notifications(before: tuple[str, int] | None, it: Issue) -> list[str]:
    """What GitHub notifies for one issue between two snapshots: opened, commented, closed or reopened."""
    if before is None:
        return ["new issue"] + ["new comment"] * len(it.comments)
    state, comments = before
    kinds = ["new comment"] * (len(it.comments) - comments)
    if state != it.state:
        kinds.append("reopened" if it.state == "open" else "closed")
    return kinds


def is_reminder(it: Issue) -> bool:
    return bot_marker("streak-reminder") in (it.body or "")


Moment = tuple[dt.datetime, str, Schedule | None]  # when, "commit" / "push" / "schedule", which


def instants(learner: Learner, crons: list[Schedule]) -> Iterator[Moment]:
    """Every moment of the replay in order: commits (a push follows a minute later) and the
    schedules that fire, for four weeks and the Monday after them, whose scheduled run
    writes the fourth week's summary."""
    zone = crons[0].zone
    for n in range(DAYS + 1):
        day = FIRST_DAY + dt.timedelta(days=n)
        moments: list[Moment] = [
            (s.at(day), "schedule", s) for s in crons for _ in range(cron_firings(s.cron, day))
        ]
        if (hour := learner.works(n, day)) is not None:
            commit = dt.datetime.combine(day, hour, tzinfo=zone)
            moments += [(commit, "commit", None), (commit + dt.timedelta(minutes=1), "push", None)]
        yield from sorted(moments, key=lambda m: m[0])


def replay(gh: FakeGitHub, root: Path, learner: Learner, variables: dict[str, str]) -> Replay:
    crons = schedules()
    for n in range(DAYS + 1):  # one scheduled job a day (issue #12)
        day = FIRST_DAY + dt.timedelta(days=n)
        assert sum(cron_firings(s.cron, day) for s in crons) == 1, day
    session = Replay(gh, root)
    for now, kind, schedule in instants(learner, crons):
        if kind == "commit":
            gh.add_commit(REPO, author_login="octocat", date=now.isoformat())
            continue
        event, names = (
            (push_event(), BOT_WORKFLOWS) if schedule is None else (schedule.event(), (schedule.workflow,))
        )
        for name in names:
            for step in steps_for(name, event, variables):
                session.run(step, event.name, now)
    return session


@pytest.fixture
def gh(fake_github: FakeGitHub, desired: Desired) -> FakeGitHub:
    fake_github.add_repo(REPO)
    fake_github.add_actions_token(ACTIONS, REPO)
    seed_bootstrapped(fake_github, desired)
    return fake_github


# learner -> (notifications in four weeks and the Monday after, reminder openings), with
# daily.yml as shipped: no push job (the repository variable ROADMAP_STREAK_ON_PUSH unset),
# so a reminder closes at the next 21:00 run. Issue #14 measured 4, 4, 20 and 5 for the
# first, second, third and fifth before the reminder waited for a stall.
EXPECTED = {
    "on-track": (4, 0),
    "two-missed-evening": (4, 0),
    "two-missed-late": (4, 0),  # was opened at 21:00 and closed at 22:31 after every missed day
    # Two days in a row are a stall: opened on Monday at 21:00, closed at Tuesday's run, so
    # the next Monday is within the 7 quiet days after it closed: every other week.
    "weekend-off-late": (8, 2),
    "two-week-stop": (6, 1),  # opened once, edited daily, closed once on return
    "every-third-day-late": (10, 3),  # would open every third day without the quiet week
}
# With the push job opted in, the reminder closes a minute after the late push (22:31) and
# the quiet week ends before the next Monday: one opening every Monday, still at most 3
# notifications a week. The other learners' figures do not change.
EXPECTED_PUSH_ON = {"two-missed-late": (4, 0), "weekend-off-late": (12, 4)}
PUSH_ON = {"ROADMAP_STREAK_ON_PUSH": "true"}
CASES = [pytest.param(learner, {}, EXPECTED[learner.name], id=learner.name) for learner in LEARNERS] + [
    pytest.param(learner, PUSH_ON, EXPECTED_PUSH_ON[learner.name], id=f"{learner.name}-push-on")
    for learner in LEARNERS
    if learner.name in EXPECTED_PUSH_ON
]


@pytest.mark.parametrize(("learner", "variables", "expected"), CASES)
def test_four_weeks_of_notifications(
    gh: FakeGitHub, tmp_path: Path, learner: Learner, variables: dict[str, str], expected: tuple[int, int]
) -> None:
    session = replay(gh, copy_repo(tmp_path / "repo"), learner, variables)
    tally = session.tally
    assert (tally.total, len(tally.reminder_opened)) == expected, tally
    assert max(tally.by_week.values()) <= 3, tally
    assert tally.edits > 0  # the dashboard carries the day-to-day news, silently
    # At most one reminder opening in any seven days, and never a second reminder issue.
    assert all((b - a).days >= 7 for a, b in itertools.pairwise(tally.reminder_opened)), tally
    reminders = [i for i in session.issues() if is_reminder(i)]
    assert len(reminders) == min(1, len(tally.reminder_opened))
    assert all(r.state == "closed" for r in reminders)  # every learner is back by the end
    assert tally.notifications["closed"] == len(tally.reminder_opened)  # closed once per opening
    # One summary comment per week, and no other comment.
    assert tally.notifications["new comment"] == 4
    [dashboard] = [i for i in session.issues() if i.comments]
    assert [c.body.split("\n", 1)[0] for c in dashboard.comments] == [
        bot_marker(f"weekly:2027-W0{n}") for n in (1, 2, 3, 4)
    ]
