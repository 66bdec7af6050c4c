"""CPU cost of the commands a learner runs first: `roadmap --help` and the dry-run plan.

Each command runs as a fresh process, the way `scripts/bootstrap` starts it, and is timed
by the CPU it used (user + system, from `getrusage(RUSAGE_CHILDREN)` before and after),
which unlike wall time does not depend on how busy the machine is. One warm-up run per
command is not counted (it may compile bytecode). Prints a table of medians and exits 1
when a median exceeds the limit.

    uv run python benchmarks/bench_cli.py              # 7 runs each, limit 1.0 s
    uv run python benchmarks/bench_cli.py --repeat 15 --limit 0.8
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("bootstrap", "--dry-run"),
    ("bootstrap", "--dry-run", "--json"),
)
# A token or another API address must not change what is measured.
# PYTHONDONTWRITEBYTECODE would make every run compile every module again, which a
# learner's second run never does; the warm-up run writes the bytecode instead.
_UNSET = (
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITHUB_API_URL",
    "GITHUB_GRAPHQL_URL",
    "GITHUB_SERVER_URL",
    "PYTHONDONTWRITEBYTECODE",
)


@dataclass(frozen=True)
class Sample:
    cpu: float
    wall: float


@dataclass(frozen=True)
class Result:
    args: tuple[str, ...]
    samples: tuple[Sample, ...]

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)


def roadmap_command() -> list[str]:
    """The `roadmap` console script of this environment, else `python -m llm_roadmap`."""
    script = Path(sys.executable).parent / "roadmap"
    if script.exists():
        return [str(script)]
    found = shutil.which("roadmap")
    return [found] if found else [sys.executable, "-m", "llm_roadmap"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str], env: dict[str, str]) -> Sample:
    """Run one process to completion; its CPU is the growth of our children's usage."""
    cpu_before, wall_before = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    sample = Sample(_children_cpu() - cpu_before, time.perf_counter() - wall_before)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return sample


def measure(args: tuple[str, ...], repeat: int, env: dict[str, str]) -> Result:
    command = [*roadmap_command(), *args]
    run_once(command, env)  # warm-up: bytecode compilation, file cache
    return Result(args, tuple(run_once(command, env) for _ in range(repeat)))


def table(results: list[Result], limit: float) -> str:
    width = max(len(" ".join(r.args)) for r in results) + len("roadmap ")
    header = f"{'CPU median':>10}  {'CPU min':>8}  {'CPU max':>8}  {'wall median':>11}  verdict"
    lines = [f"{'command':<{width}}  {header}"]
    for r in results:
        cpus = [s.cpu for s in r.samples]
        verdict = "ok" if r.cpu <= limit else f"OVER {limit:.2f} s"
        lines.append(
            f"{'roadmap ' + ' '.join(r.args):<{width}}  {r.cpu:>9.3f}s  {min(cpus):>7.3f}s"
            f"  {max(cpus):>7.3f}s  {r.wall:>10.3f}s  {verdict}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="counted runs per command (default 7)")
    parser.add_argument("--limit", type=float, default=1.0, help="CPU seconds a median may use (default 1.0)")
    options = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    results = [measure(args, options.repeat, env) for args in COMMANDS]
    print(f"{options.repeat} runs each, {' '.join(roadmap_command())}, Python {sys.version.split()[0]}")
    print(table(results, options.limit))
    over = [r for r in results if r.cpu > options.limit]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
