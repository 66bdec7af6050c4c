"""Workflows that edit the same issues' bodies run one at a time, never cancelled while running.

Issues have no conditional writes: two jobs that read a body, change their lines and
write it back at the same moment lose one job's change. So every job that writes one kind
of issue body shares one concurrency group. GitHub cancels a *pending* run when another
joins the same group, so a group is never shared with jobs that do not write those bodies.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from testing.repo import REPO_ROOT

# Commands that rewrite issue bodies, by the issues they rewrite.
BODY_WRITERS = {
    "deliverable issues (checklist ticks)": re.compile(r"\broadmap check\b[^\n]*--publish\b"),
    "the dashboard and the reminder": re.compile(r"\broadmap daily\b"),
}


def _jobs() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted((REPO_ROOT / ".github/workflows").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in data["jobs"].items():
            found.append((Path(path).name, name, job))
    return found


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


def _group(job: dict[str, Any]) -> str | None:
    concurrency = job.get("concurrency")
    return concurrency.get("group") if isinstance(concurrency, dict) else None


def test_every_writer_of_one_kind_of_issue_body_shares_one_queued_group() -> None:
    jobs = _jobs()
    for kind, command in BODY_WRITERS.items():
        writers = {(w, n): job for w, n, job in jobs if command.search(_runs(job))}
        assert writers, kind
        for (workflow, name), job in writers.items():
            assert _group(job), f"{workflow}: job {name} writes {kind} without a job-level concurrency group"
            assert job["concurrency"].get("cancel-in-progress") is False, f"{workflow}: {name}"
        groups = {_group(job) for job in writers.values()}
        assert len(groups) == 1, (kind, groups)
        sharing = {(w, n) for w, n, job in jobs if _group(job) in groups}
        assert sharing == set(writers), f"{kind}: jobs that write nothing there wait in {groups}"
    publishers = [
        n for w, n, job in jobs if BODY_WRITERS["deliverable issues (checklist ticks)"].search(_runs(job))
    ]
    assert len(publishers) >= 2  # artifacts.yml's publish and gpu.yml's comment
