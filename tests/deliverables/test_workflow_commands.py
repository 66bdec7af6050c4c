"""The workflows' `roadmap` commands, run exactly as written, in a fresh copy of the repository.

Each `run:` script is taken from the workflow file and run with bash as Actions runs it
(`bash --noprofile --norc -eo pipefail`), in the repository root of a fresh copy of this
working tree (git-tracked files only, committed anew: nothing beside it, no venv), with the
step's `env:` evaluated for the event and GitHub's default variables pointed at the fake
GitHub server. Two stand-ins keep it fast and offline where the runner differs from here:

- `uv run [--frozen] [--no-dev] roadmap ...` runs this environment's `roadmap` (the one
  under test) instead of syncing a new venv; every other uv command (`uv venv`,
  `uv pip install`, used by `--install`) is the real uv, except in the GPU test, where
  `uv pip install` only records its arguments (PyTorch's CUDA wheels are gigabytes).
- `docker` answers nothing and records any call: the p1-d01 contract has no docker-build
  check, so `--docker` must parse and pass through without a call.

Covered: artifacts.yml (check and publish jobs, a correct and a broken p1-d01 sample, push
and pull_request), gpu.yml (train and comment jobs, dispatched and pushed, all but the
training itself), and the bots' steps of daily.yml, weekly.yml and graduation.yml up to
their first answer from GitHub (the bots' logic is tested in tests/bots).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from kits import REPO_ROOT, SIMPLE_CHAT, SIMPLE_CHAT_TEST

from llm_roadmap.deliverables.contract import FinetuneCheck, load_contract
from testing.repo import copy_shipped_projects

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
REPO = "learner/my-year"
TOKEN = "ghs_actions_token"
BIN = Path(sys.executable).parent
REAL_UV = shutil.which("uv") or shutil.which("uv", path=str(Path.home() / ".local" / "bin"))
_EXPRESSION = re.compile(r"^\$\{\{\s*(.+?)\s*\}\}$")
_NAME = re.compile(r"^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$")

SHIM = """#!/bin/sh
# uv stand-in: `uv run ... roadmap` runs the roadmap under test; the rest is the real uv.
echo "uv $*" >>"{log}"
if [ "$1" = run ]; then
  shift
  while [ "$1" = --frozen ] || [ "$1" = --no-dev ]; do shift; done
  if [ "$1" != roadmap ]; then echo "uv stand-in: unexpected uv run $*" >&2; exit 97; fi
  shift
  exec "{roadmap}" "$@"
fi
if [ "$1" = pip ] && [ "$2" = install ] && [ -f "{no_install}" ]; then exit 0; fi
exec "{uv}" "$@"
"""
DOCKER = """#!/bin/sh
echo "docker $*" >>"{log}"
exit 1
"""


@dataclass
class Clone:
    root: Path
    base: str
    tools: Path

    def calls(self, tool: str) -> list[str]:
        log = self.tools / f"{tool}.log"
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=learner", "-c", "user.email=learner@example.com", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def fresh_clone(dest: Path) -> Path:
    """The working tree as a commit would hold it (tracked and new files, not ignored ones),
    with `projects/` as the template ships it: a learner's own deliverables stay out."""
    listed = git(REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file() and not name.startswith("projects/"):  # a deleted tracked file is gone
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    copy_shipped_projects(dest)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "template")
    return dest


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fresh_clone(tmp_path_factory.mktemp("template") / "repo")


@pytest.fixture
def clone(template: Path, tmp_path: Path) -> Clone:
    if REAL_UV is None:
        pytest.skip("uv is not installed")
    root = tmp_path / "my-year"
    subprocess.run(["git", "clone", "-q", str(template), str(root)], check=True)
    tools = tmp_path / "tools"
    tools.mkdir()
    for name, text in (("uv", SHIM), ("docker", DOCKER)):
        path = tools / name
        log = tools / f"{name}.log"
        values = {"log": log, "roadmap": BIN / "roadmap", "uv": REAL_UV, "no_install": tools / "no-install"}
        path.write_text(text.format(**values), encoding="utf-8")
        path.chmod(0o755)
    return Clone(root, git(root, "rev-parse", "HEAD"), tools)


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def step(name: str, job: str, step_id_or_name: str) -> dict[str, Any]:
    steps = workflow(name)["jobs"][job]["steps"]
    found = [s for s in steps if step_id_or_name in (s.get("id"), s.get("name"))]
    assert len(found) == 1, f"{name}: no single step {step_id_or_name!r} in job {job}"
    return found[0]


def evaluate(value: str, context: dict[str, Any]) -> str:
    """`${{ a.b || c.d }}`: the first non-empty value, as Actions evaluates it; nothing else."""
    match = _EXPRESSION.match(value.strip())
    if match is None:
        assert "${{" not in value, f"unsupported expression in {value!r}"
        return value
    for operand in match[1].split("||"):
        name = operand.strip()
        assert _NAME.match(name), f"unsupported expression {name!r}"
        found: Any = context
        for part in name.split("."):
            found = found.get(part) if isinstance(found, dict) else None
        if found:
            return str(found)
    return ""


@dataclass(frozen=True)
class Ran:
    returncode: int
    output: str
    outputs: dict[str, str]
    summary: str


def run_step(
    clone: Clone, spec: dict[str, Any], context: dict[str, Any], defaults: dict[str, str], **extra: str
) -> Ran:
    """The step's `run:` script, verbatim, with its `env:` and the runner's default variables."""
    runner = clone.root.parent / "runner"
    runner.mkdir(exist_ok=True)
    output, summary, event = runner / "output", runner / "summary", runner / "event.json"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    github = context["github"]
    payload = github.get("event", {}) | ({"inputs": context["inputs"]} if "inputs" in context else {})
    event.write_text(json.dumps(payload), encoding="utf-8")
    script = runner / "step.sh"
    script.write_text(spec["run"], encoding="utf-8")
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_", "RUNNER_"))}
    env = inherited | {"PATH": f"{clone.tools}{os.pathsep}{os.environ['PATH']}", "CI": "true"}
    env |= {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"}
    env |= {"GITHUB_EVENT_NAME": github["event_name"], "GITHUB_EVENT_PATH": str(event)}
    env |= defaults | extra
    env |= {key: evaluate(str(value), context) for key, value in spec.get("env", {}).items()}
    bash = shutil.which("bash") or "bash"
    done = subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=clone.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    pairs = [line.partition("=") for line in output.read_text(encoding="utf-8").splitlines()]
    return Ran(
        done.returncode,
        done.stdout + done.stderr,
        {k: v for k, _, v in pairs},
        summary.read_text(encoding="utf-8"),
    )


def commit_sample(clone: Clone, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        path = clone.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(clone.root, "add", "-A")
    git(clone.root, "commit", "-qm", message)
    return git(clone.root, "rev-parse", "HEAD")


def github_defaults(fake_github: FakeGitHub) -> dict[str, str]:
    """What Actions sets on every runner (docs: "Variables" → default environment variables)."""
    return {
        "GITHUB_API_URL": fake_github.api_url,
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_RUN_ID": "42",
    }


def seed_repo(fake_github: FakeGitHub, *, is_template: bool = False) -> None:
    fake_github.add_user("learner")
    fake_github.add_repo(REPO, is_template=is_template)
    fake_github.add_actions_token(TOKEN, REPO)


def seed_issue(fake_github: FakeGitHub, deliverable: str, title: str) -> int:
    seed_repo(fake_github)
    fake_github.add_label(REPO, "roadmap")
    body = f"<!-- roadmap:{deliverable} -->\n## 受け入れ条件\n"
    return fake_github.add_issue(REPO, title, body=body, labels=["roadmap"]).number


def publish(
    clone: Clone, fake_github: FakeGitHub, name: str, job: str, context: dict[str, Any], report: Path
) -> Ran:
    """The publishing job: a fresh checkout, the downloaded report, the step as written."""
    checkout = Clone(clone.root.parent / f"{job}-checkout", clone.base, clone.tools)
    subprocess.run(["git", "clone", "-q", str(clone.root), str(checkout.root)], check=True)
    shutil.copy(report, checkout.root / "report.json")  # download-artifact writes into the workspace
    spec = step(name, job, "roadmap check --publish")
    context = context | {"github": context["github"] | {"token": TOKEN}}
    return run_step(checkout, spec, context, github_defaults(fake_github))


SIMPLE_CHAT_SAMPLE = {
    "projects/p1-d01-simple-chat/simple_chat.py": SIMPLE_CHAT.lstrip(),
    "projects/p1-d01-simple-chat/tests/test_simple_chat.py": SIMPLE_CHAT_TEST.lstrip(),
}
IGNORES_EXIT = SIMPLE_CHAT.replace("        if is_exit(line):\n            break\n", "")


@pytest.mark.parametrize(
    ("simple_chat", "event", "expected_code", "expected_comment"),
    [
        pytest.param(SIMPLE_CHAT, "push", 0, "✅ 合格", id="correct-push"),
        pytest.param(IGNORES_EXIT, "pull_request", 1, "❌ 不合格", id="broken-pull-request"),
    ],
)
def test_artifacts_workflow_as_written_judges_a_p1_d01_push(
    clone: Clone,
    fake_github: FakeGitHub,
    simple_chat: str,
    event: str,
    expected_code: int,
    expected_comment: str,
) -> None:
    issue = seed_issue(fake_github, "p1.d01.simple-chat", "CLI chatbot")
    files = SIMPLE_CHAT_SAMPLE | {"projects/p1-d01-simple-chat/simple_chat.py": simple_chat.lstrip()}
    head = commit_sample(clone, files, "simple chat")
    payloads = {
        "push": {"before": clone.base, "after": head},
        "pull_request": {"pull_request": {"base": {"sha": clone.base}, "head": {"sha": head}}},
    }
    context = {"github": {"event_name": event, "event": payloads[event]}}

    ran = run_step(clone, step("artifacts.yml", "check", "check"), context, github_defaults(fake_github))

    assert ran.returncode == expected_code, ran.output
    assert ran.outputs == {"saved": "true"}
    report = json.loads((clone.root / "report.json").read_text(encoding="utf-8"))
    assert [d["deliverable"] for d in report["deliverables"]] == ["p1.d01.simple-chat"]
    results = {r["id"]: r["status"] for r in report["deliverables"][0]["results"]}
    assert results["install"] == "passed", ran.output
    assert results["tests"] == "passed", ran.output
    assert results["chat"] == ("passed" if expected_code == 0 else "failed"), ran.output
    assert "p1-d01-simple-chat" in ran.summary
    assert (clone.root / "projects/.venv/bin/python").is_file()  # --install made it where it says
    assert not (clone.root / "projects/projects").exists()
    assert clone.calls("uv")[0].startswith("uv run --frozen roadmap check --changed-since")
    assert clone.calls("docker") == []  # --docker parsed; p1-d01 has nothing to build

    published = publish(clone, fake_github, "artifacts.yml", "publish", context, clone.root / "report.json")
    assert published.returncode == 0, published.output
    assert clone.calls("uv")[-1].startswith("uv run --frozen --no-dev roadmap check --from-report")
    comments = fake_github.state.repos[REPO].issue(issue).comments
    assert len(comments) == 1
    assert comments[0].body.startswith(
        f"<!-- roadmap-check:p1.d01.simple-chat -->\n## 🤖 成果物チェック: {expected_comment}"
    )


RESULTS_MD = """# 結果

| model | eval_loss |
| --- | --- |
| base | 2.0 |
| lora | 1.5 |
"""


@pytest.mark.parametrize(
    ("event", "inputs"),
    [
        pytest.param(
            "workflow_dispatch", {"deliverable": "projects/p3-d01-public-dataset-finetune"}, id="dispatch"
        ),
        pytest.param("push", {}, id="push"),
    ],
)
def test_gpu_workflow_as_written_installs_with_the_gpu_backend_and_saves_its_report(
    clone: Clone, fake_github: FakeGitHub, event: str, inputs: dict[str, str]
) -> None:
    """Everything but the training itself: without torch the check fails, as it must, and the
    steps around it (the saved report, the uploaded paths, the comment) still work."""
    issue = seed_issue(fake_github, "p3.d01.public-dataset-finetune", "LoRA")
    head = commit_sample(clone, {"projects/p3-d01-public-dataset-finetune/RESULTS.md": RESULTS_MD}, "results")
    before = clone.base if event == "push" else None
    context = {"github": {"event_name": event, "event": {"before": before, "after": head}}, "inputs": inputs}
    for path in workflow("gpu.yml")["on"]["workflow_dispatch"]["inputs"]["deliverable"]["options"]:
        assert (clone.root / path / "check.yaml").is_file(), path

    spec = step("gpu.yml", "train", "train")
    (clone.tools / "no-install").touch()  # the stand-in uv records `uv pip install` only
    ran = run_step(clone, spec, context, github_defaults(fake_github))

    assert ran.returncode == 1, ran.output
    assert ran.outputs == {"saved": "true"}
    report = json.loads((clone.root / "report.json").read_text(encoding="utf-8"))
    assert report["mode"] == "gpu"
    assert [d["deliverable"] for d in report["deliverables"]] == ["p3.d01.public-dataset-finetune"]
    results = {r["id"]: r for r in report["deliverables"][0]["results"]}
    assert list(results) == ["install", "train"]
    assert [f["code"] for f in results["train"]["findings"]] == ["finetune.deps-missing"]
    installs = [c for c in clone.calls("uv") if c.startswith("uv pip install")]
    python = clone.root / "projects/.venv/bin/python"
    assert installs == [f"uv pip install --python {python} --torch-backend auto -r requirements.txt pytest"]
    uploads = step("gpu.yml", "train", "Upload the adapter and the metrics")["with"]["path"].split()
    assert "report.json" in uploads
    for path in workflow("gpu.yml")["on"]["workflow_dispatch"]["inputs"]["deliverable"]["options"]:
        contract = load_contract(clone.root / path / "check.yaml")
        (train,) = [c for c in contract.checks if isinstance(c, FinetuneCheck)]
        outputs = f"projects/*/{train.output_dir}/"
        assert {f"{outputs}adapter_config.json", f"{outputs}metrics.json"} <= set(uploads), path

    published = publish(clone, fake_github, "gpu.yml", "comment", context, clone.root / "report.json")
    assert published.returncode == 0, published.output
    comments = fake_github.state.repos[REPO].issue(issue).comments
    assert [c.body.splitlines()[0] for c in comments] == [
        "<!-- roadmap-check-gpu:p3.d01.public-dataset-finetune -->"
    ]


BOT_STEPS = [
    ("daily.yml", "streak", "roadmap daily", {}),
    ("daily.yml", "graduate", "roadmap graduate", {}),
    ("weekly.yml", "summary", "roadmap weekly", {}),
    ("weekly.yml", "summary", "roadmap weekly", {"week": "2027-W03"}),
    ("graduation.yml", "graduate", "roadmap graduate", {}),
]


@pytest.mark.parametrize(
    ("name", "job", "step_name", "inputs"),
    BOT_STEPS,
    ids=[f"{n}-{j}{'-dispatched' if i else ''}" for n, j, _, i in BOT_STEPS],
)
def test_bot_workflows_as_written_reach_github_with_the_actions_token(
    clone: Clone, fake_github: FakeGitHub, name: str, job: str, step_name: str, inputs: dict[str, str]
) -> None:
    """Their command lines, environment names and flags, against a repository that bootstrap
    has not prepared yet: each bot must reach GitHub, write nothing, and say what to do.
    (What the bots do on a bootstrapped repository is tests/bots/test_bot_commands.py.)"""
    seed_repo(fake_github)
    event = "workflow_dispatch" if inputs else "schedule"
    context = {"github": {"event_name": event, "event": {}, "token": TOKEN}, "inputs": inputs}
    ran = run_step(clone, step(name, job, step_name), context, github_defaults(fake_github))
    assert ran.returncode == 0, ran.output
    assert "`roadmap bootstrap` を実行してください" in ran.output
    assert fake_github.requests
    assert {r.actor for r in fake_github.requests} <= {"github-actions[bot]", None}
    assert fake_github.writes == []
    (call,) = clone.calls("uv")
    assert call.startswith("uv run --frozen --no-dev roadmap ")
    if "weekly" in name:
        assert call.endswith("--week 2027-W03" if inputs else "roadmap weekly")
