"""Shared pytest wiring: the --update-golden flag and the `golden` fixture."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

from testing.repo import RESOURCES

GOLDEN_DIR = RESOURCES / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/resources/golden/ from the current output instead of comparing.",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with `tests/resources/golden/NAME`, or rewrite it with --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path: Path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"{path} is missing; run `scripts/test --update-golden` to create it")
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"{name} differs from {path}; if the change is intended, run"
            " `scripts/test --update-golden` and review the diff"
        )

    return check


pytest_plugins = ["testing.fixtures"]  # fake GitHub server + real-GitHub network guard
