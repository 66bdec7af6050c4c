"""Which files the template owns (brought forward) and which the learner owns (never touched).

Both lists use gitignore syntax (the `pathspec` library), like `.templatesyncignore` of
AndreasAugustin/actions-template-sync: a path the template owns is still the learner's
when their ignore file names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pathspec

if TYPE_CHECKING:
    from collections.abc import Iterable

IGNORE_FILE = ".templatesyncignore"
RECORD_FILE = "roadmap/upgrade.yaml"
KIT_MANIFEST = "projects/kits.lock.json"

# The product: code, templates, workflows, docs, the roadmap data, and what each kit ships
# to start a deliverable (its README and check.yaml). Anything else is the learner's.
TEMPLATE_OWNED = (
    "/.ci/",
    "/.github/",
    "/benchmarks/",
    "/docs/",
    "/roadmap/",
    "/scripts/",
    "/src/",
    "/templates/",
    "/tests/",
    "/pyproject.toml",
    "/uv.lock",
    "/projects/README.md",
    "/projects/ruff.toml",
    f"/{KIT_MANIFEST}",
    "/projects/*/README.md",
    "/projects/*/check.yaml",
)
# Inside the template-owned folders, still the learner's: their settings and our record.
LEARNER_OWNED = ("/roadmap/config.yaml", f"/{RECORD_FILE}", f"/{IGNORE_FILE}")


@dataclass(frozen=True)
class Ownership:
    """Decides, per path relative to the repository root, who owns it."""

    template: pathspec.GitIgnoreSpec
    learner: pathspec.GitIgnoreSpec

    @classmethod
    def build(cls, ignore_lines: Iterable[str] = ()) -> Ownership:
        learner = [*LEARNER_OWNED, *ignore_lines]
        return cls(
            pathspec.GitIgnoreSpec.from_lines(TEMPLATE_OWNED), pathspec.GitIgnoreSpec.from_lines(learner)
        )

    def template_owns(self, path: str) -> bool:
        return self.template.match_file(path) and not self.learner.match_file(path)

    def follows_template(self, path: str) -> bool:
        """Generated from the template's kits: take the template's version as it is."""
        return path == KIT_MANIFEST and self.template_owns(path)
