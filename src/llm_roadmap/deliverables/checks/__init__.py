"""One module per kind of check, named like the kind (`docker-build` → `docker_build`);
`RUNNERS` maps each contract `kind` to its module's `run`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables.checks import (
    dataset,
    docker_build,
    dockerfile,
    files,
    finetune,
    http,
    imports,
    parse,
    pytest,
    report_table,
    ruff,
    run,
    secrets,
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
    "pytest": pytest.run,
    "run": run.run,
    "http": http.run,
    "dockerfile": dockerfile.run,
    "docker-build": docker_build.run,
    "report-table": report_table.run,
    "dataset": dataset.run,
    "finetune": finetune.run,
}
