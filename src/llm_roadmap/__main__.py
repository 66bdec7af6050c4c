from __future__ import annotations

from llm_roadmap.cli import main

main()
