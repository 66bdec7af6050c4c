"""The secret scan: every kind of key a learner holds is found, at path:line, and never echoed;
the kits as shipped, the fake LLM's keys and keys read from the environment pass."""

from __future__ import annotations

import json
import random
import string
import subprocess
from typing import TYPE_CHECKING

import pytest
from kits import PROJECTS, SIMPLE_CHAT, TEMPLATES, check, failures, lay_out, statuses

from llm_roadmap.deliverables.checks.secrets import scan
from llm_roadmap.deliverables.fakellm.server import FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY
from llm_roadmap.deliverables.render import ReportRenderer
from llm_roadmap.deliverables.report import Report
from llm_roadmap.render import Renderer

if TYPE_CHECKING:
    from pathlib import Path

_RANDOM = random.Random(9)


def noise(size: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    """Key-like characters, made at run time: no real-looking key is written in this file."""
    return "".join(_RANDOM.choice(alphabet) for _ in range(size))


KEYS = {
    "openai-project": ("sk-" + "proj-" + noise(74) + "T3Blbk" + "FJ" + noise(74), "OpenAI", "OPENAI_API_KEY"),
    "openai-legacy": ("sk-" + noise(48), "OpenAI", "OPENAI_API_KEY"),
    "anthropic": ("sk-" + "ant-api03-" + noise(93) + "AA", "Anthropic", "ANTHROPIC_API_KEY"),
    "hugging-face": ("hf" + "_" + noise(34), "Hugging Face", "HF_TOKEN"),
    "github-classic": ("gh" + "p_" + noise(36), "GitHub", "GITHUB_TOKEN"),
    "github-fine-grained": ("github" + "_pat_" + noise(22) + "_" + noise(59), "GitHub", "GITHUB_TOKEN"),
}


def hard_coded(key: str) -> str:
    return SIMPLE_CHAT.replace("client = OpenAI()", f'client = OpenAI(api_key="{key}")')


@pytest.mark.parametrize(("key", "service", "variable"), KEYS.values(), ids=KEYS.keys())
def test_a_hard_coded_key_fails_at_its_line_and_says_where_it_belongs(
    tmp_path: Path, key: str, service: str, variable: str
) -> None:
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": hard_coded(key)})
    report = check(folder, kinds={"secrets"})
    line = hard_coded(key).lstrip("\n").splitlines().index(f'    client = OpenAI(api_key="{key}")') + 1
    assert failures(report) == {
        "secrets": [f"simple_chat.py:{line}: a {service} key (token) is written into the file"]
    }
    assert failures(report, "ja") == {
        "secrets": [f"simple_chat.py:{line}: {service} のキー（トークン）がファイルに直書きされています"]
    }
    shown = ReportRenderer(Renderer(TEMPLATES, "en")).json(Report(mode="cpu", deliverables=(report,)))
    assert FIXES[variable] in shown
    assert ("`OpenAI()`" in shown) == (service == "OpenAI")  # each service its own example
    assert key not in shown  # the report is public: never the key itself


# The fix each service's hint shows: the SDKs that read their variable themselves say so.
FIXES = {
    "OPENAI_API_KEY": "The OpenAI SDK reads OPENAI_API_KEY from the environment itself, so `OpenAI()`",
    "ANTHROPIC_API_KEY": (
        "The Anthropic SDK reads ANTHROPIC_API_KEY from the environment itself, so `Anthropic()`"
    ),
    "HF_TOKEN": "huggingface_hub reads HF_TOKEN from the environment itself, so pass no `token=`",
    "GITHUB_TOKEN": '`os.environ[\\"GITHUB_TOKEN\\"]`',
}


def test_a_private_key_is_kept_out_and_read_through_a_variable_the_learner_names(tmp_path: Path) -> None:
    pem = (
        "-----BEGIN OPENSSH "
        + "PRIVATE KEY-----\n"
        + noise(70)
        + "\n-----END OPENSSH "
        + "PRIVATE KEY-----\n"
    )
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": SIMPLE_CHAT, "deploy_key": pem})
    report = check(folder, kinds={"secrets"})
    assert failures(report) == {"secrets": ["deploy_key:1: a SSH/TLS key (token) is written into the file"]}
    for language in ("en", "ja"):
        (hint,) = ReportRenderer(Renderer(TEMPLATES, language)).deliverable_view(report).checks[0].hints  # type: ignore[arg-type]
        assert "PRIVATE_KEY_PATH" not in hint
        assert "OpenAI()" not in hint
        assert "~/.ssh/" in hint
        assert "os.environ" in hint


def test_a_key_in_a_notebook_cell_is_found(tmp_path: Path) -> None:
    key = KEYS["openai-legacy"][0]
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": ["import openai\n", f'key = "{key}"\n']}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if key in row)
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": SIMPLE_CHAT, "explore.ipynb": text})
    assert failures(check(folder, kinds={"secrets"})) == {
        "secrets": [f"explore.ipynb:{line}: a OpenAI key (token) is written into the file"]
    }


def test_keys_from_the_environment_and_the_fake_llm_keys_pass(tmp_path: Path) -> None:
    source = SIMPLE_CHAT.replace("client = OpenAI()", 'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])')
    tests = (
        f'FAKE = "{FAKE_OPENAI_KEY}"\nALSO = "{FAKE_ANTHROPIC_KEY}"\nPLACEHOLDER = "sk-proj-…"\n'
        'EXAMPLE = "sk-xxxxxxxxxxxxxxxx"\n\n\ndef test_nothing():\n    assert FAKE\n'
    )
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": source, "tests/test_keys.py": tests})
    assert statuses(check(folder, kinds={"secrets"})) == {"secrets": "passed"}


def test_the_kits_as_shipped_hold_no_secret() -> None:
    for folder in sorted(p for p in PROJECTS.iterdir() if p.is_dir()):
        names = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
        assert scan(folder, names) == [], folder.name


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_a_committed_env_fails_and_an_ignored_one_is_the_learners_own(tmp_path: Path) -> None:
    key = KEYS["openai-legacy"][0]
    folder = lay_out(
        tmp_path, "p1-d01-simple-chat", {"simple_chat.py": SIMPLE_CHAT, ".env": f"OPENAI_API_KEY={key}\n"}
    )
    (tmp_path / ".gitignore").write_text(".env\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "mine")
    assert statuses(check(folder, kinds={"secrets"})) == {"secrets": "passed"}

    _git(tmp_path, "add", "-f", "p1-d01-simple-chat/.env")
    report = check(folder, kinds={"secrets"})
    assert failures(report) == {"secrets": [".env is committed (the API keys in it become public)"]}
    shown = ReportRenderer(Renderer(TEMPLATES, "en")).json(Report(mode="cpu", deliverables=(report,)))
    assert key not in shown
    assert "git rm --cached p1-d01-simple-chat/.env" in shown


SPLIT = {
    "old-style-key": ('OpenAI(api_key="sk-' + noise(20) + '")', "OpenAI"),
    "split-key": ('OpenAI(api_key="sk-" + "proj-' + noise(12) + '")', "OpenAI"),
    "any-literal": ('anthropic.Anthropic(api_key="my-' + 'key")', "Anthropic"),
    "f-string": ("AsyncOpenAI(api_key=f\"sk-{'proj'}\")", "OpenAI"),
}


@pytest.mark.parametrize(("call", "service"), SPLIT.values(), ids=SPLIT.keys())
def test_a_literal_api_key_given_to_an_sdk_client_is_flagged(tmp_path: Path, call: str, service: str) -> None:
    """Issue #9: old `sk-` keys, and keys split to dodge a pattern, are still keys in the code."""
    source = "import anthropic\n" + SIMPLE_CHAT.lstrip("\n").replace("client = OpenAI()", f"client = {call}")
    line = source.splitlines().index(f"    client = {call}") + 1
    folder = lay_out(tmp_path, "p1-d01-simple-chat", {"simple_chat.py": source})
    assert failures(check(folder, kinds={"secrets"})) == {
        "secrets": [f"simple_chat.py:{line}: a {service} key (token) is written into the file"]
    }


def test_dummy_and_fake_keys_in_tests_and_keys_from_the_environment_pass(tmp_path: Path) -> None:
    tests = (
        "from openai import OpenAI\n\n\ndef test_client():\n"
        '    assert OpenAI(api_key="dummy", base_url="http://127.0.0.1:9")\n'
        f'    assert OpenAI(api_key="{FAKE_OPENAI_KEY}")\n'
    )
    source = SIMPLE_CHAT.replace(
        "client = OpenAI()", 'client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY", ""))'
    )
    folder = lay_out(
        tmp_path, "p1-d01-simple-chat", {"simple_chat.py": source, "tests/test_client.py": tests}
    )
    assert statuses(check(folder, kinds={"secrets"})) == {"secrets": "passed"}
