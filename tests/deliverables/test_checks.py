"""Check runners one at a time, on small inputs: the exact finding for each typical mistake."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from kits import TEMPLATES, check, failures, lay_out

from llm_roadmap.deliverables.checks import dockerfile, report_table
from llm_roadmap.deliverables.checks.finetune import verify_outputs
from llm_roadmap.deliverables.checks.run import last_json_object
from llm_roadmap.deliverables.contract import CONTRACT_FILE, KINDS
from llm_roadmap.deliverables.render import ReportRenderer
from llm_roadmap.deliverables.report import Finding
from llm_roadmap.render import Renderer

if TYPE_CHECKING:
    from pathlib import Path

PREFIXES = (
    "files|parse|secrets|python|ruff|pytest|process|llm|run|http|imports"
    "|dockerfile|docker|report|dataset|finetune|install|skip"
)
CODE = re.compile(rf"[\"']((?:{PREFIXES})\.[a-z-]+)[\"']")


def test_parse_reports_python_and_data_errors_with_positions(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p1-d01-simple-chat",
        {
            "simple_chat.py": "def main(:\n    pass\n",
            "config.json": '{"a": 1,}\n',
            "settings.toml": "x = \n",
            ".venv/lib/broken.py": "def (",  # virtualenvs are not the learner's code
        },
    )
    report = check(folder, kinds={"parse"})
    assert failures(report) == {
        "parse": [
            "simple_chat.py:1:10: Python syntax error: invalid syntax",
            "config.json:1:9: cannot be parsed: Expecting property name enclosed in double quotes",
            "settings.toml:1:5: cannot be parsed: Invalid value (at line 1, column 5)",
        ]
    }


def test_learner_tests_that_fail_say_so(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p1-d01-simple-chat",
        {
            "simple_chat.py": "",
            "tests/test_x.py": "def test_a():\n    assert 1 == 2\n\n\ndef test_b():\n    pass\n",
        },
    )
    report = check(folder, kinds={"pytest"})
    (message,) = failures(report)["tests"]
    assert message.startswith("tests failed: 1 failed, 1 passed in ")


def test_no_tests_at_all(tmp_path: Path) -> None:
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": "", "tests/helpers.py": ""})
    assert failures(check(folder, kinds={"pytest"})) == {"tests": ["no tests found in tests"]}


def test_a_web_app_that_crashes_on_start(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p1-d05-fastapi-web-app",
        {"app/__init__.py": "", "app/main.py": "raise RuntimeError('boom')\n"},
    )
    report = check(folder, kinds={"http"})
    assert failures(report) == {"api": ["the web server exited while starting (exit code 1)"]}
    assert "RuntimeError: boom" in "\n".join(report.results[0].details)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("FROM python:3.12-slim\nCMD x\nEXPOSE 1\n", []),
        ("ARG V=3.12\nFROM python:${V}\nCMD x\nEXPOSE 1\n", []),
        ("FROM python:3.12 AS build\nFROM build\nCMD x\nEXPOSE 1\n", []),
        ("FROM python@sha256:abc\nCMD x\nEXPOSE 1\n", []),
        ("FROM localhost:5000/app\nCMD x\nEXPOSE 1\n", ["dockerfile.unpinned"]),
        ("RUN echo\nFROM python:3.12\nCMD x\nEXPOSE 1\n", ["dockerfile.from-first"]),
        ("FROM python:3.12\nARG OPENAI_API_KEY\nCMD x\nEXPOSE 1\n", []),
        ("FROM python:3.12\nENV HF_TOKEN hf_abc\nCMD x\nEXPOSE 1\n", ["dockerfile.secret"]),
        ("FROM python:3.12\nCOPY --from=build /a /b\nCMD x\nEXPOSE 1\n", []),
        ('FROM python:3.12\nCOPY ["missing.txt", "."]\nCMD x\nEXPOSE 1\n', ["dockerfile.copy-source"]),
        ("FROM python:3.12\nRUN pip install \\\n  fastapi\nCMD x\nEXPOSE 1\n", []),
    ],
)
def test_dockerfile_rules(tmp_path: Path, text: str, codes: list[str]) -> None:
    (tmp_path / ".dockerignore").write_text(".env*\n", encoding="utf-8")
    instructions = dockerfile.parse(text)
    findings = dockerfile._structure(instructions, _dockerfile_check())
    findings += dockerfile._base_images(instructions)
    findings += dockerfile._secrets(instructions)
    findings += dockerfile._copy_sources(instructions, tmp_path)
    assert [f.code for f in findings] == codes


def _dockerfile_check() -> dockerfile.DockerfileCheck:  # type: ignore[name-defined]
    return KINDS["dockerfile"].model_validate(
        {"id": "d", "kind": "dockerfile", "title": {"ja": "d", "en": "d"}}
    )


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("0.78", 0.78),
        ("**0.81**", 0.81),
        ("78%", 78.0),
        ("1,024 ms", 1024.0),
        ("−0.5", -0.5),
        ("n/a", None),
        ("", None),
    ],
)
def test_report_numbers(cell: str, value: float | None) -> None:
    assert report_table.number(cell) == value


def test_report_prefers_the_table_with_most_metrics() -> None:
    markdown = (
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "| 設定 | f | g |\n| :--- | ---: | --- |\n| 改善前 | 0.5 | 0.1 |\n| 改善後 | 0.6 | 0.1 |\n"
    )
    (first, second) = report_table.tables(markdown)
    assert report_table.compare(first, ("改善前",), ("改善後",)) == {}
    assert report_table.compare(second, ("改善前",), ("改善後",)) == {"f": (0.5, 0.6), "g": (0.1, 0.1)}


def test_finetune_outputs_are_verified(tmp_path: Path) -> None:
    (tmp_path / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "r": 0}), encoding="utf-8")
    (tmp_path / "adapter_model.safetensors").write_bytes(b"x")
    (tmp_path / "metrics.json").write_text(
        json.dumps({"train_loss": float("nan"), "steps": 3}), encoding="utf-8"
    )
    findings, metrics = verify_outputs(tmp_path, ("train_loss",), shown="outputs")
    assert findings == [
        Finding(code="finetune.bad-adapter-config", params={"error": "r is 0"}),
        Finding(code="finetune.bad-metric", params={"name": "train_loss", "value": "nan"}),
    ]
    assert metrics == {"steps": 3.0}


def test_last_json_object_finds_the_result_among_other_lines() -> None:
    text = 'loading {model}\n{"a": 1}\nresult:\n{"b": {"c": [1, 2]}}\ndone'
    assert last_json_object(text) == {"b": {"c": [1, 2]}}
    assert last_json_object("no json") is None


def test_every_message_code_has_a_message_and_a_hint_in_both_languages() -> None:
    catalogue = ReportRenderer(Renderer(TEMPLATES, "ja")).catalogue
    assert set(catalogue.messages) == set(catalogue.hints)
    package = TEMPLATES.parent / "src/llm_roadmap/deliverables"
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    used = {code for code in CODE.findall(source) if not code.endswith((".ini", ".md"))}
    assert len(used) > 60
    assert used <= set(catalogue.messages), used - set(catalogue.messages)


def test_every_shipped_contract_has_its_check_titles_in_the_readme() -> None:
    from kits import PROJECTS

    from llm_roadmap.deliverables.contract import load_contract

    for path in sorted(PROJECTS.glob(f"*/{CONTRACT_FILE}")):
        readme = (path.parent / "README.md").read_text(encoding="utf-8")
        for item in load_contract(path).checks:
            assert item.title.ja in readme, f"{path.parent.name}: {item.title.ja}"
