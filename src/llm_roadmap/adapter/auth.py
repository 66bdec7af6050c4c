"""Where the token comes from: GITHUB_TOKEN, GH_TOKEN, then the GitHub CLI."""

from __future__ import annotations

import shutil
import subprocess


def token_from(env: dict[str, str]) -> str | None:
    """The first token found; `gh auth token` is asked only when the variables are empty."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        if env.get(name):
            return env[name]
    return _gh_token()


def _gh_token() -> str | None:
    gh = shutil.which("gh")
    if gh is None:
        return None
    try:
        result = subprocess.run(
            [gh, "auth", "token"], capture_output=True, text=True, check=False, timeout=15
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    token = result.stdout.strip()
    return token if result.returncode == 0 and token else None
