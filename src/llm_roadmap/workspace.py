"""Load everything a command needs, once: roadmap, config, schedule, renderer, plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.contract import CONTRACT_FILE, load_contracts
from llm_roadmap.errors import InvalidInput
from llm_roadmap.model.load import load_all
from llm_roadmap.ownership import check_item_id
from llm_roadmap.plan.desired import CheckItem, build_desired
from llm_roadmap.plan.limits import limit_problems
from llm_roadmap.render import Renderer
from llm_roadmap.schedule import build_schedule

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

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
    checks: Mapping[str, tuple[CheckItem, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings) -> Workspace:
        roadmap, config = load_all(settings.root, settings.config_path)
        renderer = Renderer(settings.root / "templates", config.language)
        checks = load_check_items(settings.root, roadmap)
        return cls(roadmap, config, build_schedule(roadmap, config), renderer, checks)

    def desired(self, repo_url: str | None) -> Desired:
        """The desired state; `InvalidInput` when GitHub would refuse a title or a body."""
        desired = build_desired(
            self.roadmap, self.config, self.schedule, self.renderer, repo_url, self.checks
        )
        problems = limit_problems(desired, self.roadmap)
        if problems:
            raise InvalidInput(problems)
        return desired


def load_check_items(root: Path, roadmap: Roadmap) -> dict[str, tuple[CheckItem, ...]]:
    """Each deliverable's automatic checks, read from `<folder>/check.yaml` where it exists.

    A broken check.yaml is bad input like a broken roadmap file: `InvalidInput`, exit 2.
    """
    paths = [path for _, d in roadmap.deliverables() if (path := root / d.folder / CONTRACT_FILE).is_file()]
    known = frozenset(d.id for _, d in roadmap.deliverables())
    return {
        contract.deliverable: tuple(
            CheckItem(check_item_id(contract.deliverable, check.id), check.title) for check in contract.checks
        )
        for contract in load_contracts(paths, known_ids=known, root=root)
    }
