"""`dockerfile`: static rules for a Dockerfile, checked where no Docker engine exists.

The rules catch what most often breaks or leaks in a learner's first image: an unpinned
base image, no command to run, files copied that are not there, an API key baked into
the image, and a `.env` file sent into the build context.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.checks.files import exists
from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import DockerfileCheck

_SECRET_NAME = re.compile(r"(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD)", re.IGNORECASE)
_ROOT_USERS = frozenset({"root", "0", "0:0", "root:root"})


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    args: str


def parse(text: str) -> list[Instruction]:
    """Instructions with their first line number; continuation lines joined, comments dropped."""
    result: list[Instruction] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if buffer and stripped.startswith("#"):
            continue  # comments inside a continued instruction are dropped by Docker too
        if not buffer:
            start = number
        continued = stripped.endswith("\\")
        buffer.append(stripped[:-1] if continued else stripped)
        if not continued:
            _append(result, start, " ".join(buffer))
            buffer = []
    if buffer:
        _append(result, start, " ".join(buffer))
    return result


def _append(result: list[Instruction], line: int, joined: str) -> None:
    keyword, _, args = joined.partition(" ")
    result.append(Instruction(line, keyword.upper(), args.strip()))


def run(check: DockerfileCheck, ctx: CheckContext) -> Outcome:
    path = ctx.folder / check.path
    if not path.is_file():
        return Outcome.failed("dockerfile.missing", path=check.path)
    instructions = parse(path.read_text(encoding="utf-8", errors="replace"))
    findings = _structure(instructions, check)
    findings += _base_images(instructions)
    findings += _secrets(instructions)
    findings += _copy_sources(instructions, path.parent)
    findings += _dockerignore(path.parent)
    return Outcome.from_findings(findings)


def _structure(instructions: list[Instruction], check: DockerfileCheck) -> list[Finding]:
    keywords = [i.keyword for i in instructions]
    first = next((k for k in keywords if k != "ARG"), None)
    findings = []
    if first != "FROM":
        findings.append(Finding(code="dockerfile.from-first"))
    if not {"CMD", "ENTRYPOINT"} & set(keywords):
        findings.append(Finding(code="dockerfile.no-cmd"))
    if check.require_expose and "EXPOSE" not in keywords:
        findings.append(Finding(code="dockerfile.no-expose"))
    if check.require_non_root and _final_user(instructions) in _ROOT_USERS:
        findings.append(Finding(code="dockerfile.root"))
    healthchecks = [i for i in instructions if i.keyword == "HEALTHCHECK"]
    if check.require_healthcheck and not any(i.args.upper() != "NONE" for i in healthchecks):
        findings.append(Finding(code="dockerfile.no-healthcheck"))
    return findings


def _final_user(instructions: list[Instruction]) -> str:
    user = "root"
    for instruction in instructions:
        if instruction.keyword == "FROM":
            user = "root"  # each stage starts as root again
        elif instruction.keyword == "USER":
            user = instruction.args.split()[0] if instruction.args else "root"
    return user


def _base_images(instructions: list[Instruction]) -> list[Finding]:
    stages: set[str] = {"scratch"}
    findings = []
    for instruction in instructions:
        if instruction.keyword != "FROM":
            continue
        words = [w for w in instruction.args.split() if not w.startswith("--")]
        if not words:
            continue
        image = words[0]
        if len(words) >= 3 and words[1].lower() == "as":
            stages.add(words[2].lower())
        if image.lower() in stages or "$" in image or "@sha256:" in image:
            continue
        name = image.rsplit("/", 1)[-1]
        tag = name.partition(":")[2]
        if not tag or tag == "latest":
            findings.append(
                Finding(code="dockerfile.unpinned", params={"line": instruction.line, "image": image})
            )
    return findings


def _secrets(instructions: list[Instruction]) -> list[Finding]:
    findings = []
    for instruction in instructions:
        if instruction.keyword not in ("ENV", "ARG"):
            continue
        for name, has_value in _assignments(instruction):
            if has_value and _SECRET_NAME.search(name):
                findings.append(
                    Finding(code="dockerfile.secret", params={"line": instruction.line, "name": name})
                )
    return findings


def _assignments(instruction: Instruction) -> list[tuple[str, bool]]:
    """(name, has a value) for `ENV A=1 B=2`, `ENV A 1`, `ARG A`, `ARG A=1`."""
    words = instruction.args.split()
    if not words:
        return []
    if instruction.keyword == "ENV" and "=" not in words[0]:
        return [(words[0], len(words) > 1)]
    pairs = []
    for word in words:
        name, sign, value = word.partition("=")
        pairs.append((name, bool(sign) and bool(value.strip("\"'"))))
    return pairs


def _copy_sources(instructions: list[Instruction], context: Path) -> list[Finding]:
    findings = []
    for instruction in instructions:
        if instruction.keyword not in ("COPY", "ADD"):
            continue
        words = _copy_words(instruction.args)
        if any(w.startswith("--from") for w in words):
            continue  # copies from another stage or image, not from the build context
        sources = [w for w in words if not w.startswith("--")][:-1]
        for source in sources:
            if "://" in source or "$" in source:
                continue
            if not exists(context, source.lstrip("/") or "."):
                findings.append(
                    Finding(
                        code="dockerfile.copy-source", params={"line": instruction.line, "source": source}
                    )
                )
    return findings


def _copy_words(args: str) -> list[str]:
    if args.startswith("["):
        try:
            value = json.loads(args)
        except ValueError:
            return args.split()
        return [str(v) for v in value] if isinstance(value, list) else args.split()
    flags = [w for w in args.split() if w.startswith("--")]
    rest = args.split()[len(flags) :]
    if rest and rest[0].startswith("["):
        return flags + _copy_words(" ".join(rest))
    return args.split()


def _dockerignore(context: Path) -> list[Finding]:
    ignore = context / ".dockerignore"
    if not ignore.is_file():
        return [Finding(code="dockerfile.no-dockerignore")]
    patterns = [
        line.strip().lstrip("/").removeprefix("**/")
        for line in ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip() and not line.strip().startswith(("#", "!"))
    ]
    if not any(fnmatch.fnmatch(".env", p) for p in patterns):
        return [Finding(code="dockerfile.dockerignore-env")]
    return []
