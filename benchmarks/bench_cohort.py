"""What `roadmap cohort` costs for 1,000 learners: queries, points, time (docs/cohort.md).

Seeds 1,000 learner repositories on the fake GitHub server of the tests (real HTTP on
loopback, GraphQL validated against GitHub's schema and scored by GitHub's published
formula, tests/testing/fake_github/graphql_cost.py), then runs the real command:

1. one run over the whole cohort at each batch size (25, 50, 100 repositories a query);
2. the same cohort as a 4-job matrix (`--shard i/4 --save`), then `roadmap cohort merge`.

For each it prints GraphQL queries, points (summed from the server's `rateLimit.cost`),
points per 100 learners, the share of one token's hourly budget (from `rateLimit.limit`:
5,000 for a user token), and the wall time on the fake server. The fake answers in
milliseconds; on GitHub a query of this size takes seconds, so the projected time uses an
assumed latency (`--latency`, default 3 s a query, plus the 1 s pause a real run makes
between queries), stated as an assumption. Sharding
divides wall time by the number of jobs; it does not divide the points: every job spends
the same token's budget. Not a test; numbers for docs.

    uv run python benchmarks/bench_cohort.py
    uv run python benchmarks/bench_cohort.py --learners 2000 --latency 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from testing.cohort import LearnerSpec, cohort_file, seed_learner  # noqa: E402
from testing.fake_github import FakeGitHub  # noqa: E402
from testing.repo import copy_repo, invoke, write  # noqa: E402

TOKEN = "github_pat_benchmark"  # noqa: S105  # the fake server's, not a secret
NOW = "2027-03-01T09:00:00+09:00"
TODAY = dt.date(2027, 3, 1)
# A real run pauses 1 s between queries (PyGithub paces every POST); the fake runs without
# it (ROADMAP_WRITE_INTERVAL=0) and the projection adds it back.
PAUSE = 1.0


@dataclass(frozen=True)
class Run:
    name: str
    queries: int
    points: int
    limit: int
    wall: float


def seed(gh: FakeGitHub, count: int) -> list[str]:
    rng = random.Random(13)  # noqa: S311 - made-up progress, not a secret
    gh.add_user("mentor", token=TOKEN, scopes=None)
    gh.add_repo("mentor/cohort")
    repos = []
    for n in range(count):
        days = tuple(TODAY - dt.timedelta(days=d) for d in range(1, 60) if rng.random() < 0.6)
        spec = LearnerSpec(
            f"learner{n:04d}/llm-year", done=rng.randrange(0, 20), commit_days=days, passed=rng.randrange(3)
        )
        seed_learner(gh, spec).permissions["mentor"] = "pull"
        repos.append(spec.repo)
    return repos


def measure(gh: FakeGitHub, name: str, runs: list[tuple[Path, list[str]]]) -> Run:
    before = len(gh.requests)
    started = time.perf_counter()
    for root, args in runs:
        env = {"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": gh.api_url, "ROADMAP_WRITE_INTERVAL": "0"}
        result = invoke(root, *args, env=env)
        if result.exit_code != 0:
            raise SystemExit(f"{name}: exit {result.exit_code}\n{result.output}")
    wall = time.perf_counter() - started
    graphql = [r for r in gh.requests[before:] if r.operation == "graphql"]
    if gh.violations:
        raise SystemExit("fake GitHub saw violations:\n" + "\n".join(gh.violations[:5]))
    limit = next(iter(gh.state.tokens.values())).rate_limit
    return Run(name, len(graphql), sum(r.graphql_cost for r in graphql), limit, wall)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=3.0, help="assumed seconds per query on GitHub")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeGitHub() as gh:
        root = copy_repo(Path(tmp) / "repo")
        started = time.perf_counter()
        repos = seed(gh, options.learners)
        print(
            f"seeded {len(repos)} learner repositories in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        write(root, "cohort.yaml", cohort_file(repos))
        learners = ["--learners", str(root / "cohort.yaml"), "--now", NOW]
        results = [
            measure(gh, f"one run, batch {size}", [(root, ["cohort", *learners, "--batch-size", str(size)])])
            for size in (25, 50, 100)
        ]
        shards = [Path(tmp) / f"shard-{i}.json" for i in range(1, 5)]
        jobs = [
            (root, ["cohort", *learners, "--shard", f"{i}/4", "--save", str(s)])
            for i, s in enumerate(shards, 1)
        ]
        matrix = measure(gh, "4-job matrix, batch 50", jobs)
        merged = measure(
            gh, "merge of 4 shards", [(root, ["cohort", "merge", *map(str, shards), "--now", NOW])]
        )
        results += [matrix, merged]
    report(results, options.learners, options.latency)


def report(results: list[Run], learners: int, latency: float) -> None:
    print(
        f"| run ({learners} learners) | queries | points | points / 100 learners "
        f"| share of {results[0].limit} points/h | wall on the fake, no pauses (jobs one after another) "
        f"| projected on GitHub at {latency:g} s/query + 1 s pause |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for run in results:
        jobs = 4 if run.name.startswith("4-job") else 1
        projected = run.queries * (latency + PAUSE) / jobs
        share = 100 * run.points / run.limit
        print(
            f"| {run.name} | {run.queries} | {run.points} | {100 * run.points / learners:.1f} "
            f"| {share:.1f} % | {run.wall:.1f} s | {projected:.0f} s |"
        )


if __name__ == "__main__":
    main()
