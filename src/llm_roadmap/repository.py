"""Which GitHub repository the learner means: --repo, the config, or the origin remote."""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

from llm_roadmap.errors import UsageError
from llm_roadmap.model.limits import is_repo_name

if TYPE_CHECKING:
    from pathlib import Path

# https://host/owner/name(.git), ssh://git@host/owner/name, git@host:owner/name: a host
# first, so that a local path (a clone of a clone) is not read as owner/name.
_REMOTE = re.compile(
    r"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/:]+@[^:/]+:)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def parse_remote(url: str) -> str | None:
    """owner/name from an https, ssh or scp-style git remote URL."""
    match = _REMOTE.match(url.strip())
    if match is None:
        return None
    repo = f"{match['owner']}/{match['name']}"
    return repo if is_repo_name(repo) else None


def origin_repo(root: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return parse_remote(result.stdout) if result.returncode == 0 else None


def resolve_repo(option: str | None, configured: str | None, root: Path) -> str | None:
    """The first of: the --repo option, roadmap/config.yaml's repo, the origin remote."""
    for candidate in (option, configured):
        if candidate is not None:  # an empty --repo "" is a mistake, not "use the default"
            if not is_repo_name(candidate):
                raise UsageError(
                    f"invalid repository {candidate!r}\n  hint: write it as owner/name, e.g. octocat/llm-year"
                )
            return candidate
    return origin_repo(root)
