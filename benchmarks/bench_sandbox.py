"""What the jail costs each step of `roadmap check`: one `true`, with and without it.

Every step (install, ruff, pytest, the learner's program) goes through `sandbox.run`,
which scans /proc for leftover processes before and after, and, where Linux allows it,
starts the command inside `unshare` + `setpriv` (and, for the `check` command, a shell
that binds the repository read-only). Prints the median wall time per step of each
variant and exits 1 when the jail adds more than `--limit` seconds.

    uv run python benchmarks/bench_sandbox.py               # 21 runs each, limit 0.25 s
    uv run python benchmarks/bench_sandbox.py --repeat 51
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from llm_roadmap.deliverables import sandbox


def median_seconds(jail: sandbox.Jail, folder: Path, repeat: int) -> float:
    samples = []
    with sandbox.confined(jail):
        for _ in range(repeat):
            started = time.perf_counter()
            sandbox.run(["true"], cwd=folder, env={"PATH": "/usr/bin:/bin"}, timeout=30)
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--limit", type=float, default=0.25, help="most seconds the jail may add to a step")
    args = parser.parse_args(argv)
    jail = sandbox.find_jail()
    if not jail.isolated:
        print("no jail on this machine: only the process sweep is measured")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "kit").mkdir()
        variants = {
            "no jail (sweep only)": sandbox.NO_JAIL,
            "jail": jail,
            "jail, read-only but the kit": jail.protecting([Path("/"), root], [Path(tempfile.gettempdir())]),
        }
        base = None
        for name, variant in variants.items():
            seconds = median_seconds(variant, root / "kit", args.repeat)
            base = seconds if base is None else base
            print(f"{name:28} {seconds * 1000:7.1f} ms per step  (+{(seconds - base) * 1000:.1f} ms)")
            if seconds - base > args.limit:
                print(f"  over the limit of {args.limit} s", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
