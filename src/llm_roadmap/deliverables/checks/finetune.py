"""`finetune`: train, then check that the outputs hold a LoRA adapter and training metrics.

Without `--gpu` the contract's `cpu_command` runs (the starter's `--tiny-random` mode: a
tiny randomly initialised model, nothing downloaded) into a scratch folder, proving the
pipeline end to end on any machine. With `--gpu` (the GPU workflow on a self-hosted
runner) the real `gpu_command` runs into `output_dir`, which the workflow uploads.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.checks.helper import HelperFailed, run_helper
from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import FinetuneCheck

ADAPTER_CONFIG = "adapter_config.json"
WEIGHTS = ("adapter_model.safetensors", "adapter_model.bin")
METRICS = "metrics.json"
CPU_OUTPUTS = "cpu-smoke-outputs"  # where the CPU run writes, in a scratch folder
OOM_MARKERS = ("CUDA out of memory", "OutOfMemoryError", "CUBLAS_STATUS_ALLOC_FAILED")

_FIND_SPECS = """
import importlib.util, json, sys
print(json.dumps([m for m in json.load(sys.stdin) if importlib.util.find_spec(m) is None]))
"""


def run(check: FinetuneCheck, ctx: CheckContext) -> Outcome:
    try:
        missing = run_helper(ctx, _FIND_SPECS, list(check.requires), 60)
    except HelperFailed as exc:
        return Outcome.failed("python.unavailable", python=ctx.python, error=str(exc))
    if missing:
        if ctx.gpu:
            return Outcome.failed("finetune.deps-missing", modules=missing, python=ctx.python)
        return Outcome.skipped("finetune.deps-missing", modules=missing, python=ctx.python)
    output, command, timeout = _plan(check, ctx)
    done = sandbox.run(command, cwd=ctx.folder, env=ctx.env_with(), timeout=timeout)
    details = sandbox.tail(done.output)
    shown = " ".join(check.gpu_command if ctx.gpu else check.cpu_command)
    if any(marker in done.output for marker in OOM_MARKERS):
        return Outcome.failed("finetune.cuda-oom", details)
    if done.timed_out:
        return Outcome.failed("process.timeout", details, seconds=timeout, command=shown)
    if done.returncode != 0:
        return Outcome.failed("process.exit", details, command=shown, code=done.returncode, expected=0)
    findings, metrics = verify_outputs(output, check.metrics, shown=_shown_dir(output, ctx))
    outcome = Outcome.from_findings(findings, details)
    outcome.metrics = metrics
    return outcome


def _plan(check: FinetuneCheck, ctx: CheckContext) -> tuple[Path, list[str], int]:
    if ctx.gpu:
        output = ctx.folder / check.output_dir
        command, timeout = check.gpu_command, check.gpu_timeout
    else:
        output = ctx.scratch / CPU_OUTPUTS
        command, timeout = check.cpu_command, check.seconds
    return output, sandbox.expand(command, ctx.python, output_dir=str(output)), timeout


def _shown_dir(output: Path, ctx: CheckContext) -> str:
    """The output folder as the learner knows it: relative to the deliverable, or its name."""
    try:
        return output.relative_to(ctx.folder).as_posix()
    except ValueError:
        return output.name


def verify_outputs(
    output: Path, required: tuple[str, ...], *, shown: str | None = None
) -> tuple[list[Finding], dict[str, float]]:
    """Findings for a missing or broken adapter or metrics file; the numeric metrics found."""
    where = {"dir": shown or str(output)}
    findings = _adapter_findings(output, where)
    if not any((output / name).is_file() for name in WEIGHTS):
        findings.append(Finding(code="finetune.no-weights", params=where))
    metrics_path = output / METRICS
    if not metrics_path.is_file():
        findings.append(Finding(code="finetune.no-metrics", params=where))
        return findings, {}
    data = _json(metrics_path)
    if not isinstance(data, dict):
        findings.append(
            Finding(code="finetune.bad-metric", params={"name": METRICS, "value": "not a JSON object"})
        )
        return findings, {}
    numeric = {k: float(v) for k, v in data.items() if _finite(v)}
    for name in required:
        if name not in numeric:
            findings.append(
                Finding(code="finetune.bad-metric", params={"name": name, "value": repr(data.get(name))})
            )
    return findings, numeric


def _adapter_findings(output: Path, where: dict[str, str]) -> list[Finding]:
    path = output / ADAPTER_CONFIG
    if not path.is_file():
        return [Finding(code="finetune.no-adapter-config", params=where)]
    config = _json(path)
    if not isinstance(config, dict):
        return [Finding(code="finetune.bad-adapter-config", params={"error": "not a JSON object"})]
    if not config.get("peft_type"):
        return [Finding(code="finetune.bad-adapter-config", params={"error": "no peft_type"})]
    rank = config.get("r")
    if config["peft_type"] == "LORA" and not (isinstance(rank, int) and rank > 0):
        return [Finding(code="finetune.bad-adapter-config", params={"error": f"r is {rank!r}"})]
    return []


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
