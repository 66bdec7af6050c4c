"""The streak from synthetic commit histories, across time zones and day boundaries."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap.bots.streak import compute_streak, history_since, is_bot, is_learners
from llm_roadmap.snapshot import Commit

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14, the earliest day on Earth
LEARNER = "octocat"


def at(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value


def commits(*stamps: str, login: str | None = LEARNER, **extra: str) -> list[Commit]:
    return [Commit(f"sha{i}-{stamp}", at(stamp), login, **extra) for i, stamp in enumerate(stamps)]


def streak(history: list[Commit], zone: ZoneInfo, now: str, start: str = "2027-01-01"):
    return compute_streak(history, zone, at(now), start=dt.date.fromisoformat(start), learner=LEARNER)


@pytest.mark.parametrize(
    ("stamps", "now", "current", "status", "missed"),
    [
        # 23:59 and 00:00 in Tokyo are different days, though 1 minute apart (14:59Z/15:00Z).
        (
            ["2027-01-10T14:59:00+00:00", "2027-01-10T15:00:00+00:00"],
            "2027-01-11T21:00:00+09:00",
            2,
            "done",
            0,
        ),
        # Today has no commit yet: the streak through yesterday is alive, today is pending.
        (
            ["2027-01-09T10:00:00+09:00", "2027-01-10T10:00:00+09:00"],
            "2027-01-11T23:59:00+09:00",
            2,
            "pending",
            0,
        ),
        # One minute after midnight the pending day is over: yesterday was missed.
        (
            ["2027-01-09T10:00:00+09:00", "2027-01-10T10:00:00+09:00"],
            "2027-01-12T00:01:00+09:00",
            0,
            "pending",
            1,
        ),
        # Three missed days.
        (["2027-01-05T10:00:00+09:00"], "2027-01-09T09:00:00+09:00", 0, "pending", 3),
        # The same instant is still the 10th in UTC but already the 11th in Tokyo.
        (["2027-01-10T16:00:00+00:00"], "2027-01-11T08:00:00+09:00", 1, "done", 0),
    ],
)
def test_tokyo_day_boundaries(stamps: list[str], now: str, current: int, status: str, missed: int) -> None:
    result = streak(commits(*stamps), TOKYO, now)
    assert (result.current, result.today_status, result.missed_days) == (current, status, missed)
    assert result.is_broken is (missed > 0)


def test_new_york_across_the_spring_dst_switch() -> None:
    # 2027-03-14: clocks jump from 02:00 EST to 03:00 EDT; the day is 23 hours long.
    history = commits(
        "2027-03-13T23:30:00-05:00",  # Saturday night, EST
        "2027-03-14T03:30:00-04:00",  # Sunday, just after the switch, EDT
        "2027-03-15T00:15:00-04:00",  # Monday just after midnight, EDT (04:15Z)
    )
    result = streak(history, NEW_YORK, "2027-03-15T20:00:00-04:00")
    assert sorted(result.active_days) == [dt.date(2027, 3, 13), dt.date(2027, 3, 14), dt.date(2027, 3, 15)]
    assert (result.current, result.today_status) == (3, "done")


def test_new_york_across_the_autumn_dst_switch() -> None:
    # 2027-11-07: 01:00-02:00 happens twice; 05:30Z and 06:30Z are both 01:30 local, one day.
    history = commits("2027-11-07T05:30:00+00:00", "2027-11-07T06:30:00+00:00", "2027-11-08T04:59:00+00:00")
    result = streak(history, NEW_YORK, "2027-11-08T12:00:00-05:00")
    # 04:59Z on the 8th is 23:59 EST on the 7th: still Sunday.
    assert sorted(result.active_days) == [dt.date(2027, 11, 7)]
    assert (result.current, result.today_status, result.missed_days) == (1, "pending", 0)


def test_kiritimati_is_a_day_ahead_of_utc() -> None:
    # 10:30Z on Jan 10 is 00:30 on Jan 11 at UTC+14; 09:59Z is still 23:59 on Jan 10.
    history = commits("2027-01-10T09:59:00+00:00", "2027-01-10T10:30:00+00:00")
    result = streak(history, KIRITIMATI, "2027-01-10T11:00:00+00:00")
    assert result.today == dt.date(2027, 1, 11)
    assert sorted(result.active_days) == [dt.date(2027, 1, 10), dt.date(2027, 1, 11)]
    assert (result.current, result.today_status) == (2, "done")
    # The same commits seen from Tokyo (UTC+9) fall on one day.
    assert len(streak(history, TOKYO, "2027-01-10T11:00:00+00:00").active_days) == 1


def test_bots_and_other_people_do_not_count() -> None:
    history = [
        *commits("2027-01-10T10:00:00+09:00", login="github-actions[bot]", author_type="Bot"),
        *commits("2027-01-10T11:00:00+09:00", login="dependabot[bot]"),
        *commits(
            "2027-01-10T12:00:00+09:00",
            login=None,
            author_email="41898282+github-actions[bot]@users.noreply.github.com",
        ),
        *commits("2027-01-10T13:00:00+09:00", login="someone-else"),
    ]
    result = streak(history, TOKYO, "2027-01-10T21:00:00+09:00")
    assert result.active_days == frozenset()
    assert result.today_status == "pending"


def test_an_unlinked_email_counts_as_the_learners() -> None:
    history = commits("2027-01-10T10:00:00+09:00", login=None, author_email="me@laptop.local")
    assert streak(history, TOKYO, "2027-01-10T21:00:00+09:00").current == 1


def test_everyone_counts_without_a_known_learner() -> None:
    commit = Commit("a", at("2027-01-10T10:00:00+09:00"), "teammate", "User")
    assert is_learners(commit, None)
    assert not is_learners(commit, LEARNER)
    assert is_bot(Commit("b", commit.authored_at, "renovate[bot]"))


def test_future_commits_and_days_before_the_start_are_ignored() -> None:
    history = commits("2026-12-31T10:00:00+09:00", "2027-01-01T10:00:00+09:00", "2027-01-05T10:00:00+09:00")
    result = streak(history, TOKYO, "2027-01-02T09:00:00+09:00")
    assert sorted(result.active_days) == [dt.date(2027, 1, 1)]
    assert result.current == 1


def test_before_the_start_date_nothing_is_broken() -> None:
    result = streak([], TOKYO, "2026-12-20T09:00:00+09:00", start="2027-01-04")
    assert (result.today_status, result.current, result.is_broken) == ("not-started", 0, False)


def test_the_first_day_is_not_missed_yet() -> None:
    result = streak([], TOKYO, "2027-01-04T22:00:00+09:00", start="2027-01-04")
    assert (result.today_status, result.is_broken) == ("pending", False)
    assert streak([], TOKYO, "2027-01-05T08:00:00+09:00", start="2027-01-04").missed_days == 1


def test_longest_and_active_days_in_a_window() -> None:
    days = [f"2027-01-{d:02d}T12:00:00+09:00" for d in (1, 2, 3, 4, 6, 7, 9)]
    result = streak(commits(*days), TOKYO, "2027-01-09T22:00:00+09:00")
    assert (result.current, result.longest) == (1, 4)
    assert result.active_between(dt.date(2027, 1, 4), dt.date(2027, 1, 10)) == 4


def test_history_is_read_from_the_start_date_or_at_most_n_days_back() -> None:
    now = at("2027-06-01T21:00:00+09:00")
    assert history_since(dt.date(2027, 1, 4), TOKYO, now, 400) == at("2027-01-03T15:00:00+00:00")
    assert history_since(dt.date(2027, 1, 4), TOKYO, now, 30) == at("2027-05-01T15:00:00+00:00")
