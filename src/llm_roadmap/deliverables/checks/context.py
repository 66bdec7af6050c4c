"""What every check runner gets: where the deliverable is and how to run its code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.fakellm import FakeLLM

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class CheckContext:
    """Built once per deliverable by the runner; nothing in a check reads os.environ.

    `base_env` is already stripped of secrets (`sandbox.safe_environment`). `ruff` and
    `docker` are paths to those programs, or None where they are not available (or, for
    Docker, not asked for). `scratch` is a private temporary folder for outputs.
    """

    folder: Path
    python: str
    base_env: dict[str, str]
    scratch: Path
    ruff: str | None = None
    docker: str | None = None
    gpu: bool = False
    nonce: str = "0"
    installed: bool = False  # `--install` ran: requirements.txt is in `python`'s environment
    venv: str | None = None  # the learner's own venv `python` belongs to, as the report shows it
    python_given: bool = False  # `python` came from --python
    listed: frozenset[str] = frozenset()  # packages requirements.txt names (`causes.normalize`d)
    extra_env: dict[str, str] = field(default_factory=dict)

    def fake_llm(self) -> FakeLLM:
        """A fresh fake LLM server (start it with `with`), so each check sees only its calls."""
        return FakeLLM(self.nonce)

    def env_with(self, llm: FakeLLM | None = None, **extra: str) -> dict[str, str]:
        env = dict(self.base_env)
        env.update(self.extra_env)
        if llm is not None:
            env.update(llm.client_env())
        env.update(extra)
        return env
