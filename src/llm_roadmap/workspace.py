"""Load everything a command needs, once: roadmap, config, schedule, renderer, plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap.model.load import load_all
from llm_roadmap.plan.desired import build_desired
from llm_roadmap.render import Renderer
from llm_roadmap.schedule import build_schedule

if TYPE_CHECKING:
    from llm_roadmap.model.config import Config
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.schedule import Schedule
    from llm_roadmap.settings import Settings


@dataclass(frozen=True)
class Workspace:
    roadmap: Roadmap
    config: Config
    schedule: Schedule
    renderer: Renderer

    @classmethod
    def load(cls, settings: Settings) -> Workspace:
        roadmap, config = load_all(settings.root, settings.config_path)
        renderer = Renderer(settings.root / "templates", config.language)
        return cls(roadmap, config, build_schedule(roadmap, config), renderer)

    def desired(self, repo_url: str | None) -> Desired:
        return build_desired(self.roadmap, self.config, self.schedule, self.renderer, repo_url)
