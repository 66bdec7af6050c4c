"""`.github/workflows/cohort.yml`: least privilege, pinned, and its commands run as written.

Linting (actionlint, zizmor, check-jsonschema) covers every workflow in
tests/deliverables/test_workflows.py; this file holds the cohort workflow to its own rules,
and runs each `run:` line through bash (its variables expanded as the runner would) into
the real CLI against the fake GitHub.
"""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING, Any

import yaml

from testing.cohort import LearnerSpec, cohort_file, seed_learner
from testing.repo import REPO_ROOT, copy_repo, invoke, write

if TYPE_CHECKING:
    from pathlib import Path

    from testing.fake_github import FakeGitHub

WORKFLOW = REPO_ROOT / ".github/workflows/cohort.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
PREFIX = "uv run --frozen --no-dev roadmap "


def _load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _steps(job: str) -> list[dict[str, Any]]:
    return list(_load()["jobs"][job]["steps"])


def test_least_privilege_pinned_and_guarded() -> None:
    data = _load()
    assert data["permissions"] == {}
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert data["concurrency"] == {"group": "roadmap-cohort", "cancel-in-progress": False}
    jobs = data["jobs"]
    assert jobs["read"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {"contents": "read", "issues": "write"}
    for job in jobs.values():
        assert "!github.event.repository.is_template" in job["if"]
        assert "vars.ROADMAP_COHORT_FILE != ''" in job["if"]  # off until the mentor sets it up
        assert 1 <= job["timeout-minutes"] <= 15
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED.match(step["uses"]), step["uses"]
                if step["uses"].startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
            if "run" in step:
                assert "${{" not in step["run"]
                assert step["run"].startswith(PREFIX)


def test_the_mentors_token_only_reads() -> None:
    """COHORT_TOKEN reaches the reading step alone; the issue is written with the workflow's token."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count("secrets.") == 1
    [read] = [s for s in _steps("read") if "run" in s]
    assert read["env"]["GITHUB_TOKEN"] == "${{ secrets.COHORT_TOKEN }}"
    [publish] = [s for s in _steps("publish") if "run" in s]
    assert publish["env"]["GITHUB_TOKEN"] == "${{ github.token }}"


def _argv(run: str, env: dict[str, str], cwd: Path) -> list[str]:
    """The roadmap arguments bash makes of `run` with `env` (globs expanded in `cwd`)."""
    script = 'roadmap() { printf "%s\\0" "$@"; }\n' + run.removeprefix(PREFIX.removesuffix("roadmap "))
    done = subprocess.run(
        ["bash", "-c", script], env={"PATH": "/usr/bin:/bin", **env}, cwd=cwd, capture_output=True, check=True
    )
    return done.stdout.decode().split("\0")[:-1]


def test_the_run_lines_work_as_written(tmp_path: Path, fake_github: FakeGitHub, monkeypatch: Any) -> None:
    gh = fake_github
    gh.add_user("mentor", token="mentor-token", scopes=None)
    gh.add_repo("mentor/cohort")
    gh.add_actions_token("actions-token", "mentor/cohort")
    root = copy_repo(tmp_path / "repo")
    specs = [LearnerSpec(f"learner{n}/llm-year", done=n) for n in range(6)]
    for spec in specs:
        seed_learner(gh, spec).permissions["mentor"] = "pull"
    write(root, "cohort.yaml", cohort_file(s.repo for s in specs))
    work = tmp_path / "runner"  # the job's working directory
    (work / "shards").mkdir(parents=True)
    monkeypatch.chdir(work)
    [read] = [s for s in _steps("read") if "run" in s]
    for shard in range(1, 5):
        env = {
            "COHORT_FILE": str(root / "cohort.yaml"),
            "SHARD": str(shard),
            "NOW": "2027-03-01T09:00:00+09:00",
        }
        argv = _argv(read["run"], env, work)
        assert argv[-2:] == ["--now", "2027-03-01T09:00:00+09:00"]
        result = invoke(root, *argv, env={"GITHUB_TOKEN": "mentor-token", "GITHUB_API_URL": gh.api_url})
        assert result.exit_code == 0, result.output
        # upload-artifact, then download-artifact with merge-multiple: one folder of slices
        (work / f"cohort-shard-{shard}.json").rename(work / "shards" / f"cohort-shard-{shard}.json")
    [publish] = [s for s in _steps("publish") if "run" in s]
    argv = _argv(publish["run"], {"NOW": ""}, work)
    assert "--now" not in argv  # an empty NOW passes no option
    env = {
        "GITHUB_TOKEN": "actions-token",
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_REPOSITORY": "mentor/cohort",
    }
    result = invoke(root, *argv, env=env)
    assert result.exit_code == 0, result.output
    [issue] = gh.state.repo("mentor", "cohort").issues  # type: ignore[union-attr]
    assert issue.user.login == "github-actions[bot]"
    assert sum(1 for line in (issue.body or "").splitlines() if line.startswith("| [learner")) == 6
    assert (work / "site/index.html").is_file()
