"""The cohort page opened in headless chromium: what a visitor of the Pages site sees.

The screenshot stays in `.screenshots/` (ignored by git) for a human to look at.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from llm_roadmap.cohort.progress import LearnerRow
from llm_roadmap.cohort.query import Spend
from llm_roadmap.cohort.report import view
from llm_roadmap.render import Renderer
from testing import browser
from testing.repo import REPO_ROOT

if TYPE_CHECKING:
    from pathlib import Path

SCREENSHOTS = REPO_ROOT / ".screenshots"
GREEN = (0x1A, 0x7F, 0x37)  # a "done" bar (templates/cohort/page.html.j2)
ROWS = [
    LearnerRow(
        f"learner{n}/llm-year",
        f"https://github.com/learner{n}/llm-year",
        False,
        "ok",
        1,
        10 * n,
        40,
        n,
        False,
        n,
        2,
        1,
        2,
    )
    for n in range(1, 8)
] + [LearnerRow("private/llm-year", "https://github.com/private/llm-year", True, "ok", 2, 90, 40)]


class _Dom(HTMLParser):
    """What the dumped DOM holds: learner rows, chart bars and their widths."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.bars: list[int] = []
        self.svg = 0
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("class") == "learner":
            self.rows.append(str(found.get("data-repo")))
        if tag == "svg":
            self.svg += 1
        if tag == "rect" and found.get("class") == "done":
            self.bars.append(int(str(found.get("width"))))
        for name in ("src", "href"):
            value = found.get(name) or ""
            if tag != "a" and re.match(r"(https?:)?//", value):
                self.external.append(value)


def test_the_page_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    cohort = view(ROWS, generated="2027-03-01 09:00 JST", spend=Spend(1, 1), include_private=False)
    page.write_text(
        Renderer(REPO_ROOT / "templates", "en").render("cohort/page.html.j2", view=cohort), encoding="utf-8"
    )
    dom = _Dom()
    dom.feed(browser.run(page, tmp_path / "profile", "--dump-dom"))
    assert sorted(dom.rows) == [f"learner{n}/llm-year" for n in range(1, 8)]  # the private one is left out
    assert dom.svg == 1
    assert sorted(dom.bars) == [40 * n for n in range(1, 8)]  # 10 % of 400 units per step
    assert dom.external == []  # nothing from a CDN
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / "cohort.png"
    shot.unlink(missing_ok=True)
    browser.run(page, tmp_path / "profile", "--window-size=800,500", f"--screenshot={shot}")
    # The bars are drawn: 7 bars of 16 px height and 40..280 px width (1,120 px in all) are green.
    assert browser.count_color(shot, GREEN) >= 16 * 1120 * 0.9
