"""What the Artifacts workflow's check job costs: `roadmap check --install` on a p1-d01 sample
in a fresh clone, with a cold and a warm uv cache (issue #12: under 30 s warm).

Each run copies the repository's git-tracked files into a new folder (nothing beside it,
no .venv), adds a p1-d01 sample (a simple chat and its test), and runs the check step's
command as artifacts.yml writes it, less `--changed-since` (the folder is named instead)
and `--docker` (p1-d01 builds nothing), in two timed parts:

    uv sync --frozen --no-dev                                       # what `uv run` syncs first
    uv run --frozen --no-dev roadmap check projects/p1-d01-simple-chat --install --save report.json

with UV_CACHE_DIR pointing at one cache folder: the first run starts from an empty one
(cold: every wheel from the package index), the later ones reuse it (warm: what
astral-sh/setup-uv restores in the job). `--with-dev` also times the command the job ran
before issue #12, `uv run --frozen` (with the dev group), cold and warm. It downloads from
the package index (PyPI). Prints a table; exits 1 when the warm median exceeds --limit.

    uv run python benchmarks/bench_artifacts.py                  # 1 cold and 3 warm runs, limit 30 s
    uv run python benchmarks/bench_artifacts.py --warm 5 --with-dev
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DELIVERABLE = "projects/p1-d01-simple-chat"
# The p1-d01 sample the kit tests pass: one chatbot and its test (tests/deliverables/kits.py).
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "deliverables")]
from kits import SIMPLE_CHAT, SIMPLE_CHAT_TEST  # noqa: E402

SAMPLE = {
    f"{DELIVERABLE}/simple_chat.py": SIMPLE_CHAT.lstrip(),
    f"{DELIVERABLE}/tests/test_simple_chat.py": SIMPLE_CHAT_TEST.lstrip(),
}


@dataclass(frozen=True)
class Timing:
    variant: str
    cache: str  # "cold" or "warm"
    sync: float
    check: float
    verdict: str  # the report's overall status

    @property
    def total(self) -> float:
        return self.sync + self.check


def fresh_clone(dest: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    for name, text in SAMPLE.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text(text, encoding="utf-8")
    return dest


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: a check failed, still a measured run
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return seconds


def run_once(work: Path, cache: Path, variant: str, label: str, n: int) -> Timing:
    clone = fresh_clone(work / f"{variant}-{n}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_", "PYTHONDONTWRITE"))}
    env |= {"UV_CACHE_DIR": str(cache), "UV_PYTHON_DOWNLOADS": "never", "CI": "true"}
    flags = ["--frozen", "--no-dev"] if variant == "no-dev" else ["--frozen"]
    sync = timed(["uv", "sync", *flags], clone, env)
    command = ["uv", "run", *flags, "roadmap", "check", DELIVERABLE, "--install", "--save", "report.json"]
    check = timed(command, clone, env)
    report = json.loads((clone / "report.json").read_text(encoding="utf-8"))
    statuses = {r["id"]: r["status"] for d in report["deliverables"] for r in d["results"]}
    verdict = "passed" if set(statuses.values()) <= {"passed", "skipped"} else f"{statuses}"
    shutil.rmtree(clone, ignore_errors=True)
    return Timing(variant, label, sync, check, verdict)


def measure(work: Path, variant: str, warm: int) -> list[Timing]:
    cache = work / f"cache-{variant}"
    timings = [run_once(work, cache, variant, "cold", 0)]
    timings += [run_once(work, cache, variant, "warm", n) for n in range(1, warm + 1)]
    return timings


def table(timings: list[Timing]) -> str:
    lines = [
        "| install | uv cache | runs | sync median | check median | total median | min | max | result |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    groups: dict[tuple[str, str], list[Timing]] = {}
    for timing in timings:
        groups.setdefault((timing.variant, timing.cache), []).append(timing)
    for (variant, cache), group in groups.items():
        totals = [t.total for t in group]
        verdicts = ", ".join(sorted({t.verdict for t in group}))
        lines.append(
            f"| {variant} | {cache} | {len(group)} | {statistics.median(t.sync for t in group):.1f} s"
            f" | {statistics.median(t.check for t in group):.1f} s | {statistics.median(totals):.1f} s"
            f" | {min(totals):.1f} s | {max(totals):.1f} s | {verdicts} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warm", type=int, default=3, help="warm runs after the cold one")
    parser.add_argument("--limit", type=float, default=30.0, help="most seconds a warm run may take")
    parser.add_argument("--with-dev", action="store_true", help="also time the old `uv run --frozen`")
    args = parser.parse_args(argv)
    if shutil.which("uv") is None:
        sys.exit("uv is not on PATH")
    with tempfile.TemporaryDirectory(prefix="bench-artifacts-") as folder:
        work = Path(folder)
        timings = measure(work, "no-dev", args.warm)
        if args.with_dev:
            timings += measure(work, "dev", args.warm)
    print(table(timings))
    warm = statistics.median(t.total for t in timings if t.variant == "no-dev" and t.cache == "warm")
    print(f"warm median {warm:.1f} s, limit {args.limit:.1f} s: {'ok' if warm <= args.limit else 'too slow'}")
    return 0 if warm <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
