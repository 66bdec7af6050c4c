"""Phase 3 deliverables: LoRA fine-tuning (CPU, tiny random model) and the production system.

The fine-tuning tests run the shipped starter `train_lora.py` with the interpreter of
`.venv-finetune` (made by scripts/setup-finetune-env). Without that environment they skip,
unless ROADMAP_REQUIRE_FINETUNE=1 (as in CI), where a missing environment is a failure.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

import pytest
from kits import (
    APP_TESTS,
    FASTAPI_APP,
    PROJECTS,
    REPO_ROOT,
    assert_passed,
    check,
    failures,
    lay_out,
    statuses,
)

if TYPE_CHECKING:
    from pathlib import Path

FINETUNE_PYTHON = REPO_ROOT / ".venv-finetune" / "bin" / "python"


@pytest.fixture(scope="module")
def finetune_python() -> str:
    if FINETUNE_PYTHON.exists():
        return str(FINETUNE_PYTHON)
    reason = f"{FINETUNE_PYTHON} is missing; create it with scripts/setup-finetune-env"
    if os.environ.get("ROADMAP_REQUIRE_FINETUNE") == "1":
        pytest.fail(f"ROADMAP_REQUIRE_FINETUNE=1 but {reason}")
    pytest.skip(reason)


def _train_result(report: object) -> object:
    return next(r for r in report.results if r.id == "train")  # type: ignore[attr-defined]


RESULTS = """
# 結果

Qwen/Qwen2.5-0.5B-Instruct、kunishou/databricks-dolly-15k-ja、200 steps。

| 指標 | 学習前 | 学習後 |
|---|---|---|
| eval_loss | 2.31 | 1.42 |
"""


def test_lora_starter_trains_on_the_cpu_and_satisfies_the_contract(
    tmp_path: Path, finetune_python: str
) -> None:
    folder = lay_out(tmp_path, "p3-d01-public-dataset-finetune", {"RESULTS.md": RESULTS})
    report = check(folder, python=finetune_python)
    assert_passed(report)
    metrics = _train_result(report).metrics  # type: ignore[attr-defined]
    assert metrics["steps"] == 8
    assert metrics["train_loss"] > 0
    assert metrics["eval_loss"] > 0
    assert metrics["lora_r"] == 8


def test_lora_on_own_data_reuses_the_starter(tmp_path: Path, finetune_python: str) -> None:
    lay_out(tmp_path, "p3-d01-public-dataset-finetune", {"RESULTS.md": RESULTS})
    rows = [{"instruction": f"質問{i}は？", "output": f"答え{i}です。"} for i in range(50)]
    folder = lay_out(
        tmp_path,
        "p3-d02-lora-own-data",
        {
            "data/train.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
            "DATASET.md": "# 社内FAQ（架空）\n",
        },
    )
    report = check(folder, python=finetune_python)
    assert_passed(report)
    assert _train_result(report).metrics["train_examples"] == 45  # type: ignore[attr-defined]


def test_training_that_saves_no_adapter_fails_with_what_is_missing(
    tmp_path: Path, finetune_python: str
) -> None:
    broken = """
    import json
    import sys
    from pathlib import Path

    out = Path(sys.argv[sys.argv.index("--output-dir") + 1])
    out.mkdir(parents=True)
    (out / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "r": 8}))
    (out / "metrics.json").write_text(json.dumps({"train_loss": 1.5, "eval_loss": None}))
    """
    folder = lay_out(
        tmp_path, "p3-d01-public-dataset-finetune", {"train_lora.py": broken, "RESULTS.md": RESULTS}
    )
    report = check(folder, python=finetune_python, kinds={"finetune"})
    assert failures(report) == {
        "train": [
            "cpu-smoke-outputs has no adapter weights (adapter_model.safetensors)",
            "metrics.json: eval_loss is not a number (None)",
        ]
    }


def test_cuda_out_of_memory_prints_the_roadmaps_advice(tmp_path: Path, finetune_python: str) -> None:
    oom = 'raise SystemExit("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB")\n'
    folder = lay_out(
        tmp_path, "p3-d01-public-dataset-finetune", {"train_lora.py": oom, "RESULTS.md": RESULTS}
    )
    report = check(folder, python=finetune_python, kinds={"finetune"})
    assert failures(report) == {"train": ["the GPU ran out of memory (CUDA out of memory)"]}
    from llm_roadmap.deliverables.render import ReportRenderer
    from llm_roadmap.render import Renderer

    view = ReportRenderer(Renderer(REPO_ROOT / "templates", "ja")).deliverable_view(report)
    advice = view.checks[0].advice or ""
    assert "バッチサイズ削減、gradient accumulation使用" in advice
    assert "`--grad-accum 16`" in advice


def test_training_is_skipped_where_torch_is_missing(tmp_path: Path) -> None:
    folder = lay_out(tmp_path, "p3-d01-public-dataset-finetune", {"RESULTS.md": RESULTS})
    report = check(folder, python=sys.executable, kinds={"finetune"})
    (result,) = report.results
    assert str(result.status) == "skipped"
    assert result.findings[0].params == {
        "modules": ["torch", "transformers", "peft"],
        "python": sys.executable,
    }


def test_own_data_with_a_broken_row_fails_before_training(tmp_path: Path) -> None:
    rows = [json.dumps({"instruction": f"q{i}", "output": f"a{i}"}) for i in range(60)]
    rows[6] = json.dumps({"instruction": "q6", "output": "  "})
    folder = lay_out(
        tmp_path,
        "p3-d02-lora-own-data",
        {"data/train.jsonl": "\n".join(rows) + "\n", "DATASET.md": "x\n"},
    )
    report = check(folder, python=sys.executable, kinds={"files", "dataset", "finetune"})
    assert failures(report) == {
        "dataset": ["data/train.jsonl:7: needs non-empty text in: output (the row has: instruction, output)"]
    }
    assert statuses(report)["train"] == "skipped"


PRODUCTION_DOCKERFILE = """
FROM python:3.12-slim AS base
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app ./app
RUN useradd --create-home app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
"""


def production_files(dockerfile: str = PRODUCTION_DOCKERFILE) -> dict[str, str]:
    return {
        "app/__init__.py": "",
        "app/main.py": FASTAPI_APP.replace("{reply_field}", "reply"),
        "Dockerfile": dockerfile,
        ".dockerignore": ".env\n.venv\n",
        "ARCHITECTURE.md": "# Architecture\n\nFastAPI → vLLM (OpenAI-compatible).\n",
        "requirements.txt": "fastapi\nuvicorn\nopenai\nhttpx\n",
        "tests/test_app.py": APP_TESTS,
    }


def test_production_system_passes(tmp_path: Path) -> None:
    report = check(lay_out(tmp_path, "p3-d03-production-system", production_files()))
    assert {k: v for k, v in statuses(report).items() if v != "passed"} == {"docker-build": "skipped"}, report


def test_production_dockerfile_running_as_root_fails(tmp_path: Path) -> None:
    root = PRODUCTION_DOCKERFILE.replace("USER app\n", "").replace("HEALTHCHECK", "# HEALTHCHECK")
    report = check(
        lay_out(tmp_path, "p3-d03-production-system", production_files(root)), kinds={"files", "dockerfile"}
    )
    assert failures(report) == {"dockerfile": ["the container runs as root", "there is no HEALTHCHECK"]}


def test_results_without_numbers_for_both_sides_fail(tmp_path: Path) -> None:
    words = RESULTS.replace("| eval_loss | 2.31 | 1.42 |", "| eval_loss | 下がった | もっと下がった |")
    folder = lay_out(tmp_path, "p3-d01-public-dataset-finetune", {"RESULTS.md": words})
    report = check(folder, python=sys.executable, kinds={"files", "report-table"})
    assert statuses(report) == {"files": "passed", "results": "failed"}


def test_the_kit_ships_the_starter_and_no_outputs() -> None:
    kit = PROJECTS / "p3-d01-public-dataset-finetune"
    assert (kit / "train_lora.py").is_file()
    assert not (kit / "outputs").exists()
