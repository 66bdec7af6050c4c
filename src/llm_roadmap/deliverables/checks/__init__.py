"""One module per kind of check; `RUNNERS` maps each contract `kind` to its `run`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables.checks import (
    dataset,
    docker_build,
    dockerfile,
    files,
    finetune,
    imports,
    parse,
    program,
    report_table,
    ruff,
    secrets,
    unit_tests,
    web,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.report import Outcome

RUNNERS: dict[str, Callable[[Any, CheckContext], Outcome]] = {
    "files": files.run,
    "parse": parse.run,
    "secrets": secrets.run,
    "imports": imports.run,
    "ruff": ruff.run,
    "pytest": unit_tests.run,
    "run": program.run,
    "http": web.run,
    "dockerfile": dockerfile.run,
    "docker-build": docker_build.run,
    "report-table": report_table.run,
    "dataset": dataset.run,
    "finetune": finetune.run,
}
