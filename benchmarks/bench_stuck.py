"""How long `roadmap stuck` takes to read a report at GitHub's body limit (65,536 characters).

Reads adversarial bodies with `bots.stuck.read_report` and `named_errors` (what the
command does with each report), and, for comparison, with the lazy heading regex
`^###[ \\t]+(.*?)[ \\t]*$` that backtracks quadratically on a long run of spaces inside
a line. Not a test; numbers for benchmarks/README.md.

    uv run python benchmarks/bench_stuck.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from llm_roadmap.bots import stuck  # noqa: E402
from llm_roadmap.model.load import load_roadmap  # noqa: E402

LIMIT = 65_536
LAZY = re.compile(r"^###[ \t]+(.*?)[ \t]*$", re.MULTILINE)

BODIES = {
    "spaces inside a heading": "### x" + " " * (LIMIT - 7) + "y\n",
    "spaces inside a checkbox": "- [X] x" + " " * (LIMIT - 9) + "y\n",
    "4,096 headings": "### h\n\nx\n\n" * (LIMIT // 11),
    "6,553 checkboxes": "- [X] a\n- [ ] b\n" * (LIMIT // 16),
    "one long error text": ("ModuleNotFoundError: " * (LIMIT // 21))[:LIMIT],
}


def timed(action: object, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    guide = load_roadmap(ROOT).guide
    print("| body | read_report + named_errors | lazy heading regex |")
    print("|---|---:|---:|")
    for name, body in BODIES.items():
        ours = timed(
            lambda body=body: stuck.named_errors(stuck.free_text(stuck.read_report(body), body), guide)
        )
        lazy = timed(lambda body=body: list(LAZY.finditer(body)), repeat=1)
        print(f"| {name} | {ours * 1000:.1f} ms | {lazy * 1000:.1f} ms |")


if __name__ == "__main__":
    main()
