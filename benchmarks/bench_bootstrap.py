"""What `scripts/bootstrap` costs GitHub: requests, writes, and the time its politeness takes.

Runs the real `roadmap bootstrap --yes` as a subprocess against the fake GitHub server of
the tests (tests/testing/fake_github, real HTTP on loopback), four times:

1. the first run on an empty repository (everything is created);
2. the same command again (nothing to do: must write nothing);
3. after the learner closed an issue, ticked a box, wrote a note and added a label, and
   the roadmap's text changed for one skill (only that skill's issue is updated);
4. a run killed halfway (the server answers 503 after half the writes), then the rerun
   that finishes the job (resumability: writes of both together vs. one clean run).

For each run it prints requests (REST reads, REST writes, GraphQL queries and mutations),
the objects written, and the wall time the run would take at GitHub's pace of one write a
second (writes × ROADMAP_WRITE_INTERVAL, which is what dominates a real run; pauses are
switched off here so the benchmark runs in seconds). Not a test; numbers for docs.

Then it compares the two ways of creating issues side by side (issue #12), for the
shipped roadmap and for one three times its size (every skill and deliverable tripled,
generated here in a temporary copy, never shipped):

* old: REST `POST /issues`, then `POST .../sub_issues` for each task (what a GitHub
  Enterprise Server whose schema lacks `CreateIssueInput.parentIssueId` still gets);
* new: one GraphQL `createIssue` with labels, milestone and parent epic.

Its "at 1 write/s" counts every request PyGithub paces: REST writes and *every* GraphQL
POST, queries included (PyGithub spaces all POSTs by `seconds_between_writes`).

    uv run python benchmarks/bench_bootstrap.py
    uv run python benchmarks/bench_bootstrap.py --paced   # plus a real run at 1 write/s
"""

from __future__ import annotations

import argparse
import collections
import copy
import itertools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402

from testing import repo as testing_repo  # noqa: E402
from testing.fake_github import FakeGitHub  # noqa: E402
from testing.repo import CONFIG  # noqa: E402

OWNER, NAME = "octocat", "my-year"
OLD_SERVER = "CreateIssueInput.parentIssueId"  # what an older GitHub Enterprise Server lacks
TOKEN = "ghp_benchmark_token"  # noqa: S105  # the fake server's, not a secret


@dataclass(frozen=True)
class Run:
    name: str
    code: int
    requests: int
    kinds: dict[str, int]
    writes: int
    cpu: float
    wall: float
    paced: int = 0  # requests PyGithub spaces by the write interval (every non-GET)


def copy_repo(dest: Path) -> Path:
    """The tests' throwaway copy (roadmap, templates, check.yaml files), with the real config."""
    return testing_repo.copy_repo(dest, config=(ROOT / CONFIG).read_text(encoding="utf-8"))


def bootstrap(gh: FakeGitHub, root: Path, name: str, *, paced: bool = False) -> Run:
    """Run bootstrap once; `paced` keeps the default pacing (1 s between writes) instead of none."""
    env = {
        # PYTHONDONTWRITEBYTECODE would recompile every module on every run; a learner's doesn't.
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GITHUB_", "GH_")) and k != "PYTHONDONTWRITEBYTECODE"
        },
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_GRAPHQL_URL": gh.graphql_url,
        "GITHUB_TOKEN": TOKEN,
        "ROADMAP_WRITE_INTERVAL": "0",
        "ROADMAP_RETRIES": "0",
    }
    if paced:
        del env["ROADMAP_WRITE_INTERVAL"], env["ROADMAP_RETRIES"]
    command = [sys.executable, "-m", "llm_roadmap", "--root", str(root), "bootstrap"]
    before = len(gh.requests)
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--yes", "--repo", f"{OWNER}/{NAME}"], env=env, capture_output=True, check=False
    )
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    seen = gh.requests[before:]
    kinds = collections.Counter(_kind(r) for r in seen)
    paced = sum(1 for r in seen if r.method != "GET")
    writes = sum(r.write for r in seen)
    return Run(name, done.returncode, len(seen), dict(kinds), writes, cpu, wall, paced)


def _kind(request: object) -> str:
    method = getattr(request, "method", "")
    if getattr(request, "operation", None) == "graphql":
        return f"graphql {getattr(request, 'graphql_operation', None) or 'query'}"
    return "REST read" if method == "GET" else "REST write"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def count_objects(gh: FakeGitHub) -> dict[str, int]:
    repo = gh.state.repo(OWNER, NAME)
    assert repo is not None
    return {
        "labels": len(repo.labels),
        "milestones": len(repo.milestones),
        "issues": len(repo.issues),
        "sub-issue links": sum(1 for i in repo.issues if i.parent is not None),
    }


def learner_edits(gh: FakeGitHub, root: Path) -> None:
    """Close one issue, tick a box, add a note and a label; change one skill's text."""
    repo = gh.state.repo(OWNER, NAME)
    assert repo is not None
    issue = next(i for i in repo.issues if "- [ ]" in (i.body or ""))
    client = gh.client(TOKEN)
    github_repo = client.get_repo(f"{OWNER}/{NAME}")
    github_repo.create_label("my-label", "ededed")
    remote = github_repo.get_issue(issue.number)
    remote.edit(
        body=(remote.body or "").replace("- [ ]", "- [x]", 1) + "\n\nMy notes.\n",
        state="closed",
        labels=[label.name for label in remote.labels] + ["my-label"],
    )
    phase = root / "roadmap/phases/p1.yaml"
    text = phase.read_text(encoding="utf-8")
    phase.write_text(text.replace("LangChain基礎", "LangChain基礎（改訂）", 1), encoding="utf-8")


def table(runs: list[Run], interval: float) -> str:
    kinds = sorted({k for r in runs for k in r.kinds})
    head = f"{'run':<34} {'exit':>4} {'requests':>8} " + " ".join(f"{k:>16}" for k in kinds)
    head += f" {'writes':>6} {'CPU':>7} {'wall':>7} {'at 1 write/s':>12}"
    lines = [head]
    for r in runs:
        row = f"{r.name:<34} {r.code:>4} {r.requests:>8} " + " ".join(
            f"{r.kinds.get(k, 0):>16}" for k in kinds
        )
        row += f" {r.writes:>6} {r.cpu:>6.2f}s {r.wall:>6.2f}s {r.wall + r.writes * interval:>11.0f}s"
        lines.append(row)
    return "\n".join(lines)


def triple(root: Path) -> None:
    """Make the copy's roadmap three times as large: each skill and deliverable thrice."""

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    for path in sorted((root / "roadmap/phases").glob("*.yaml")):
        phase = yaml.safe_load(path.read_text(encoding="utf-8"))
        for period in phase["periods"]:
            period["skills"] = [_copy(s, n) for s in period["skills"] for n in (1, 2, 3)]
        phase["deliverables"] = [_copy(d, n) for d in phase.get("deliverables") or [] for n in (1, 2, 3)]
        for deliverable in phase["deliverables"]:
            folder = root / deliverable["folder"]
            if not folder.exists():
                original = root / deliverable["folder"].rsplit("-x", 1)[0]
                if original.exists():  # its check.yaml lists checks in the issue, as for the original
                    shutil.copytree(original, folder)
        path.write_text(
            yaml.dump(phase, Dumper=NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def _copy(entry: dict[str, object], n: int) -> dict[str, object]:
    if n == 1:
        return entry
    out = copy.deepcopy(entry)
    out["id"] = f"{entry['id']}-x{n}"
    title = out["title"]
    assert isinstance(title, dict)
    out["title"] = {lang: f"{text} ({n})" for lang, text in title.items()}
    if "folder" in out:
        out["folder"] = f"{out['folder']}-x{n}"
    if "hours" in out:
        out["hours"] = max(1, int(str(out["hours"])) // 3)  # the year keeps its length
    return out


def compare(triple_size: bool) -> list[tuple[str, Run, Run]]:
    """First run and no-op rerun on each path, for one roadmap."""
    out = []
    for path, lacking in (("old: REST + links", (OLD_SERVER,)), ("new: GraphQL createIssue", ())):
        with tempfile.TemporaryDirectory() as tmp, FakeGitHub() as gh:
            root = copy_repo(Path(tmp) / "repo")
            if triple_size:
                triple(root)
            gh.lack_graphql_inputs(*lacking)
            gh.add_user(OWNER, token=TOKEN, scopes=("repo", "project"))
            gh.add_repo(f"{OWNER}/{NAME}")
            first = bootstrap(gh, root, "first run")
            again = bootstrap(gh, root, "no-op rerun")
            assert not gh.violations, gh.violations[:3]
            out.append((path, first, again))
    return out


def comparison_table(results: dict[str, list[tuple[str, Run, Run]]], interval: float) -> str:
    head = (
        f"{'roadmap':<10} {'path':<26} {'exit':>4} {'writes':>6} {'requests':>8} {'REST':>5}"
        f" {'GraphQL':>7} {'paced':>5} {'at 1 write/s':>12} {'no-op requests':>14} {'no-op writes':>12}"
    )
    lines = [head]
    for size, rows in results.items():
        for path, first, again in rows:
            rest = first.kinds.get("REST read", 0) + first.kinds.get("REST write", 0)
            graphql = first.requests - rest
            projected = first.wall + max(first.paced - 1, 0) * interval
            lines.append(
                f"{size:<10} {path:<26} {first.code:>4} {first.writes:>6} {first.requests:>8} {rest:>5}"
                f" {graphql:>7} {first.paced:>5} {projected:>11.0f}s {again.requests:>14} {again.writes:>12}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--paced",
        action="store_true",
        help="also run the first bootstrap at the default pacing and compare with writes x 1 s (2+ min)",
    )
    options = parser.parse_args(argv)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp, FakeGitHub() as gh:
        root = copy_repo(Path(tmp) / "repo")
        gh.add_user(OWNER, token=TOKEN, scopes=("repo", "project"))
        gh.add_repo(f"{OWNER}/{NAME}")
        before = count_objects(gh)
        runs.append(first := bootstrap(gh, root, "1. first run (creates everything)"))
        objects = {k: v - before[k] for k, v in count_objects(gh).items()}
        runs.append(bootstrap(gh, root, "2. same command again (no-op)"))
        learner_edits(gh, root)
        runs.append(bootstrap(gh, root, "3. after learner + roadmap edits"))
    with tempfile.TemporaryDirectory() as tmp, FakeGitHub() as gh:
        root = copy_repo(Path(tmp) / "repo")
        gh.add_user(OWNER, token=TOKEN, scopes=("repo", "project"))
        gh.add_repo(f"{OWNER}/{NAME}")
        gh.die_after_writes(first.writes // 2, mode="503")
        runs.append(bootstrap(gh, root, "4a. killed after half the writes"))
        gh.revive()
        runs.append(bootstrap(gh, root, "4b. rerun finishes the job"))
    interval = 1.0
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; pauses off; at {interval:.0f} s a write:")
    print(table(runs, interval))
    made = sum(objects.values())
    rest = first.kinds.get("REST read", 0) + first.kinds.get("REST write", 0)
    print(f"made by run 1: {objects} = {made}; REST requests per object: {rest / made:.2f}")
    print(f"resume overhead: {runs[3].writes + runs[4].writes - first.writes} extra writes")
    results = {"default": compare(False), "3x": compare(True)}
    print("\nissue creation, old path vs new path (issue #12):")
    print(comparison_table(results, interval))
    for n, (path, _, _) in enumerate(results["default"]):
        one, three = results["default"][n][1], results["3x"][n][1]
        ratio = three.writes / one.writes
        print(f"{path}: the 3x roadmap costs {ratio:.2f}x the writes ({one.writes} -> {three.writes})")
    if options.paced:
        with tempfile.TemporaryDirectory() as tmp, FakeGitHub() as gh:
            root = copy_repo(Path(tmp) / "repo")
            gh.add_user(OWNER, token=TOKEN, scopes=("repo", "project"))
            gh.add_repo(f"{OWNER}/{NAME}")
            paced = bootstrap(gh, root, "first run at the default pacing", paced=True)
            gaps = [(b.time - a.time).total_seconds() for a, b in itertools.pairwise(gh.writes)]
        print(
            f"default pacing: {paced.wall:.1f} s wall for {paced.writes} writes"
            f" (lower bound {paced.writes - 1} s between the first and the last write;"
            f" {paced.wall / max(paced.writes, 1):.3f} s a write); shortest gap {min(gaps):.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
