"""Turn the 12-month LLM application roadmap into a learner's GitHub workspace."""

from __future__ import annotations

__version__ = "0.1.0"
