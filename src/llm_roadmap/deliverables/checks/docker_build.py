"""`docker-build`: build the image, where a Docker engine exists.

GitHub-hosted runners have Docker, so the Artifacts workflow passes `--docker`; on a
machine without an engine the check is skipped with that explanation, never failed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.report import Outcome

if TYPE_CHECKING:
    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import DockerBuildCheck


def run(check: DockerBuildCheck, ctx: CheckContext) -> Outcome:
    if ctx.docker is None:
        return Outcome.skipped("docker.not-enabled")
    tag = f"roadmap-check/{ctx.folder.name}:latest".lower()
    command = [ctx.docker, "build", "--file", check.file, "--tag", tag, check.context]
    done = sandbox.run(command, cwd=ctx.folder, env=ctx.env_with(DOCKER_BUILDKIT="1"), timeout=check.seconds)
    details = sandbox.tail(done.output, lines=40)
    if done.timed_out:
        return Outcome.failed("process.timeout", details, seconds=check.seconds, command="docker build")
    if done.returncode is None:
        return Outcome.failed("docker.unavailable", details)
    if done.returncode != 0:
        return Outcome.failed("docker.build-failed", details, code=done.returncode)
    return Outcome.passed()
