"""One report, several outputs: a terminal table, JSON, and Markdown (summary, comment).

Every word a learner reads comes from `templates/checks/`: the message catalogue
(`messages.yaml`, Japanese and English pairs by id, for the text built here with
parameters) and the Markdown templates, rendered from the typed views built here through
the roadmap's one `Renderer` (see `llm_roadmap.render` for the environment and the one
way to translate).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText

from llm_roadmap.deliverables.report import DeliverableStatus, Status
from llm_roadmap.errors import InvalidInput
from llm_roadmap.model.schema import Text  # noqa: TC001 - pydantic needs it at runtime
from llm_roadmap.model.yamlsource import Located, YamlProblems, read_yaml
from llm_roadmap.ownership import check_comment_marker

if TYPE_CHECKING:
    from rich.console import RenderableType

    from llm_roadmap.deliverables.report import CheckResult, DeliverableReport, Finding, Report
    from llm_roadmap.model.schema import Language
    from llm_roadmap.render import Renderer

CATALOGUE = "checks/messages.yaml"
ICONS = {"passed": "✅", "failed": "❌", "skipped": "⏭️", "not-started": "⏸️"}
STYLES = {"passed": "green", "failed": "red", "skipped": "yellow", "not-started": "dim"}


class CatalogueFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    messages: dict[str, Text]
    hints: dict[str, Text]
    ui: dict[str, Text]
    notes: dict[str, Text]


@dataclass(frozen=True)
class CheckView:
    id: str
    title: str
    kind: str
    status: str
    icon: str
    messages: list[str]
    hints: list[str]
    details: list[str]
    metrics: dict[str, float]
    advice: str | None = None

    @property
    def message(self) -> str:
        return " / ".join(self.messages)


@dataclass(frozen=True)
class DeliverableReportView:
    id: str
    title: str
    folder: str
    status: str
    icon: str
    checks: list[CheckView]
    metrics: dict[str, float]
    marker: str

    @property
    def failed(self) -> list[CheckView]:
        return [c for c in self.checks if c.status == Status.FAILED]

    @property
    def passed_count(self) -> int:
        return sum(1 for c in self.checks if c.status == Status.PASSED)


@dataclass(frozen=True)
class ReportView:
    language: str
    mode: str
    ui: dict[str, str]
    summary: str
    deliverables: list[DeliverableReportView] = field(default_factory=list)
    run_url: str | None = None


class ReportRenderer:
    """Renders check reports in the language of `renderer`, with the templates it reads."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.language: Language = renderer.language

    @cached_property
    def _located(self) -> Located:
        """The catalogue with the position of every entry, to point at one that does not render."""
        path = self.renderer.templates_dir / CATALOGUE
        try:
            return read_yaml(path, Path(self.renderer.templates_dir.name) / CATALOGUE)
        except YamlProblems as exc:
            raise InvalidInput(exc.problems) from None

    @cached_property
    def catalogue(self) -> CatalogueFile:
        return CatalogueFile.model_validate(self._located.data)

    # --- text ----------------------------------------------------------------------------

    def text(self, section: str, code: str, /, **context: Any) -> str:
        entries: dict[str, Text] = getattr(self.catalogue, section)
        if code not in entries:
            raise KeyError(f"{CATALOGUE} has no {section} entry {code!r}")
        line = self._located.position((section, code), prefer_key=True).line
        return self.renderer.translate(entries[code], CATALOGUE, line, **context).strip()

    def ui(self, code: str) -> str:
        return self.text("ui", code)

    def note(self, code: str, /, **context: Any) -> str:
        return self.text("notes", code, **context)

    def ui_labels(self) -> dict[str, str]:
        return {code: self.ui(code) for code in self.catalogue.ui}

    def finding(self, finding: Finding, /, **context: Any) -> tuple[str, str]:
        """(message, hint) for one finding, with the deliverable's folder and ids in scope."""
        values = {**context, **finding.params}
        return self.text("messages", finding.code, **values), self.text("hints", finding.code, **values)

    # --- views ---------------------------------------------------------------------------

    def view(self, report: Report, run_url: str | None = None) -> ReportView:
        deliverables = [self.deliverable_view(d, report.mode) for d in report.deliverables]
        counts = {s: sum(1 for d in report.deliverables if d.status is s) for s in DeliverableStatus}
        summary = self.note(
            "summary",
            passed=counts[DeliverableStatus.PASSED],
            failed=counts[DeliverableStatus.FAILED],
            not_started=counts[DeliverableStatus.NOT_STARTED],
        )
        return ReportView(self.language, report.mode, self.ui_labels(), summary, deliverables, run_url)

    def deliverable_view(self, report: DeliverableReport, mode: str = "cpu") -> DeliverableReportView:
        status = report.status
        return DeliverableReportView(
            id=report.deliverable,
            title=self.renderer.t(report.title) or report.deliverable,
            folder=report.folder,
            status=str(status),
            icon=ICONS[str(status)],
            checks=[self._check_view(report, r) for r in report.results],
            metrics=report.metrics,
            marker=check_comment_marker(report.deliverable, mode),
        )

    def _check_view(self, report: DeliverableReport, result: CheckResult) -> CheckView:
        context = {"folder": report.folder, "deliverable": report.deliverable, "check": result.id}
        pairs = [self.finding(f, **context) for f in result.findings]
        hints = [hint for _, hint in pairs]
        if result.hint is not None and result.status is Status.FAILED:
            hints.append(self.renderer.t(result.hint))
        advice = None
        if any(f.code == "finetune.cuda-oom" for f in result.findings):
            advice = self.note("cuda-oom")
        return CheckView(
            id=result.id,
            title=self.renderer.t(result.title) or self.ui("install"),
            kind=result.kind,
            status=str(result.status),
            icon=ICONS[str(result.status)],
            messages=[message for message, _ in pairs],
            hints=list(dict.fromkeys(hints)),
            details=list(result.details),
            metrics=dict(result.metrics),
            advice=advice,
        )

    # --- outputs -------------------------------------------------------------------------

    def markdown(self, report: Report, run_url: str | None = None) -> str:
        """The job summary: every deliverable, with what failed and how to fix it."""
        return self.renderer.render("checks/summary.md.j2", report=self.view(report, run_url))

    def comment(self, report: DeliverableReport, run_url: str | None = None, mode: str = "cpu") -> str:
        """The sticky comment on one deliverable's issue; starts with its hidden marker."""
        view = self.deliverable_view(report, mode)
        return self.renderer.render(
            "checks/comment.md.j2", deliverable=view, ui=self.ui_labels(), run_url=run_url
        )

    def json(self, report: Report) -> str:
        """The report as JSON, each finding with its message and hint in this language."""
        data = report.model_dump(mode="json")
        data["exit_code"] = report.exit_code
        for d_data, d in zip(data["deliverables"], report.deliverables, strict=True):
            d_data["status"] = str(d.status)
            context = {"folder": d.folder, "deliverable": d.deliverable}
            for r_data, r in zip(d_data["results"], d.results, strict=True):
                for f_data, f in zip(r_data["findings"], r.findings, strict=True):
                    f_data["message"], f_data["hint"] = self.finding(f, check=r.id, **context)
        return json.dumps(data, ensure_ascii=False, indent=2)

    def table(self, report: Report) -> RenderableType:
        """A rich table for the terminal, then each failure's hint and output."""
        view = self.view(report)
        if not view.deliverables:
            return RichText(view.ui["nothing"])
        table = Table(title=view.ui["heading"], show_lines=False)
        for column in ("deliverable", "check", "result", "detail"):
            table.add_column(view.ui[column], overflow="fold")
        for deliverable in view.deliverables:
            self._table_rows(table, deliverable, view.ui)
        return Group(table, *self._failures(view), RichText(view.summary, style="bold"))

    def _table_rows(self, table: Table, deliverable: DeliverableReportView, ui: dict[str, str]) -> None:
        name = f"{deliverable.title}\n[dim]{deliverable.folder}[/dim]"
        if deliverable.status == DeliverableStatus.NOT_STARTED:
            status = RichText(f"{deliverable.icon} {ui['status.not-started']}", style="dim")
            note = deliverable.checks[0].message if deliverable.checks else ""
            table.add_row(name, "", status, note)
            return
        for index, check in enumerate(deliverable.checks):
            status = RichText(f"{check.icon} {ui['status.' + check.status]}", style=STYLES[check.status])
            table.add_row(name if index == 0 else "", check.title, status, check.message)

    def _failures(self, view: ReportView) -> list[RenderableType]:
        parts: list[RenderableType] = []
        for deliverable in view.deliverables:
            for check in deliverable.failed:
                parts.append(RichText(f"\n❌ {deliverable.folder} · {check.title}", style="bold red"))
                parts += [RichText(f"  {m}") for m in check.messages]
                parts += [RichText(f"  {view.ui['hint']}: {h}", style="cyan") for h in check.hints]
                if check.advice:
                    parts.append(RichText(check.advice, style="yellow"))
                parts += [RichText(f"    {line}", style="dim") for line in check.details]
        return parts
