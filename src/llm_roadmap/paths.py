"""Where things live in the learner's repository, relative to its root."""

from __future__ import annotations

from pathlib import Path

GUIDE_FILE = Path("roadmap/guide.yaml")
GITHUB_FILE = Path("roadmap/github.yaml")
PHASES_DIR = Path("roadmap/phases")
CONFIG_FILE = Path("roadmap/config.yaml")
