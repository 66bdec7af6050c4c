"""How politely to talk to GitHub: pauses between writes, retries, rate-limit waits.

Kept apart from the GitHub client so that reading settings does not import PyGithub.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Pacing:
    """How politely to talk to GitHub. Tests and GitHub Enterprise Server may change it."""

    seconds_between_writes: float = 1.0
    seconds_between_requests: float = 0.0
    retries: int = 5
    backoff_factor: float = 1.0
    max_rate_limit_wait: float = 900.0
    timeout: float = 30.0

    def with_write_interval(self, seconds: float) -> Pacing:
        """`seconds` between writes; no backoff either when there is no pause (a test server)."""
        backoff = Pacing.backoff_factor if seconds > 0 else 0.0
        return replace(self, seconds_between_writes=seconds, backoff_factor=backoff)

    @classmethod
    def off(cls) -> Pacing:
        """No pauses and no backoff (the fake server in tests; benchmarks)."""
        return cls(0.0, 0.0, retries=3, backoff_factor=0.0, max_rate_limit_wait=5.0)
