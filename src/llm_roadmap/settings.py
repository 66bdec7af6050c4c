"""One settings object, built at the entry point from the environment and passed down."""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from llm_roadmap.errors import UsageError
from llm_roadmap.pacing import Pacing
from llm_roadmap.paths import CONFIG_FILE

if TYPE_CHECKING:
    from pathlib import Path

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_GRAPHQL_URL = "https://api.github.com/graphql"


@dataclass(frozen=True)
class Settings:
    """Where the repository is and how to reach GitHub. Nothing deeper reads os.environ."""

    root: Path
    config_path: Path
    api_url: str = DEFAULT_API_URL
    graphql_url: str = DEFAULT_GRAPHQL_URL
    server_url: str = "https://github.com"
    token: str | None = field(default=None, repr=False)
    pacing: Pacing = field(default_factory=Pacing)
    env: dict[str, str] = field(default_factory=dict, repr=False)
    # Set by GitHub Actions (docs: "Store information in variables" → default variables).
    step_summary: Path | None = None  # GITHUB_STEP_SUMMARY: Markdown shown on the run's page
    event_path: Path | None = None  # GITHUB_EVENT_PATH: the triggering webhook payload
    event_name: str | None = None  # GITHUB_EVENT_NAME
    repository: str | None = None  # GITHUB_REPOSITORY: owner/name

    def with_write_interval(self, seconds: float) -> Settings:
        """These settings with `seconds` between writes (`--write-interval`)."""
        return dataclasses.replace(self, pacing=self.pacing.with_write_interval(seconds))

    def repo_url(self, repo: str | None) -> str | None:
        return f"{self.server_url}/{repo}" if repo else None

    @classmethod
    def from_environment(
        cls, *, root: Path, config_path: Path | None = None, environ: dict[str, str] | None = None
    ) -> Settings:
        env = dict(os.environ if environ is None else environ)
        api_url = env.get("GITHUB_API_URL", DEFAULT_API_URL).rstrip("/")
        return cls(
            root=root,
            config_path=config_path or root / CONFIG_FILE,
            api_url=api_url,
            graphql_url=env.get("GITHUB_GRAPHQL_URL", _graphql_url_for(api_url)),
            server_url=env.get("GITHUB_SERVER_URL", _server_url_for(api_url)).rstrip("/"),
            token=env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or None,
            pacing=_pacing(env),
            env=env,
            step_summary=_path(env.get("GITHUB_STEP_SUMMARY")),
            event_path=_path(env.get("GITHUB_EVENT_PATH")),
            event_name=env.get("GITHUB_EVENT_NAME") or None,
            repository=env.get("GITHUB_REPOSITORY") or None,
        )


def _graphql_url_for(api_url: str) -> str:
    """github.com serves GraphQL at /graphql; GitHub Enterprise Server at /api/graphql."""
    if api_url.endswith("/api/v3"):
        return api_url.removesuffix("/v3") + "/graphql"
    return api_url + "/graphql"


def _server_url_for(api_url: str) -> str:
    """The web address matching an API address (for links in issue bodies)."""
    if api_url.endswith("/api/v3"):
        return api_url.removesuffix("/api/v3")
    return "https://github.com"


def _pacing(env: dict[str, str]) -> Pacing:
    """Pacing from ROADMAP_WRITE_INTERVAL (seconds between writes, default 1) and ROADMAP_RETRIES.

    Raises `UsageError` (exit 2) for a value that is not a number in range.
    """
    default = Pacing()
    interval = _number(env, "ROADMAP_WRITE_INTERVAL", default.seconds_between_writes, maximum=3600)
    retries = _number(env, "ROADMAP_RETRIES", default.retries, maximum=100, whole=True)
    return Pacing(retries=int(retries)).with_write_interval(interval)


def _number(env: dict[str, str], name: str, default: float, *, maximum: int, whole: bool = False) -> float:
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= maximum:  # also refuses nan
        what = "a whole number" if whole else "a number of seconds"
        raise UsageError(
            f"environment variable {name}={raw!r} is not {what} from 0 to {maximum}\n"
            f"  hint: unset it to use the default ({default:g}), or set it to a value such as {default:g}"
        )
    return value


def _path(value: str | None) -> Path | None:
    from pathlib import Path

    return Path(value) if value else None
